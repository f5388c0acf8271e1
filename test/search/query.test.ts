import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Glossary } from '../../src/search/glossary';
import { EXPANSION_WEIGHT, planQuery, type PlanNode, type TermNode } from '../../src/search/query';

const glossary = new Glossary();

function termsOf(node: PlanNode): TermNode[] {
  return node.op === 'term' ? [node] : node.nodes.flatMap(termsOf);
}

function term(node: PlanNode, text: string): TermNode {
  const found = termsOf(node).find((t) => t.term === text);
  assert.ok(found, `no term ${text}`);
  return found;
}

test('each word of a query is a unit of its own', () => {
  assert.equal(planQuery('transformer bert', glossary).units.length, 2);
});

test('a glossary phrase is one unit whose translations weigh less', () => {
  const plan = planQuery('face recognition', glossary);
  assert.equal(plan.units.length, 1);
  const node = plan.units[0]!.node;
  assert.equal(node.op, 'any');
  if (node.op !== 'any') return;
  assert.equal(node.weights[0], 1);
  assert.ok(node.weights.slice(1).every((w) => w === EXPANSION_WEIGHT && w < 1));
  assert.ok(termsOf(node).some((t) => t.term === '人脸'));
});

test('Chinese runs are cut at glossary words', () => {
  const plan = planQuery('卷积层', glossary);
  assert.equal(plan.units.length, 2);
  assert.ok(termsOf(plan.units[0]!.node).some((t) => t.term === 'convolution'));
  assert.deepEqual(
    termsOf(plan.units[1]!.node).map((t) => t.term),
    ['层'],
  );
});

test('longer Chinese units count for more', () => {
  const plan = planQuery('注意力机制原理', glossary);
  assert.equal(plan.units.length, 2);
  assert.ok(plan.units[0]!.weight > plan.units[1]!.weight);
});

test('typo tolerance only for Latin words of four letters or more, never for translations', () => {
  assert.ok(term(planQuery('transfomer', glossary).units[0]!.node, 'transfomer').fuzzy);
  assert.equal(term(planQuery('gan', glossary).units[0]!.node, 'gan').fuzzy, false);
  assert.equal(term(planQuery('卷积', glossary).units[0]!.node, '卷积').fuzzy, false);
  assert.equal(term(planQuery('卷积', glossary).units[0]!.node, 'convolution').fuzzy, false);
  assert.equal(term(planQuery('2017', glossary).units[0]!.node, '2017').fuzzy, false);
});

test('prefix search for Latin words of three letters or more and single Chinese characters', () => {
  assert.ok(term(planQuery('segm', glossary).units[0]!.node, 'segm').prefix);
  assert.equal(term(planQuery('tf', glossary).units[0]!.node, 'tf').prefix, false);
  assert.ok(term(planQuery('层', glossary).units[0]!.node, '层').prefix);
  assert.equal(term(planQuery('注意力', glossary).units[0]!.node, '注意').prefix, false);
});

test('compound words can also match by their pieces', () => {
  const node = planQuery('PrefixTuning', glossary).units[0]!.node;
  for (const t of ['prefixtuning', 'prefix', 'tuning']) term(node, t);
});

test('stop words are dropped unless they are the whole query', () => {
  assert.equal(planQuery('the transformer', glossary).units.length, 1);
  assert.equal(planQuery('the', glossary).units.length, 1);
});

test('phrases: Chinese runs and consecutive Latin words as typed', () => {
  assert.deepEqual(planQuery('Word Embedding 注意力機制', glossary).phrases, ['word embedding', '注意力机制']);
  assert.deepEqual(planQuery('transformer', glossary).phrases, []);
});

test('a query with nothing searchable plans no units', () => {
  assert.equal(planQuery('!!! ??? 。', glossary).units.length, 0);
});

test('function characters between glossary words are not required', () => {
  const plan = planQuery('卷积和池化', glossary);
  assert.equal(plan.units.length, 2);
  assert.ok(!plan.units.some((u) => termsOf(u.node).some((t) => t.term === '和')));
  assert.equal(planQuery('的', glossary).units.length, 1);
});

test('a word said twice is planned once', () => {
  const g = new Glossary();
  assert.deepEqual(planQuery('transformer transformer', g).units, planQuery('transformer', g).units);
  assert.deepEqual(planQuery('对比学习对比学习', g).units, planQuery('对比学习', g).units);
  assert.equal(planQuery('transformer 对比学习 transformer', g).units.length, 2);
});
