// Ranking at scale: articles about a term (naming it in the title or the
// opening of the lead) come before the many that mention it in passing, and
// the order is consistent however it is paged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArticleIndex, type IndexDoc } from '../../src/search/index';

let seen = Date.parse('2026-01-01T00:00:00Z');

function doc(id: string, title: string, summary: string): IndexDoc {
  return { id, title, summary, topics: [], publishedAt: null, firstSeenAt: (seen += 1000) };
}

const filler = (n: number) => '本文记录一次实验的过程和结果,'.repeat(n);

function indexOf(docs: IndexDoc[]): ArticleIndex {
  const index = new ArticleIndex();
  index.addAll(docs);
  return index;
}

const ids = (index: ArticleIndex, q: string, limit = 5) => index.search(q, { limit }).hits.map((h) => h.id);

test('the title, then the opening of the lead, beat mentions in passing — even frequent ones', () => {
  const passing = Array.from({ length: 30 }, (_, i) =>
    doc(`passing-${i}`, `推荐系统笔记 ${i}`, `${filler(4)}顺便提到卷积,卷积,还有卷积。`),
  );
  const index = indexOf([
    ...passing,
    doc('opening', '一次实验', `卷积层的设计要点。${filler(3)}`),
    doc('title', '卷积网络入门', filler(5)),
  ]);
  assert.deepEqual(ids(index, '卷积', 2), ['title', 'opening']);
});

test('a translation of the whole phrase counts as the phrase, early beats late', () => {
  const index = indexOf([
    doc('late-literal', '语音识别笔记', `${filler(5)}我们也试了 face recognition 的数据。`),
    doc('early-translated', '超多分类的Softmax', '两篇人脸识别论文:DeepFace 和 DeepID。'),
  ]);
  assert.equal(ids(index, 'face recognition')[0], 'early-translated');
});

test('typos and prefixes are judged by the word they stand for', () => {
  const index = indexOf([
    doc('late', '随笔', `${filler(5)}顺便说一句 tensorflow 的事。`),
    doc('early', '@tf_export 为函数取了个名字', 'Tensorflow 源码中常见的修饰符。'),
  ]);
  assert.equal(ids(index, 'tensorflwo')[0], 'early');
  assert.equal(ids(index, 'tensorf')[0], 'early');
});

test('paging walks one consistent order and scores never increase', () => {
  const docs = Array.from({ length: 40 }, (_, i) =>
    doc(`d${i}`, i % 7 === 0 ? `注意力机制 ${i}` : `笔记 ${i}`, `${filler(i % 5)}注意力机制${'。'.repeat(i % 3)}`),
  );
  const index = indexOf(docs);
  const all = index.search('注意力机制', { limit: 100 });
  assert.equal(all.total, 40);
  const paged = [0, 5, 10, 15, 20, 25, 30, 35].flatMap((offset) => index.search('注意力机制', { limit: 5, offset }).hits);
  assert.deepEqual(
    paged.map((h) => h.id),
    all.hits.map((h) => h.id),
  );
  const scores = all.hits.map((h) => h.score);
  assert.deepEqual(
    scores,
    [...scores].sort((a, b) => b - a),
  );
  // Titles first.
  assert.deepEqual(
    all.hits
      .slice(0, 6)
      .map((h) => h.id)
      .sort(),
    ['d0', 'd14', 'd21', 'd28', 'd35', 'd7'],
  );
});
