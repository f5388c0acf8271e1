import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTextArgs, splitWords, validateArgs } from '../../src/core/args';
import { UserError } from '../../src/core/errors';
import search from '../../commands/search';
import subscribe from '../../commands/subscribe';
import type { Command, MessageId } from '../../src/core/types';

const cmd = (c: unknown) => c as Command<unknown>;

/** Matches a UserError with this catalog id (and these parameters, when given). */
const userError = (id: MessageId, params?: object) => (e: unknown) => {
  assert.ok(e instanceof UserError, String(e));
  assert.equal(e.id, id);
  if (params) assert.deepEqual(e.params, params);
  return true;
};

test('words honour quotes', () => {
  assert.deepEqual(splitWords('"prefix tuning" 卷积 「注意力 机制」'), ['prefix tuning', '卷积', '注意力 机制']);
});

test('named options are picked out of free text; the rest is the query', () => {
  assert.deepEqual(parseTextArgs(cmd(search), '卷积 神经网络 page:2'), { query: '卷积 神经网络', page: '2' });
  assert.deepEqual(parseTextArgs(cmd(search), 'topic:cv 分割'), { query: '分割', topic: 'cv' });
  // Unknown "name:value" words are just part of the query.
  assert.deepEqual(parseTextArgs(cmd(search), 'nn.functional:conv2d'), { query: 'nn.functional:conv2d' });
});

test('positional words fill options in order, a variadic option takes the rest', () => {
  assert.deepEqual(parseTextArgs(cmd(subscribe), '09:00 Asia/Shanghai cv nlp'), { time: '09:00', timezone: 'Asia/Shanghai', topics: 'cv nlp' });
});

test('integers are validated with a clear message', () => {
  assert.throws(() => validateArgs(cmd(search), { query: 'x', page: 'two' }), userError('args.not-integer', { name: 'page', value: 'two' }));
  assert.throws(() => validateArgs(cmd(search), { query: 'x', page: '0' }), userError('args.too-small', { name: 'page', min: 1 }));
  assert.deepEqual(validateArgs(cmd(search), { query: 'x', page: '3' }), { query: 'x', page: 3 });
});

test('required options and length caps are enforced', () => {
  assert.throws(() => validateArgs(cmd(search), {}), (e: unknown) => {
    userError('args.missing')(e);
    // The option's own description, in each reader's language.
    assert.equal((e as UserError).text('en'), 'Missing query: What to search for');
    assert.equal((e as UserError).text('zh'), '缺少参数 query: 搜索内容');
    return true;
  });
  assert.throws(() => validateArgs(cmd(search), { query: 'x'.repeat(10_000) }), userError('args.too-long', { name: 'query', max: 200 }));
});
