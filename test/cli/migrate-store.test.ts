// `cli migrate-store`, run as an operator runs it: a separate process copying a real SQLite file
// into a real PostgreSQL database (test/helpers/postgres.ts) and back.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/store/db';
import type { CopyReport } from '../../src/store/copy';
import { COPIED_TABLES } from '../../src/store/copy-tables';
import { freshPostgresUrl, withPgClient } from '../helpers/postgres';
import { populate } from '../store/copy-fixture';

const ROOT = join(import.meta.dirname, '../..');
const SECRET = 'hunter2-s3cret';

function start(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'migrate-store', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', FEED_URLS: '' },
  });
}

function finish(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

const cli = (args: string[]) => finish(start(args));

/** A populated SQLite store and an empty PostgreSQL database whose URL carries a password (the test server trusts any). */
async function setup(t: TestContext, articles = 30): Promise<{ dir: string; source: string; url: string } | null> {
  const fresh = await freshPostgresUrl(t);
  if (typeof fresh !== 'string') {
    t.skip(fresh.unavailable);
    return null;
  }
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-migrate-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const source = join(dir, 'feedbot.db');
  const db = openDatabase(source);
  populate(db, articles);
  db.close();
  const u = new URL(fresh);
  u.password = SECRET;
  return { dir, source, url: u.href };
}

const rowsIn = (url: string) =>
  withPgClient(url, async (c) => {
    const out: Record<string, number> = {};
    for (const t of COPIED_TABLES) out[t.name] = Number((await c.query(`SELECT count(*) AS n FROM "${t.name}"`)).rows[0].n);
    return out;
  });

test('sqlite → postgres: prints counts and checksums per table and what is not copied, never the password; a second run is refused', async (t) => {
  const s = await setup(t);
  if (!s) return;
  const r = await cli(['--from', `sqlite:${s.source}`, '--to', s.url]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^articles\s+30\s+30\s+[0-9a-f]{16}\s+ok$/m);
  assert.match(r.stdout, /^digest_parts\s+3\s+3\s+[0-9a-f]{16}\s+ok$/m);
  assert.match(r.stdout, /articles\.seq continues after 31/);
  assert.match(r.stdout, /not copied:\n\s+role_leases: held by processes of the old deployment/);
  assert.match(r.stdout, /search index: derived from the articles; each instance builds its own/);
  assert.match(r.stdout, /copied and verified/);
  assert.match(r.stderr, /into postgres:\/\/\*\*\*@127\.0\.0\.1:\d+\/t_\w+ \(postgres\)/);
  assert.ok(!(r.stdout + r.stderr).includes(SECRET), 'the password is never printed');
  assert.equal((await rowsIn(s.url)).articles, 30);

  const again = await cli(['--from', s.source, '--to', s.url]);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /^error: the target database is not empty \(rows in articles, article_topics, /m);
  assert.ok(!(again.stdout + again.stderr).includes(SECRET));
  assert.equal((await rowsIn(s.url)).articles, 30, 'nothing added');

  // And back, for an operator returning to SQLite: --json prints only the report.
  const back = join(s.dir, 'back.db');
  const json = await cli(['--from', s.url, '--to', `sqlite:${back}`, '--json']);
  assert.equal(json.code, 0, json.stderr);
  const report = JSON.parse(json.stdout) as CopyReport;
  assert.equal(report.ok, true);
  assert.equal(report.tables.find((x) => x.table === 'articles')!.target.rows, 30);
  assert.ok(!(json.stdout + json.stderr).includes(SECRET));
});

test('a copy killed midway (SIGKILL) leaves the PostgreSQL target empty', async (t) => {
  const s = await setup(t, 1500);
  if (!s) return;
  // One row per statement: thousands of round trips, time enough to stop it in the middle.
  const child = start(['--from', s.source, '--to', s.url, '--batch', '1']);
  const done = finish(child);
  // Rows of articles are written (uncommitted) once the copy holds a write lock on the next table.
  const midway = async () => {
    for (let i = 0; i < 1200; i++) {
      const held = await withPgClient(s.url, (c) =>
        c.query(
          `SELECT 1 FROM pg_locks l JOIN pg_class k ON k.oid = l.relation WHERE k.relname = 'article_topics' AND l.mode = 'RowExclusiveLock'`,
        ),
      ).catch(() => ({ rowCount: 0 }));
      if (held.rowCount) return true;
      if (child.exitCode !== null) return false;
      await new Promise((r) => setTimeout(r, 25));
    }
    return false;
  };
  assert.equal(await midway(), true, 'the copy reached its second table');
  child.kill('SIGKILL');
  const r = await done;
  assert.equal(r.signal, 'SIGKILL');
  // PostgreSQL rolls back the dead connection's transaction; wait for it to notice.
  for (let i = 0; i < 200; i++) {
    const busy = await withPgClient(s.url, (c) =>
      c.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'feedbot' AND datname = current_database()`),
    );
    if (!busy.rowCount) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  const counts = await rowsIn(s.url);
  assert.deepEqual(
    Object.values(counts),
    COPIED_TABLES.map(() => 0),
    JSON.stringify(counts),
  );
});

test('usage mistakes: missing --to, the same database twice, a bad --batch, a source that does not exist (exit 2, nothing created)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-migrate-'));
  try {
    const db = join(dir, 'x.db');
    const missing = await cli(['--from', db]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /migrate-store needs --from and --to/);
    const same = await cli(['--from', db, '--to', `sqlite:${db}`]);
    assert.equal(same.code, 2);
    assert.match(same.stderr, /--from and --to name the same database/);
    const batch = await cli(['--from', db, '--to', join(dir, 'y.db'), '--batch', '0']);
    assert.equal(batch.code, 2);
    assert.match(batch.stderr, /--batch must be a whole number from 1 to 5000/);
    const absent = await cli(['--from', `sqlite:${db}`, '--to', join(dir, 'y.db')]);
    assert.equal(absent.code, 2);
    assert.match(absent.stderr, /^error: the source database .*x\.db does not exist$/m);
    assert.deepEqual(readdirSync(dir), [], 'no file created, source or target');
    const help = await cli(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /usage: npm run --silent cli -- migrate-store --from/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
