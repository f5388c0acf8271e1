// The search indexes in a file of their own (SEARCH_INDEX_PATH), as each
// instance sharing a store keeps them: the whole text found; the file reused
// at the next start; articles another process stores found by the running
// service; a missing, unreadable or foreign index file (another store's, or
// one ahead of a store restored from an older copy) rebuilt, never used.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { searchDb, type Entry } from '../helpers/search-db';
import { requireSqlite } from '../../src/store/db';

const ROOT = join(import.meta.dirname, '../..');
const deepText = (words: string) => `${'前面是很长的正文内容。'.repeat(2500)} ${words} ${'后面还有一些内容。'.repeat(500)}`;

const entries = (tag: string, n: number): Entry[] =>
  Array.from({ length: n }, (_, i) => ({
    guid: `${tag}-${i}`,
    title: `${tag} 第 ${i} 篇`,
    text: deepText(`深处的标记 Wombat${tag}${i} 以及袋熊${tag}${i}号`),
    categories: ['PyTorch'],
  }));

const titles = (items: { title: string }[]) => items.map((a) => a.title);
const tables = (path: string) => {
  const app = openApp(loadConfig({ DATABASE_PATH: path }));
  try {
    return (app.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[]).sort();
  } finally {
    app.close();
  }
};

test('with SEARCH_INDEX_PATH the index lives in its own file: deep text and topic filters answer from it', async () => {
  const t = searchDb(entries('a', 5), { separateIndex: true });
  try {
    await t.app.search.whenReady();
    assert.deepEqual(titles(t.app.search.search('wombata3').items), ['a 第 3 篇']);
    assert.deepEqual(titles(t.app.search.search('袋熊a4号').items), ['a 第 4 篇']);
    const topic = t.app.store.get(t.app.search.search('wombata2').items[0]!.id)!.topics[0];
    assert.ok(topic, 'the article has a topic to filter by');
    assert.deepEqual(titles(t.app.search.search('wombata2', { topic }).items), ['a 第 2 篇']);
    // Reclassified into another topic: the index's own copy of the topics follows.
    const id = t.app.search.search('wombata2').items[0]!.id;
    t.app.store.setTopics(id, ['rl'], Date.now());
    assert.deepEqual(titles(t.app.search.search('wombata2', { topic }).items), []);
    assert.deepEqual(titles(t.app.search.search('wombata2', { topic: 'rl' }).items), ['a 第 2 篇']);
    assert.ok(existsSync(t.indexPath!), 'the index file exists');
    const indexed = t.app.searchIndexDb.prepare('SELECT count(*) FROM search_body_docs').pluck().get();
    assert.equal(indexed, 5);
    t.app.close();
    assert.ok(existsSync(`${t.indexPath}.search-index`), 'the head snapshot is saved beside the index file');
    assert.ok(!tables(t.dbPath).includes('search_body_docs'), 'nothing of the index in the store');
  } finally {
    t.close();
  }
});

test('a restart reuses the index file: nothing rebuilt, nothing indexed again', async () => {
  const t = searchDb(entries('b', 30), { separateIndex: true });
  try {
    await t.app.search.whenReady();
    const app = t.reopen();
    await app.search.whenReady();
    assert.deepEqual(app.search.stats, { ...app.search.stats, snapshotLoads: 1, rebuilds: 0, headIndexed: 0, bodyIndexed: 0 });
    assert.deepEqual(titles(app.search.search('袋熊b17号').items), ['b 第 17 篇']);
  } finally {
    t.close();
  }
});

/** `cli ingest` of a JSON Feed in another process, with its own settings. */
function cliIngest(env: Record<string, string>, file: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'ingest', file], {
      cwd: ROOT,
      env: { ...process.env, FEED_URLS: '', BOT_LOCALE: 'en', ...env },
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

test("another process's cli ingest into the store is found by the running service, whose index is its own", async () => {
  const t = searchDb(entries('c', 3), { separateIndex: true });
  const feedDir = mkdtempSync(join(tmpdir(), 'feedbot-feed-'));
  try {
    await t.app.search.whenReady();
    assert.equal(t.app.search.search('量子退火').total, 0);
    const file = join(feedDir, 'feed.json');
    const item = { id: 'qa-1', title: 'Quantum annealing notes', content_text: deepText('量子退火 在组合优化里的用法 Kangaroo7') };
    writeFileSync(file, JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'other', items: [item] }));
    // Another instance: the same store, an index file of its own.
    const r = await cliIngest({ DATABASE_PATH: t.dbPath, SEARCH_INDEX_PATH: join(t.dir, 'other', 'search.db') }, file);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /1 new/);
    assert.deepEqual(titles(t.app.search.search('kangaroo7').items), ['Quantum annealing notes']);
    assert.deepEqual(titles(t.app.search.search('量子退火').items), ['Quantum annealing notes']);
  } finally {
    rmSync(feedDir, { recursive: true, force: true });
    t.close();
  }
});

