// Database safety: online backup while the bot runs, concurrent writers, and a full or
// read-only database failing clearly without half-written state.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { requireSqlite } from '../../src/store/db';
import { createTestBot } from '../helpers/bot';
import { killAll, spawnBot } from './bot-process';

const ROOT = join(import.meta.dirname, '../..');

after(killAll);

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, FEED_URLS: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function snapshot(dir: string, name: string, lines: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, `INCOMING TRANSMISSION\n\nLATEST UPDATES\n${lines.join('\n')}\n`);
  return file;
}

test('cli backup makes a consistent copy while the bot is writing', async () => {
  const t = await createTestBot();
  try {
    let writing = true;
    let n = 0;
    const writer = (async () => {
      while (writing) {
        t.app.ingest({ source: 'w', entries: [{ guid: `w${n++}`, title: `writer ${n}`, text: 'concurrent write', categories: [] }] });
        await new Promise((r) => setImmediate(r));
      }
    })();
    const dest = join(t.dir, 'backup.db');
    const r = await cli(['backup', dest], { DATABASE_PATH: join(t.dir, 'feedbot.db') });
    writing = false;
    await writer;
    assert.equal(r.code, 0, r.stderr);
    const copy = new Database(dest, { readonly: true });
    assert.equal(copy.pragma('integrity_check', { simple: true }), 'ok');
    const count = (copy.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n;
    assert.ok(count >= 39, 'the sample archive is in the backup');
    copy.close();
  } finally {
    t.close();
  }
});

test('cli ingest alongside a running bot: both processes write, nothing is lost', async () => {
  const t = await createTestBot();
  try {
    const dir = mkdtempSync(join(tmpdir(), 'feedbot-par-'));
    const files = [0, 1, 2].map((i) =>
      snapshot(
        dir,
        `s${i}.txt`,
        Array.from({ length: 50 }, (_, j) => `并发条目 ${i}-${j} 关于注意力机制的一段足够长的文字`),
      ),
    );
    const before = t.app.store.count();
    let botWrites = 0;
    const ingesting = Promise.all(files.map((f) => cli(['ingest', f], { DATABASE_PATH: join(t.dir, 'feedbot.db') })));
    const deadline = Date.now() + 60_000;
    let done = false;
    void ingesting.then(() => (done = true));
    while (!done && Date.now() < deadline) {
      t.app.ingest({ source: 'bot', entries: [{ guid: `b${botWrites++}`, title: 'bot write', text: 'from the bot', categories: [] }] });
      await new Promise((r) => setTimeout(r, 5));
    }
    const results = await ingesting;
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    assert.equal(t.app.store.count(), before + 150 + botWrites);
    assert.equal(t.app.search.search('并发条目').total, 150, "the bot sees the other processes' articles");
  } finally {
    t.close();
  }
});

test('a full database fails the ingest cleanly: one transaction, nothing half-written', async () => {
  const t = await createTestBot();
  try {
    const before = t.app.store.count();
    const pages = requireSqlite(t.app.db, 'this test').pragma('page_count', { simple: true }) as number;
    // SQLite's own limit stands in for a full disk: the same SQLITE_FULL path, deterministically.
    requireSqlite(t.app.db, 'this test').pragma(`max_page_count = ${pages + 1}`);
    const dir = mkdtempSync(join(tmpdir(), 'feedbot-full-'));
    const big = snapshot(
      dir,
      'big.txt',
      Array.from({ length: 400 }, (_, j) => `大量条目 ${j} ` + '很长的内容'.repeat(80)),
    );
    await assert.rejects(t.app.ingestSource(big), /full/i);
    assert.equal(t.app.store.count(), before);
    assert.equal(requireSqlite(t.app.db, 'this test').pragma('integrity_check', { simple: true }), 'ok');
    requireSqlite(t.app.db, 'this test').pragma(`max_page_count = ${2 ** 30}`);
    await t.app.ingestSource(big);
    assert.equal(t.app.store.count(), before + 400);
  } finally {
    t.close();
  }
});

test('a read-only database gives a clear error and a non-zero exit', async (ctx) => {
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-ro-'));
  const dbPath = join(dir, 'feedbot.db');
  const seed = await cli(['ingest', snapshot(dir, 'a.txt', ['只读测试条目 一段文字'])], { DATABASE_PATH: dbPath });
  assert.equal(seed.code, 0, seed.stderr);
  // Root ignores file modes; the immutable attribute is what makes the file truly read-only.
  if (spawnSync('chattr', ['+i', dbPath]).status !== 0) return ctx.skip('chattr +i is not available here');
  try {
    const r = await cli(['ingest', snapshot(dir, 'b.txt', ['另一个条目 一段文字'])], { DATABASE_PATH: dbPath });
    assert.notEqual(r.code, 0);
    assert.ok(r.stderr.includes(`cannot write to the database ${dbPath}: the file is read-only. Let the bot’s user write to it`), r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  } finally {
    spawnSync('chattr', ['-i', dbPath]);
  }
  const db = new Database(dbPath, { readonly: true });
  assert.equal((db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n, 1);
  db.close();
});

test('a command whose write the database refuses is answered clearly, in the user’s language', async () => {
  const t = await createTestBot();
  try {
    // Read-only from now on, as a remounted or full disk would make it: reads work, writes fail.
    requireSqlite(t.app.db, 'this test').pragma('query_only = ON');
    assert.match(await t.text('/latest 1'), /newest article/);
    for (const [locale, said] of [
      ['en', /cannot save anything right now \(its storage is full or read-only\)/],
      ['zh', /无法保存/],
    ] as const) {
      const reply = await t.run('/subscribe 08:00 UTC', { locale, channel: `test:${locale}` });
      assert.equal(reply.kind, 'error');
      assert.match(JSON.stringify(reply), said);
    }
    requireSqlite(t.app.db, 'this test').pragma('query_only = OFF');
    assert.equal(t.bot.services.subscriptions.get('test:en'), undefined, 'nothing half-saved');
  } finally {
    t.close();
  }
});

test('cli backup to a folder, and a damaged database at start-up: one clear line, non-zero exit', async () => {
  const t = await createTestBot();
  const dbPath = join(t.dir, 'feedbot.db');
  try {
    const r = await cli(['backup', t.dir], { DATABASE_PATH: dbPath });
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /backup to .* failed: it is a folder\. Give the backup a file name/);
  } finally {
    t.close();
  }
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-damaged-'));
  const damaged = join(dir, 'feedbot.db');
  writeFileSync(damaged, 'SQLite format 3\0' + 'x'.repeat(5000));
  const bot = spawnBot({ DATABASE_PATH: damaged });
  assert.equal((await bot.exited).code, 1);
  assert.match(
    bot.output(),
    /feedbot could not start: cannot open the database .*feedbot\.db: the file is damaged .* Restore it from a backup/,
  );
  rmSync(dir, { recursive: true, force: true });
});
