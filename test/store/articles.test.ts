// The article store on both engines: insert-or-update by dedup key, edits, topics, and the
// reads commands, digests and search use.
import assert from 'node:assert/strict';
import { ArticleStore, type PreparedArticle } from '../../src/store/articles';
import { forEachEngine } from '../helpers/engines';

function entry(n: number, over: Partial<PreparedArticle> = {}): PreparedArticle {
  return {
    id: `id${n}`,
    dedupKey: `guid:${n}`,
    source: 'https://blog.example/feed',
    guid: String(n),
    url: `https://blog.example/p/${n}`,
    title: `文章 ${n}: Transformer 注意力机制`,
    summary: `第 ${n} 篇的正文，讲自注意力与位置编码。`,
    contentHash: `h${n}`,
    categories: ['NLP'],
    topics: ['nlp'],
    publishedAt: `2026-01-${String(n).padStart(2, '0')}T00:00:00Z`,
    ...over,
  };
}

forEachEngine('articles are added once, updated in place by dedup key, and unchanged re-ingests change nothing', ({ open }) => {
  const store = new ArticleStore(open());
  const a = store.upsert(entry(1), 1000);
  assert.equal(a.outcome, 'added');
  assert.equal(a.article.seq, 1);
  assert.equal(store.upsert(entry(2), 1001).article.seq, 2, 'seq follows insertion');
  assert.equal(store.upsert(entry(1), 2000).outcome, 'unchanged');
  assert.equal(store.count(), 2);
  const edited = store.upsert(
    entry(1, { title: '文章 1: 全新的标题', summary: '完全改写的正文，讲扩散模型的采样。', contentHash: 'h1b' }),
    3000,
  );
  assert.equal(edited.outcome, 'updated');
  assert.equal(edited.article.seq, 1, 'an update keeps its seq');
  assert.equal(edited.article.editedSeq, 1, 'a meaningful edit gets the next edit number');
  assert.equal(edited.article.updatedAt, 3000);
  assert.equal(store.editWatermarkNow(), 1);
  assert.deepEqual(
    store.editedAfter(0).map((x) => x.id),
    ['id1'],
  );
  assert.deepEqual(store.get('id1')!.categories, ['NLP']);
  assert.equal(store.get('nope'), undefined);
  assert.deepEqual(
    store.findByTitle('文章 2: Transformer 注意力机制').map((x) => x.id),
    ['id2'],
  );
  assert.equal(store.maxUpdatedAt(), 3000);
});

forEachEngine('topics: counts, browsing newest first, topic filters and re-classification', ({ open }) => {
  const store = new ArticleStore(open());
  store.upsert(entry(1, { topics: ['nlp', 'llm'] }), 1000);
  store.upsert(entry(2, { topics: ['cv'] }), 1001);
  store.upsert(entry(3, { topics: ['nlp'] }), 1002);
  assert.deepEqual(Object.fromEntries(store.topicCounts()), { nlp: 2, llm: 1, cv: 1 });
  const nlp = store.byTopic('nlp', 10);
  assert.equal(nlp.total, 2);
  assert.deepEqual(
    nlp.items.map((a) => a.id),
    ['id3', 'id1'],
    'newest published first',
  );
  assert.deepEqual(
    store.latestInTopics(['cv', 'llm'], 10).map((a) => a.id),
    ['id2', 'id1'],
  );
  assert.deepEqual(
    store.latestInTopics([], 2).map((a) => a.id),
    ['id3', 'id2'],
  );
  assert.equal(store.setTopics('id2', ['cv', 'nlp'], 2000), true);
  assert.equal(store.setTopics('id2', ['cv', 'nlp'], 2001), false, 'the same topics change nothing');
  assert.equal(store.byTopic('nlp', 10).total, 3);
  assert.equal(store.countSeqRange(0, 3, ['nlp']), 3);
  assert.equal(store.countSeqRange(1, 3, ['cv', 'nlp']), 2, 'an article in two topics counts once');
  assert.equal(store.countSeqRange(1, 3, []), 2);
  store.setTitle('id3', '新标题', 2500);
  assert.equal(store.get('id3')!.title, '新标题');
  assert.equal(store.get('id3')!.updatedAt, 2500);
});

forEachEngine('watermarks and the reads after them follow seq', ({ open }) => {
  const store = new ArticleStore(open());
  assert.deepEqual(store.watermarkNow(), { firstSeenAt: 0, seq: 0 });
  for (let n = 1; n <= 5; n++) store.upsert(entry(n), 1000 * n);
  assert.deepEqual(store.watermarkNow(), { firstSeenAt: 5000, seq: 5 });
  assert.deepEqual(store.watermarkAt(3500), { firstSeenAt: 3000, seq: 3 });
  assert.deepEqual(
    store.seenAfter(3).map((a) => a.id),
    ['id4', 'id5'],
  );
  assert.deepEqual(store.candidateKeysAfter(4), [{ seq: 5, id: 'id5', topics: ['nlp'], firstSeenAt: 5000 }]);
  assert.deepEqual(
    store.changedSince(3000).map((a) => a.id),
    ['id4', 'id5'],
  );
  assert.deepEqual(
    store.latest(2, 1).map((a) => a.id),
    ['id4', 'id3'],
  );
  assert.equal(store.bySeq(2)!.id, 'id2');
  assert.deepEqual(
    store.getMany(['id5', 'x', 'id1']).map((a) => a.id),
    ['id5', 'id1'],
  );
});

forEachEngine('iterating the archive reads it in pages, every article once, in order', ({ open }) => {
  const db = open();
  const store = new ArticleStore(db);
  db.transaction(() => {
    for (let n = 1; n <= 25; n++) store.upsert(entry(n), n);
  })();
  const seen: string[] = [];
  for (const a of store.iterate(10)) {
    seen.push(a.id);
    // The connection is free between rows: another statement may run mid-iteration.
    if (a.seq === 10) assert.equal(store.count(), 25);
  }
  assert.deepEqual(
    seen,
    Array.from({ length: 25 }, (_, i) => `id${i + 1}`),
  );
  assert.deepEqual(
    store.all().map((a) => a.seq),
    Array.from({ length: 25 }, (_, i) => i + 1),
  );
});
