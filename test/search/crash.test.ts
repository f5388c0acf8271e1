// SIGKILL while the search indexes are being written. The saved head index
// is written to a temporary file and renamed: a kill mid-write leaves the
// previous snapshot in use, and the next start catches up from it. The body
// index is written in transactions that also move its coverage: a kill
// mid-transaction leaves it as of the last commit, never half an article.
// Either way the next start answers correctly, with nothing rebuilt — the
// indexes inside the database or in a file of their own (SEARCH_INDEX_PATH).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { seedSampleIfEmpty } from '../../src/app';
import { searchDb, type SearchDb } from '../helpers/search-db';

const ROOT = join(import.meta.dirname, '../..');
const ARTICLES = 300;

/** Kills the writer mid-write; returns what it printed. */
async function killWhileWriting(db: SearchDb, mode: 'snapshot' | 'body' | 'body-worker'): Promise<string> {
  const args = [join(import.meta.dirname, 'index-writer.ts'), db.dbPath, mode, ...(db.indexPath ? [db.indexPath] : [])];
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the writer never reached the write: ${out}`)), 90_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('writing')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', () => reject(new Error(`the writer exited early: ${out}`)));
  });
  child.kill('SIGKILL');
  await exited;
  assert.ok(!out.includes('finished'));
  return out;
}

/** The sample archive, searched and saved once; then `articles` more added by another process. */
async function world(articles = ARTICLES, repeat = 500, separateIndex = false): Promise<SearchDb> {
  const db = searchDb([], { separateIndex });
  await seedSampleIfEmpty(db.app);
  await db.app.search.whenReady();
  db.app.close();
  const other = db.other();
  other.ingest({
    source: 'crash',
    entries: Array.from({ length: articles }, (_, i) => ({
      guid: `a-${i}`,
      title: `第 ${i} 篇笔记`,
      text: `${'训练记录与分析。'.repeat(repeat)} 末尾的标记 Wombat${i} 以及袋熊${i}号`,
      categories: [],
    })),
  });
  other.close();
  return db;
}

const snapshotOf = (db: SearchDb) => `${db.indexPath ?? db.dbPath}.search-index`;

async function answersCorrectly(db: SearchDb, articles = ARTICLES): Promise<void> {
  const app = db.reopen();
  await app.search.whenReady();
  assert.equal(app.search.stats.rebuilds, 0, 'nothing rebuilt from scratch');
  assert.equal(app.search.stats.snapshotLoads, 1);
  assert.equal(app.search.size, app.store.count());
  for (const i of [0, 57, 120, 250, articles - 1]) {
    assert.equal(app.search.search(`wombat${i}`).items[0]?.title, `第 ${i} 篇笔记`);
    assert.equal(app.search.search(`袋熊${i}号`).items[0]?.title, `第 ${i} 篇笔记`);
  }
  assert.ok(app.search.search('随机擦除').items[0]?.title.startsWith('Random erasing'));
  const indexed = app.searchIndexDb.prepare<[], number>('SELECT count(*) FROM search_body_docs').pluck().get();
  assert.equal(indexed, app.store.count(), 'every article in the body index once');
  app.searchIndexDb.exec("INSERT INTO search_body (search_body) VALUES ('integrity-check')");
}

for (const [separate, label] of [
  [false, ''],
  [true, ' (index in a file of its own)'],
] as const) {
  test(`killed while saving the head index${label}: the previous snapshot is used and caught up`, async () => {
    const db = await world(ARTICLES, 500, separate);
    try {
      const before = readFileSync(snapshotOf(db));
      await killWhileWriting(db, 'snapshot');
      assert.ok(
        readdirSync(dirname(snapshotOf(db))).some((f) => f.includes('.search-index.tmp-')),
        'the write was under way',
      );
      assert.ok(readFileSync(snapshotOf(db)).equals(before), 'the saved index is untouched');
      await answersCorrectly(db);
      assert.equal(db.app.search.stats.headIndexed, ARTICLES, 'caught up on the new articles only');
    } finally {
      db.close();
    }
  });

  test(`killed in the middle of a body index transaction${label}: the index is as of the last commit, and catches up`, async () => {
    const db = await world(ARTICLES, 500, separate);
    try {
      await killWhileWriting(db, 'body');
      await answersCorrectly(db);
      const body = db.app.search.stats.bodyIndexed;
      assert.ok(body > 0 && body < ARTICLES, `only what was not committed before the kill is indexed again: ${body}`);
    } finally {
      db.close();
    }
  });
}

test('killed while writing a catch-up whose text a worker thread prepares: the index is as of the last commit, and catches up', async () => {
  // Enough new articles for the search service to prepare their text in a worker (bodyWorkerRows).
  const articles = 2400;
  const db = await world(articles, 20);
  try {
    const out = await killWhileWriting(db, 'body-worker');
    const prepared = Number(/prepared=(\d+)/.exec(out)?.[1]);
    assert.ok(prepared > 0, `the worker had prepared rows when the writer was killed: ${out}`);
    await answersCorrectly(db, articles);
    const body = db.app.search.stats.bodyIndexed;
    assert.ok(body > 0 && body < articles, `only what was not committed before the kill is indexed again: ${body}`);
  } finally {
    db.close();
  }
});
