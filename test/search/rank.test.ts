import { test } from 'node:test';
import assert from 'node:assert/strict';
import { phraseBands, stackBands } from '../../src/search/rank';

const texts: Record<string, { title: string; body: string }> = {
  whole: { title: '笔记', body: '自注意力机制的计算' },
  titled: { title: '注意力机制', body: '概述' },
  scattered: { title: '注意力与机制', body: '注意力 动力机组 机制' },
};
const opts = { phrases: ['注意力机制'], textOf: (id: string) => texts[id], tieBreak: () => 0 };

test('articles containing the phrase come before higher-scoring ones that do not', () => {
  const bands = phraseBands(new Map([['scattered', 10], ['whole', 2], ['titled', 1]]), opts);
  const order = stackBands(bands).map((h) => h.id);
  assert.equal(order[order.length - 1], 'scattered');
});

test('a phrase in the title earns a bonus over one in the body', () => {
  const order = stackBands(phraseBands(new Map([['whole', 1], ['titled', 1]]), opts)).map((h) => h.id);
  assert.deepEqual(order, ['titled', 'whole']);
});

test('without phrases, candidates are ordered by score', () => {
  const order = stackBands(phraseBands(new Map([['a', 1], ['b', 3], ['c', 2]]), { ...opts, phrases: [] }));
  assert.deepEqual(order.map((h) => h.id), ['b', 'c', 'a']);
});

test('stacked scores never increase down the list', () => {
  const out = stackBands([[{ id: 'a', score: 2 }, { id: 'b', score: 1 }], [{ id: 'c', score: 50 }, { id: 'd', score: 5 }], [], [{ id: 'e', score: 0.5 }]]);
  assert.deepEqual(out.map((h) => h.id), ['a', 'b', 'c', 'd', 'e']);
  const scores = out.map((h) => h.score);
  assert.deepEqual(scores, [...scores].sort((x, y) => y - x));
  assert.ok(scores.every((s) => s > 0));
});
