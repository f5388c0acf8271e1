import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTextArgs, splitWords, validateArgs } from '../../src/core/args';
import { UserError } from '../../src/core/errors';
import search from '../../commands/search';
import subscribe from '../../commands/subscribe';
import type { Command } from '../../src/core/types';

const cmd = (c: unknown) => c as Command<unknown>;

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
  assert.throws(() => validateArgs(cmd(search), { query: 'x', page: 'two' }), (e: unknown) => e instanceof UserError && /whole number/.test(e.userMessage.en) && /整数/.test(e.userMessage.zh));
  assert.throws(() => validateArgs(cmd(search), { query: 'x', page: '0' }), (e: unknown) => e instanceof UserError && /at least 1/.test(e.userMessage.en));
  assert.deepEqual(validateArgs(cmd(search), { query: 'x', page: '3' }), { query: 'x', page: 3 });
});

test('required options and length caps are enforced', () => {
  assert.throws(() => validateArgs(cmd(search), {}), (e: unknown) => e instanceof UserError && /Missing query/.test(e.userMessage.en));
  assert.throws(() => validateArgs(cmd(search), { query: 'x'.repeat(10_000) }), (e: unknown) => e instanceof UserError && /too long/.test(e.userMessage.en));
});
