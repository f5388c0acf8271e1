// The body index's text prepared in a worker thread (body-feed.ts) while the
// main thread writes: the index ends up exactly as when every row is
// prepared inside the indexing transaction — same tokens at the same
// positions, same vocabulary term ids — and a prepared row whose article
// changed before it was written is prepared again from what the article says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedSampleIfEmpty } from '../../src/app';
import { openDatabase, type DB } from '../../src/store/db';
import { ArticleStore } from '../../src/store/articles';
import { SearchService, type SearchServiceOptions } from '../../src/search/service';
import { searchSources } from '../../src/search/search-sources';
import { BodyIndex, ensureBodyTables } from '../../src/search/body-index';
import { prepareRow } from '../../src/search/body-prep';
import { BodyFeed } from '../../src/search/body-feed';
import type { Logger } from '../../src/core/log';
import { searchDb, type Entry } from '../helpers/search-db';
import { requireSqlite } from '../../src/store/db';

const extra: Entry[] = Array.from({ length: 60 }, (_, i) => ({
  guid: `x-${i}`,
  title: `第 ${i} 篇：UpsamplingBilinear2d 與 tf_export 的測試`,
  text: `${'卷積神經網絡在圖像識別中的應用，ResNet50 和 ViT-B/16 的對比。'.repeat(1 + (i % 7))} 結尾 Wombat${i} 袋熊${i}號 ＡＢＣ１２３`,
  categories: [`標籤${i % 3}`, 'PyTorch'],
}));

/** Everything the body index holds: token instances, vocabulary with ids, per-article signatures, coverage. */
function contents(db: DB) {
  db.exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.body_vocab USING fts5vocab(main, search_body, instance)');
  return {
    instances: db.prepare('SELECT term, doc, col, offset FROM temp.body_vocab ORDER BY term, doc, col, offset').all(),
    terms: db.prepare('SELECT id, term FROM search_terms ORDER BY id').all(),
    docs: db.prepare('SELECT seq, sig FROM search_body_docs ORDER BY seq').all(),
    meta: db.prepare("SELECT key, value FROM search_meta WHERE key LIKE 'body%' AND key != 'body_id' ORDER BY key").all(),
  };
}

async function indexCopy(path: string, options: SearchServiceOptions) {
  const db = openDatabase(path);
  const search = new SearchService(searchSources(db), { snapshot: false, bodyRows: 25, ...options });
  await search.whenReady();
  const stats = search.stats;
  const out = { contents: contents(db), stats, count: new ArticleStore(db).count() };
  search.close();
  db.close();
  return out;
}

test('text prepared in a worker thread indexes exactly as text prepared inline', async () => {
  const t = searchDb();
  try {
    await seedSampleIfEmpty(t.app);
    t.app.ingest({ source: 'extra', entries: extra.map((e) => ({ ...e })) });
    requireSqlite(t.app.db, 'this test').pragma('wal_checkpoint(TRUNCATE)');
    const stored = join(t.dir, 'stored.db');
    copyFileSync(t.dbPath, stored);
    const inlinePath = join(t.dir, 'inline.db');
    const workerPath = join(t.dir, 'worker.db');
    copyFileSync(stored, inlinePath);
    copyFileSync(stored, workerPath);
    const inline = await indexCopy(inlinePath, { bodyWorkerRows: Infinity });
    const worker = await indexCopy(workerPath, { bodyWorkerRows: 1 });
    assert.equal(inline.stats.bodyPrepared, 0);
    assert.equal(worker.stats.bodyPrepared, worker.count, 'every article prepared by the worker');
    assert.equal(worker.stats.bodyIndexed, worker.count);
    assert.ok(inline.contents.instances.length > 10_000, 'a real amount of text');
    assert.deepEqual(worker.contents, inline.contents);
  } finally {
    t.close();
  }
});

test('a prepared row whose article changed since is prepared again from the article', () => {
  const t = searchDb([{ guid: 'a', title: 'Wombat notes', text: '袋熊的日常观察与记录', categories: [] }]);
  try {
    const db = requireSqlite(t.app.db, 'this test');
    const src = { db, articles: searchSources(db).articles, own: false };
    assert.ok(ensureBodyTables(src));
    const row = src.articles.after(0, 1)[0]!;
    const stale = prepareRow({ ...row, title: 'Platypus notes', summary: '鸭嘴兽', contentHash: 'older' });
    const index = new BodyIndex(src);
    const r = index.step({ maxChars: 1e6, maxRows: 10 }, () => false, new Map([[row.seq, stale]]));
    assert.equal(r.indexed, 1);
    assert.deepEqual(index.seqs('wombat', 10), [row.seq]);
    assert.deepEqual(index.seqs('"袋熊"', 10), [row.seq]);
    assert.deepEqual(index.seqs('platypus', 10), [], 'nothing of the stale text');
  } finally {
    t.close();
  }
});

test('a preparation thread that cannot read the database ends the feed, saying so once', async () => {
  const warnings: string[] = [];
  const log: Logger = { debug() {}, info() {}, warn: (msg: string) => void warnings.push(msg), error() {}, child: () => log };
  const feed = new BodyFeed(
    {
      archive: { engine: 'sqlite', path: join(import.meta.dirname, 'no-such-dir', 'feedbot.db') },
      after: 0,
      maxRows: 10,
      maxChars: 1e6,
    },
    2,
    log,
  );
  assert.equal(await feed.next(), null);
  assert.equal(await feed.next(), null);
  feed.close();
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /preparation thread failed/);
});
