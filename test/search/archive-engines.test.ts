// The search over a store on either engine: the archive reader's SQL runs
// as is on SQLite and PostgreSQL, and instances sharing one store each keep
// their own index file (SEARCH_INDEX_PATH's layout), each finding what
// another connection stored, deep in the text, with topic filters.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArticleStore, type PreparedArticle } from '../../src/store/articles';
import { StoreArchiveReader } from '../../src/search/store-archive';
import { openSearchIndex, searchSources } from '../../src/search/search-sources';
import { SearchService } from '../../src/search/service';
import { forEachEngine } from '../helpers/engines';

const deepText = (words: string) => `${'前面是很长的正文内容。'.repeat(800)} ${words} ${'后面还有一些内容。'.repeat(200)}`;

function article(n: number, over: Partial<PreparedArticle> = {}): PreparedArticle {
  return {
    id: `id${n}`,
    dedupKey: `guid:${n}`,
    source: 'https://blog.example/feed',
    guid: String(n),
    url: `https://blog.example/p/${n}`,
    title: `第 ${n} 篇笔记`,
    summary: deepText(`深处的标记 Wombat${n} 以及袋熊${n}号`),
    contentHash: `h${n}`,
    categories: ['PyTorch'],
    topics: [n % 2 ? 'cv' : 'nlp'],
    publishedAt: `2026-01-${String((n % 28) + 1).padStart(2, '0')}T00:00:00Z`,
    ...over,
  };
}

forEachEngine('the archive reader pages, counts, lists and notices changes', ({ open }) => {
  const db = open();
  const other = open();
  const store = new ArticleStore(db);
  for (let n = 1; n <= 130; n++) store.upsert(article(n), 1000 + n);
  const archive = new StoreArchiveReader(db);
  assert.match(archive.storeId(), /^[0-9a-f]{32}$/);
  const page = archive.after(0, 50, 10);
  assert.equal(page.length, 50);
  assert.deepEqual(page[0]!.categories, ['PyTorch']);
  assert.equal(page[0]!.summary, article(1).summary.slice(0, 10));
  const rows = archive.after(0, 500);
  assert.equal(rows.length, 130);
  assert.equal(archive.countAfter(rows[99]!.seq, 1000), 30);
  assert.equal(archive.countAfter(0, 20), 20);
  assert.equal(archive.count(), 130);
  assert.deepEqual(archive.last(), { seq: rows[129]!.seq, updatedAt: 1130 });
  assert.equal(archive.ids(rows.map((r) => r.seq)).size, 130, 'a list longer than one chunk');
  assert.deepEqual(
    archive.articles(['id120', 'nope', 'id3']).map((a) => a.id),
    ['id120', 'id3'],
  );
  const token = archive.changeToken();
  assert.equal(archive.changeToken(), token);
  new ArticleStore(other).setTopics('id7', ['rl'], 5000);
  assert.notEqual(archive.changeToken(), token, "another connection's change is noticed");
  const mark = { at: 1130, seq: rows[129]!.seq };
  assert.deepEqual(
    archive.changedAfter(mark, rows[129]!.seq, 10).map((a) => [a.id, a.topics]),
    [['id7', ['rl']]],
  );
  assert.equal(archive.countChanged(mark, rows[129]!.seq, 10), 1);
  const before = archive.changeToken();
  // Stamped below the newest updated_at (another instance's clock ahead): the maxima stay put.
  new ArticleStore(other).setTopics('id3', ['rl'], 1050);
  const afterUpdate = archive.changeToken();
  assert.notEqual(afterUpdate, before, 'a change that leaves seq and updated_at maxima as they were is noticed');
  other.prepare('DELETE FROM articles WHERE id = ?').run('id5');
  assert.notEqual(archive.changeToken(), afterUpdate, 'a deleted article is noticed');
});

forEachEngine("the body index's worker thread reads the store through a connection of its own", async ({ engine, target, open }) => {
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-index-'));
  const indexDb = openSearchIndex(join(dir, 'index.db'));
  const writer = new ArticleStore(open());
  for (let n = 1; n <= 30; n++) writer.upsert(article(n), 1000 + n);
  const sources = searchSources(open(), indexDb, engine === 'postgres' ? target : undefined);
  assert.deepEqual(sources.articles.workerSpec()?.engine, engine);
  const s = new SearchService(sources, { bodyWorkerRows: 1, bodySyncRows: 1, bodyRows: 5, snapshot: false });
  try {
    await s.whenReady();
    assert.ok(s.stats.bodyPrepared >= 25, `articles prepared in the worker thread: ${s.stats.bodyPrepared}`);
    assert.equal(s.stats.bodyIndexed, 30);
    assert.deepEqual(
      s.search('袋熊17号').items.map((a) => a.title),
      ['第 17 篇笔记'],
    );
  } finally {
    s.close();
    indexDb.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

forEachEngine('instances sharing one store, each with its own index file, find what any of them stored', async ({ open }) => {
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-index-'));
  const services: SearchService[] = [];
  const indexes = [openSearchIndex(join(dir, 'a.db')), openSearchIndex(join(dir, 'b.db'))];
  try {
    const writer = new ArticleStore(open());
    for (let n = 1; n <= 12; n++) writer.upsert(article(n), 1000 + n);
    for (const indexDb of indexes) services.push(new SearchService(searchSources(open(), indexDb), { bodySyncRows: 5 }));
    for (const s of services) await s.whenReady();
    for (const s of services) {
      assert.deepEqual(
        s.search('袋熊7号').items.map((a) => a.title),
        ['第 7 篇笔记'],
      );
      assert.deepEqual(
        s.search('wombat8', { topic: 'nlp' }).items.map((a) => a.title),
        ['第 8 篇笔记'],
      );
      assert.equal(s.search('wombat8', { topic: 'cv' }).total, 0);
    }
    writer.upsert(article(40), 2000);
    for (const s of services) {
      assert.deepEqual(
        s.search('袋熊40号').items.map((a) => a.title),
        ['第 40 篇笔记'],
        'a new article is found at the next search',
      );
    }
    for (const indexDb of indexes) {
      assert.equal(indexDb.prepare('SELECT count(*) FROM search_body_docs').pluck().get(), 13);
    }
  } finally {
    for (const s of services) s.close();
    for (const indexDb of indexes) indexDb.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