test('the index file deleted, or not a database: made again from the store and correct', async () => {
  const t = searchDb(entries('d', 8), { separateIndex: true });
  try {
    await t.app.search.whenReady();
    t.app.close();
    for (const suffix of ['', '-wal', '-shm', '.search-index']) rmSync(t.indexPath! + suffix, { force: true });
    let app = t.reopen();
    await app.search.whenReady();
    assert.equal(app.search.stats.rebuilds, 1);
    assert.equal(app.search.stats.bodyIndexed, 8);
    assert.deepEqual(titles(app.search.search('袋熊d5号').items), ['d 第 5 篇']);
    app.close();
    writeFileSync(t.indexPath!, 'not a database at all, just some bytes '.repeat(200));
    rmSync(`${t.indexPath}-wal`, { force: true });
    app = t.reopen();
    await app.search.whenReady();
    assert.equal(app.search.stats.bodyIndexed, 8);
    assert.deepEqual(titles(app.search.search('wombatd6').items), ['d 第 6 篇']);
  } finally {
    t.close();
  }
});

test('an index file made for another store is rebuilt, never used, even where both stores hold the same article', async () => {
  // The same last article (same id, same seq) in both: only the store's id tells the index is not this store's.
  const common = entries('common', 1);
  const a = searchDb([...entries('e', 3), ...common], { separateIndex: true });
  const b = searchDb([...entries('f', 3), ...common], { separateIndex: true });
  try {
    await a.app.search.whenReady();
    assert.equal(a.app.store.get(a.app.search.search('wombatcommon0').items[0]!.id)!.seq, 4);
    assert.equal(b.app.store.get(b.app.search.search('wombatcommon0').items[0]!.id)!.seq, 4);
    a.app.close();
    b.app.close();
    for (const suffix of ['', '.search-index']) copyFileSync(a.indexPath! + suffix, b.indexPath! + suffix);
    rmSync(`${b.indexPath}-wal`, { force: true });
    rmSync(`${b.indexPath}-shm`, { force: true });
    const app = b.reopen();
    await app.search.whenReady();
    assert.equal(app.search.stats.snapshotLoads, 0, "the other store's head snapshot is not loaded");
    assert.equal(app.search.stats.bodyIndexed, 4, 'the whole text indexed again, from this store');
    assert.equal(app.search.search('wombate2').total, 0);
    assert.equal(app.search.search('袋熊e1号').total, 0);
    assert.deepEqual(titles(app.search.search('袋熊f1号').items), ['f 第 1 篇']);
    assert.equal(app.searchIndexDb.prepare('SELECT count(*) FROM search_body_docs').pluck().get(), 4);
  } finally {
    a.close();
    b.close();
  }
});

test('a store restored from an older copy, behind its index: the index is rebuilt, and new articles at reused seqs are found', async () => {
  const t = searchDb(entries('g', 4), { separateIndex: true });
  try {
    requireSqlite(t.app.db, 'this test').pragma('wal_checkpoint(TRUNCATE)');
    const older = join(t.dir, 'older.db');
    copyFileSync(t.dbPath, older);
    t.app.ingest({ source: 'test', entries: entries('h', 3) });
    await t.app.search.whenReady();
    t.app.close();
    for (const suffix of ['-wal', '-shm']) rmSync(t.dbPath + suffix, { force: true });
    copyFileSync(older, t.dbPath);
    let app = t.reopen();
    await app.search.whenReady();
    assert.equal(app.search.search('wombath1').total, 0, 'nothing of the articles the store lost');
    assert.equal(app.search.search('袋熊h2号').total, 0);
    assert.deepEqual(titles(app.search.search('袋熊g3号').items), ['g 第 3 篇']);
    app.ingest({ source: 'test', entries: entries('k', 3) });
    assert.deepEqual(titles(app.search.search('wombatk1').items), ['k 第 1 篇']);
    assert.deepEqual(titles(app.search.search('袋熊k2号').items), ['k 第 2 篇']);
    app = t.reopen();
    await app.search.whenReady();
    assert.equal(app.search.stats.rebuilds, 0);
    assert.deepEqual(titles(app.search.search('wombatk0').items), ['k 第 0 篇']);
  } finally {
    t.close();
  }
});

test('SEARCH_INDEX_PATH naming a bot database is refused with a clear message, the database untouched', () => {
  const a = searchDb(entries('m', 1));
  const b = searchDb();
  try {
    a.app.close();
    assert.throws(
      () => openApp(loadConfig({ DATABASE_PATH: b.dbPath, SEARCH_INDEX_PATH: a.dbPath })),
      /SEARCH_INDEX_PATH .* is a bot database, not a search index file/,
    );
    const app = a.reopen();
    assert.equal(app.store.count(), 1);
  } finally {
    a.close();
    b.close();
  }
});
