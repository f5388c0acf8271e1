import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTextArgs, splitWords, validateArgs } from '../../src/core/args';
import { UserError } from '../../src/core/errors';
import search from '../../commands/search';
import subscribe from '../../commands/subscribe';
import latest from '../../commands/latest';
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
  assert.deepEqual(parseTextArgs(cmd(subscribe), '09:00 Asia/Shanghai cv nlp'), {
    time: '09:00',
    timezone: 'Asia/Shanghai',
    topics: 'cv nlp',
  });
});

test('integers are validated with a clear message', () => {
  assert.throws(
    () => validateArgs(cmd(search), { query: 'x', page: 'two' }),
    userError('args.not-integer', { name: 'page', value: 'two' }),
  );
  assert.throws(() => validateArgs(cmd(search), { query: 'x', page: '0' }), userError('args.too-small', { name: 'page', min: 1 }));
  assert.deepEqual(validateArgs(cmd(search), { query: 'x', page: '3' }), { query: 'x', page: 3 });
});

test('required options and length caps are enforced', () => {
  assert.throws(
    () => validateArgs(cmd(search), {}),
    (e: unknown) => {
      userError('args.missing')(e);
      // The option's own description, in each reader's language.
      assert.equal((e as UserError).text('en'), 'Missing query: What to search for');
      assert.equal((e as UserError).text('zh'), '缺少参数 query: 搜索内容');
      return true;
    },
  );
  assert.throws(() => validateArgs(cmd(search), { query: 'x'.repeat(10_000) }), userError('args.too-long', { name: 'query', max: 200 }));
});

/** The longest run of `text` that also appears in `message`: how much of the input was echoed. */
function echoed(message: string, text: string): number {
  let best = 0;
  for (let i = 0; i < text.length; i += 97) {
    let n = 0;
    while (i + n < text.length && message.includes(text.slice(i, i + n + 1))) n++;
    best = Math.max(best, n);
  }
  return best;
}

test('every option of every command has a length limit, enforced before its value is read', async () => {
  const { commands } = await import('../../commands/index');
  for (const c of commands) {
    for (const opt of c.options) {
      assert.ok(
        Number.isInteger(opt.maxLength) && opt.maxLength > 0 && opt.maxLength <= 300,
        `${c.name} ${opt.name}: maxLength ${opt.maxLength}`,
      );
      const long = 'x'.repeat(opt.maxLength) + '<'.repeat(3900);
      assert.throws(
        () => validateArgs(cmd(c), { [opt.name]: long }),
        (e: unknown) =>
          e instanceof UserError && e.text('en').length < 200 && e.text('zh').length < 200 && echoed(e.text('en'), long) <= 40,
        `${c.name} ${opt.name}`,
      );
    }
  }
});

test('error messages quote at most a short, clipped piece of what was typed', () => {
  const tail = '<'.repeat(3900);
  const cases: [Command<unknown>, string][] = [
    [cmd(latest), `1 ${tail}`],
    [cmd(latest), `1${tail}`],
    [cmd(search), `x topic:${tail}`],
    [cmd(search), `x page:${'9'.repeat(3900)}`],
  ];
  for (const [c, text] of cases) {
    assert.throws(
      () => validateArgs(c, parseTextArgs(c, text)),
      (e: unknown) =>
        e instanceof UserError && e.text('en').length < 200 && echoed(e.text('en'), text) <= 40 && /…|too long/.test(e.text('en')),
      text.slice(0, 30),
    );
  }
  assert.throws(
    () => validateArgs(cmd(latest), { ['n'.repeat(5000)]: 1 }),
    (e: unknown) => e instanceof UserError && e.text('en').length < 100,
  );
});

test('a value at its length limit is accepted', () => {
  assert.deepEqual(validateArgs(cmd(latest), { n: '0000000003' }), { n: 3 });
  assert.equal(validateArgs(cmd(search), { query: '扩'.repeat(200) }).query, '扩'.repeat(200));
});

test('quotes may be left open: the words are still found, in one pass', () => {
  assert.deepEqual(splitWords('“a b 「c'), ['“a', 'b', '「c']);
  assert.deepEqual(splitWords('"a" "b c'), ['a', '"b', 'c']);
  assert.deepEqual(splitWords('ab"c d" 「x」'), ['ab"c', 'd"', 'x']);
  // Openers without a closer: doubling the text at most doubles the characters looked at
  // (one scan for the missing closer, not one per opener).
  for (const unit of ['“a ', '「a ', '"a ', 'a “b ']) {
    const small = { scanned: 0 };
    const big = { scanned: 0 };
    assert.equal(splitWords(unit.repeat(2_000), small).length, 2_000 * unit.trim().split(' ').length);
    splitWords(unit.repeat(4_000), big);
    assert.ok(big.scanned <= 2.5 * small.scanned, `${unit}: ${small.scanned} → ${big.scanned}`);
  }
});
