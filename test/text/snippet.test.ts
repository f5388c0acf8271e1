import { test } from 'node:test';
import assert from 'node:assert/strict';
import { graphemeLength, snippet, truncateGraphemes } from '../../src/text/snippet';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

test('short text comes back whole, on one line', () => {
  assert.equal(snippet('  Attention\n\nis   all\tyou need  ', 50), 'Attention is all you need');
  assert.equal(snippet('注意力机制\n就是你所需要的', 50), '注意力机制 就是你所需要的');
  assert.equal(snippet('exactly ten', 11), 'exactly ten');
  assert.equal(snippet('   \n  ', 10), '');
});

test('long text is cut to the budget, ellipsis included', () => {
  const s = snippet('abcdefghijklmnopqrstuvwxyz', 10);
  assert.equal(s, 'abcdefghi…');
  assert.equal(graphemeLength(s), 10);
});

test('cuts at a word boundary when one is near the end of the budget', () => {
  assert.equal(snippet('Hello world, this is a long sentence about transformers', 20), 'Hello world, this…');
  // the first dropped character is a space: the hard cut is already at a word boundary
  assert.equal(snippet('abcdefgh ijkl', 9), 'abcdefgh…');
});

test('cuts Chinese text after a clause, without leaving the punctuation dangling', () => {
  const text = '今天我们讨论大型语言模型的训练方法，包括预训练和微调两个阶段。';
  assert.equal(snippet(text, 20), '今天我们讨论大型语言模型的训练方法…');
});

test('hard cut when no boundary is close to the end', () => {
  assert.equal(snippet('今天我们讨论大型语言模型的训练方法包括预训练和微调', 10), '今天我们讨论大型语…');
  assert.equal(snippet('a ' + 'x'.repeat(30), 10), 'a xxxxxxx…', 'a space far back is not worth losing most of the budget');
});

test('never breaks emoji sequences, flags or combining marks', () => {
  const family = '👨‍👩‍👧‍👦';
  const cases = [family.repeat(10), '👍🏽'.repeat(10), '🇨🇳🇩🇪'.repeat(10), 'e\u0301'.repeat(20), '😀'.repeat(20)];
  for (const text of cases) {
    for (let max = 1; max <= 8; max++) {
      const s = snippet(text, max);
      assert.ok(graphemeLength(s) <= max, `${JSON.stringify(s)} over ${max}`);
      assert.ok(s.endsWith('…'));
      assert.ok(text.startsWith(s.slice(0, -1)), `${JSON.stringify(s)} is not a prefix made of whole clusters`);
      assert.equal(graphemeLength(s.slice(0, -1)) + 1, graphemeLength(s), 'ellipsis did not merge into a cluster');
      assert.doesNotMatch(s, LONE_SURROGATE);
    }
  }
  assert.equal(snippet(family.repeat(10), 5), family.repeat(4) + '…');
  assert.equal(snippet('🇨🇳🇩🇪🇨🇳🇩🇪', 3), '🇨🇳🇩🇪…');
});

test('a huge text whose start is mostly whitespace still fills the budget', () => {
  const text = 'a' + ' \n'.repeat(5000) + 'b'.repeat(100);
  assert.equal(snippet(text, 6), 'a bbb…');
});

test('a 100 KB text: clusters at the edge of the examined prefix stay whole', () => {
  // Correctness with the window: clusters straddling the first window edge must stay whole.
  for (const unit of ['文', '😀', '👨‍👩‍👧‍👦', 'e\u0301\u0302']) {
    const text = unit.repeat(Math.ceil(100_000 / unit.length));
    const s = snippet(text, 120);
    assert.equal(s, unit.repeat(119) + '…');
  }
});

test('zero or negative budgets give an empty string', () => {
  assert.equal(snippet('abc', 0), '');
  assert.equal(snippet('abc', -3), '');
  assert.equal(snippet('abc', 1), '…');
});

test('truncateGraphemes keeps text that fits and cuts whole clusters otherwise', () => {
  assert.equal(truncateGraphemes('hello', 5), 'hello');
  assert.equal(truncateGraphemes('hello world', 5), 'hell…');
  assert.equal(truncateGraphemes('hello world', 5, ''), 'hello');
  assert.equal(truncateGraphemes('👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦', 2), '👨‍👩‍👧‍👦…');
  assert.equal(truncateGraphemes('line\nbreaks  kept', 100), 'line\nbreaks  kept');
});

test('graphemeLength counts user-perceived characters', () => {
  assert.equal(graphemeLength(''), 0);
  assert.equal(graphemeLength('机器学习'), 4);
  assert.equal(graphemeLength('👨‍👩‍👧‍👦'), 1);
  assert.equal(graphemeLength('🇨🇳'), 1);
  assert.equal(graphemeLength('e\u0301'), 1);
  assert.equal(graphemeLength('a😀b'), 3);
});
