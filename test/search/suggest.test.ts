import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editDistance, suggestQueries, type Vocabulary } from '../../src/search/suggest';

/** A vocabulary over a fixed set of documents, each a list of terms. */
function vocabulary(docs: string[][]): Vocabulary {
  const ids = (term: string) => new Set(docs.flatMap((d, i) => (d.includes(term) ? [String(i)] : [])));
  return {
    docs: ids,
    near: (term, maxDistance) =>
      [...new Set(docs.flat())].filter((t) => editDistance(t, term) <= maxDistance).map((t) => ({ term: t, count: ids(t).size })),
  };
}

test('editDistance counts insertions, deletions and substitutions', () => {
  assert.equal(editDistance('transformer', 'transformer'), 0);
  assert.equal(editDistance('transfomer', 'transformer'), 1);
  assert.equal(editDistance('tensorflwo', 'tensorflow'), 2);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('卷积', '卷机'), 1);
});

test('a typo is replaced by the nearest word, the more common one first on a tie', () => {
  const vocab = vocabulary([['pooling'], ['pooling'], ['polling'], ['transformer']]);
  assert.deepEqual(suggestQueries('poolling', vocab), ['pooling', 'polling']);
});

test('words that match are kept as typed in a suggestion', () => {
  const vocab = vocabulary([['transformer', 'attention']]);
  assert.deepEqual(suggestQueries('transformer atention', vocab), ['transformer attention']);
});

test('a Chinese run with no match is cut to its longest occurring parts', () => {
  const vocab = vocabulary([
    ['强化', '化学', '学习', '习'],
    ['量子', '子'],
  ]);
  const suggestions = suggestQueries('强化学习量子', vocab);
  assert.deepEqual(suggestions, ['强化学习', '量子']);
});

test('nothing to suggest when the query matches as typed, or nothing is close', () => {
  const vocab = vocabulary([['transformer']]);
  assert.deepEqual(suggestQueries('transformer', vocab), []);
  assert.deepEqual(suggestQueries('zzzzzz', vocab), []);
});

test('the limit caps the number of suggestions', () => {
  const vocab = vocabulary([['pooling'], ['polling'], ['pulling']]);
  assert.equal(suggestQueries('poolling', vocab, 1).length, 1);
});
