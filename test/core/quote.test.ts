import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clipQuote, QUOTE_MAX } from '../../src/core/quote';
import { graphemeLength } from '../../src/text/graphemes';

test('short text is quoted as typed', () => {
  assert.equal(clipQuote('Asia/Shanghia'), 'Asia/Shanghia');
  assert.equal(clipQuote('卷积神经网络'), '卷积神经网络');
});

test('long text is cut to a short line ending in "…"', () => {
  for (const text of ['<'.repeat(3900), '扩散'.repeat(5000), '👨‍👩‍👧 '.repeat(2000), 'a\u0301'.repeat(4000)]) {
    const q = clipQuote(text);
    assert.ok(graphemeLength(q) <= QUOTE_MAX, q);
    assert.ok(q.endsWith('…'));
  }
});

test('a text cut for its length says so even when what is left after cleaning is short', () => {
  const q = clipQuote('x' + ' '.repeat(10_000) + 'y');
  assert.equal(q, 'x…');
});

test('controls, line breaks and direction overrides never reach the message', () => {
  const q = clipQuote('a\nb\r\nc\u0007d\u202ee\u001b[2J');
  assert.equal(q, 'a b c d e [2J');
});
