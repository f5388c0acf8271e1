import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanEntryText, collapseWhitespace, normalizeWhitespace } from '../../src/text/normalize';

test('every kind and run of whitespace becomes one plain space; single spaces stay', () => {
  assert.equal(normalizeWhitespace('  a\tb\r\n\r\nc\u00a0d\u3000\u3000e  f g\u2028h\ufeff '), 'a b c d e f g h');
  assert.equal(collapseWhitespace(' a  b '), ' a b ');
  assert.equal(normalizeWhitespace('卷积 神经\n网络'), '卷积 神经 网络');
  assert.equal(normalizeWhitespace(' \n\t '), '');
});

test('snapshot text loses its placeholders and their spacing', () => {
  assert.equal(cleanEntryText('公式如下 [公式] 其中\n\n[Image]  x'), '公式如下 其中 x');
});
