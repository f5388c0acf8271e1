import { test } from 'node:test';
import assert from 'node:assert/strict';
import { looksBinary, printable } from '../../src/text/printable';

test('terminal escapes and other controls become visible escapes', () => {
  assert.equal(printable('\u001b]0;title\u0007\u001b[2Jok'), '\\x1b]0;title\\x07\\x1b[2Jok');
  assert.equal(printable('a\u0000b\u007fc\u009bd'), 'a\\x00b\\x7fc\\x9bd');
});

test('bidi overrides, zero-width characters and line separators are shown, not obeyed', () => {
  assert.equal(printable('abc\u202eevil\u2066x\u200b\u2028y'), 'abc\\u202eevil\\u2066x\\u200b\\u2028y');
});

test('newlines and tabs become spaces: a quote is one line', () => {
  assert.equal(printable('one\ntwo\r\nthree\tfour'), 'one two  three four');
});

test('clipped by characters, not UTF-16 units, with an ellipsis', () => {
  assert.equal(printable('卷积神经网络', 4), '卷积神经…');
  assert.equal(printable('😀😀😀', 2), '😀😀…');
  assert.equal(printable('short', 80), 'short');
  // Lone surrogates (a cut pair) are escaped rather than printed as garbage.
  assert.equal(printable('a\ud83d'), 'a\\ud83d');
});

test('printable text passes through untouched', () => {
  const text = '卷积 CNN «quoted» — ok';
  assert.equal(printable(text), text);
});

test('looksBinary: NUL or replacement characters mean bytes, not text', () => {
  assert.equal(looksBinary('\u001f\ufffd\b'), true);
  assert.equal(looksBinary('a\u0000b'), true);
  assert.equal(looksBinary('\u001b]0;title'), false);
});
