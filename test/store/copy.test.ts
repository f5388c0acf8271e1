// Copying a store between engines (src/store/copy.ts), on a real SQLite file and a real
// PostgreSQL database (test/helpers/postgres.ts; skipped with the reason when there is none,
// failing under CI).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DigestLedger } from '../../src/digest/ledger';
import { ArticleStore } from '../../src/store/articles';
import { COPIED_TABLES, NOT_COPIED } from '../../src/store/copy-tables';
import { CopyMismatchError, CopyRefusedError, copyStore, openCopySource, openCopyTarget, type CopyReport } from '../../src/store/copy';
import { asSqlite, openDatabase, openStoreDatabase, type DB } from '../../src/store/db';
import type { SqlStatement } from '../../src/store/engine/types';
import { SubscriptionStore } from '../../src/store/subscriptions';
import { WatchStore } from '../../src/store/watches';
import { migrations } from '../../src/store/migrations';
import { AlertLedger } from '../../src/watch/ledger';
import { freshPostgresUrl } from '../helpers/postgres';
import { article, populate, T0, type Populated } from './copy-fixture';

interface Fixture {
  dir: string;
  sqlitePath: string;
  populated: Populated;
  /** Handles opened by the test, closed after it. */
  track<T extends DB>(db: T): T;
}

/** A populated SQLite source in a temp folder; handles and folder cleaned up after the test. */
function sqliteSource(t: TestContext, articles = 40): Fixture {
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-copy-'));
  const sqlitePath = join(dir, 'source.db');
  const db = openDatabase(sqlitePath);
  const populated = populate(db, articles);
  db.close();
  const opened: DB[] = [];
  t.after(() => {
    for (const d of opened) if (d.open) d.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { dir, sqlitePath, populated, track: (d) => (opened.push(d), d) };
}

async function pgUrl(t: TestContext): Promise<string | null> {
  const url = await freshPostgresUrl(t);
  if (typeof url === 'string') return url;
  t.skip(url.unavailable);
  return null;
}

/** Every copied table's rows, each as JSON of its values in column order, sorted: the content, whatever the order read. */
function contents(db: DB): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const t of COPIED_TABLES) {
    const rows = db.prepare<[], Record<string, unknown>>(`SELECT ${t.columns.map((c) => `"${c}"`).join(', ')} FROM "${t.name}"`).all();
    out[t.name] = rows.map((r) => JSON.stringify(t.columns.map((c) => r[c]))).sort();
  }
  return out;
}

const count = (db: DB, table: string) => db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number;
const allEmpty = (db: DB) => COPIED_TABLES.every((t) => count(db, t.name) === 0);

test('sqlite → postgres: every table copied exactly and verified; the PostgreSQL store carries on where SQLite left off', async (t) => {
  const f = sqliteSource(t);
  const url = await pgUrl(t);
  if (!url) return;
  const source = f.track(openCopySource(`sqlite:${f.sqlitePath}`));
  assert.equal(asSqlite(source)!.readonly, true, 'the source is opened read-only');
  const target = f.track(openCopyTarget(url));
  const before = contents(source);

  const report = copyStore(source, target, { batchRows: 7 });

  assert.equal(report.ok, true);
  const rows = Object.fromEntries(report.tables.map((r) => [r.table, r.target.rows]));
  assert.deepEqual(rows, {
    articles: 40,
    article_topics: 40 + 13, // every third article has a second topic
    feed_state: 2,
    subscriptions: 3,
    digests: 3,
    digest_bodies: 3,
    digest_parts: 3,
    watches: 2,
    watch_chats: 2,
    alerts: 2,
    alert_parts: 3,
    seen_updates: 1,
  });
  for (const r of report.tables) assert.equal(r.target.checksum, r.source.checksum, r.table);
  assert.deepEqual(contents(target), before, 'every value of every row, as stored');
  assert.equal(count(target, 'role_leases'), 0, 'leases of the old deployment are not carried over');
  assert.notEqual(
    target.prepare(`SELECT value FROM search_meta WHERE key = 'db_id'`).pluck().get(),
    source.prepare(`SELECT value FROM search_meta WHERE key = 'db_id'`).pluck().get(),
    'the target keeps its own id, so no search index built for the source is used for it',
  );

  // The store API on PostgreSQL answers as it did on SQLite.
  const subs = new SubscriptionStore(target);
  const was = new SubscriptionStore(source);
  for (const ch of ['telegram:-100123', 'discord:42', 'console:x']) assert.deepEqual(subs.get(ch), was.get(ch), ch);
  assert.equal(subs.get('console:x')!.status, 'paused');
  const digests = new DigestLedger(target, subs);
  const pending = digests.pending();
  assert.deepEqual(
    pending.map((d) => [d.id, d.channel, d.day, d.attempts, d.lastError]),
    [[f.populated.pendingDigestId, 'discord:42', '2026-05-04', 1, '429 rate limited']],
  );
  assert.deepEqual(
    digests.parts(f.populated.pendingDigestId).map((p) => p.messageId),
    ['msg-2', null],
  );
  // The pending digest resumes: its last part confirmed, the watermark moves to what it covered.
  assert.equal(digests.acquire(f.populated.pendingDigestId, 'new-host', T0 + 100_000, 60_000), true);
  assert.deepEqual(digests.confirmPart(f.populated.pendingDigestId, 1, 'msg-4', T0 + 100_001), { complete: true });
  assert.equal(subs.get('discord:42')!.watermarkSeq, 8);
  assert.deepEqual(
    new WatchStore(target).list('discord:42').map((w) => [w.query, w.topic]),
    [['Attention', 'nlp']],
  );
  assert.deepEqual(
    new AlertLedger(target).pending().map((a) => a.articleIds),
    [['a000005', 'a000006']],
  );
  const edited = new ArticleStore(target).get('a000002')!;
  assert.equal(edited.editedSeq, 1);
  assert.ok(new ArticleStore(target).get('a000003')!.summary.length === 100_000, 'a long text is copied whole');

  // New rows continue the numbering, past the deleted last article too.
  const added = new ArticleStore(target).upsert(article(9999), T0 + 200_000);
  assert.equal(added.article.seq, f.populated.deletedSeq + 1);
  assert.deepEqual(
    report.numbering.find((n) => n.table === 'articles'),
    { table: 'articles', column: 'seq', last: f.populated.deletedSeq },
  );
  const digestId = target
    .prepare(`INSERT INTO digests (channel, day, status, planned_at) VALUES ('console:x', '2026-05-05', 'empty', ?) RETURNING id`)
    .pluck()
    .get(T0);
  assert.equal(digestId, 4);
});

test('postgres → sqlite: the copy back is identical to the original, and the source on PostgreSQL is opened read-only', async (t) => {
  const f = sqliteSource(t);
  const url = await pgUrl(t);
  if (!url) return;
  const original = f.track(openCopySource(f.sqlitePath));
  const there = copyStore(original, f.track(openCopyTarget(url)));
  const pgSource = f.track(openCopySource(url));
  assert.throws(() => pgSource.prepare(`DELETE FROM seen_updates`).run(), /read-only/);
  const backPath = join(f.dir, 'back.db');
  const back = copyStore(pgSource, f.track(openCopyTarget(`sqlite:${backPath}`)));

  assert.deepEqual(back.tables, there.tables);
  const copy = f.track(openDatabase(backPath));
  assert.deepEqual(contents(copy), contents(original));
  assert.equal(new ArticleStore(copy).upsert(article(9999), T0 + 1).article.seq, f.populated.deletedSeq + 1);
});

test('a target that is not empty is refused, and nothing in it changes', async (t) => {
  const f = sqliteSource(t);
  const url = await pgUrl(t);
  if (!url) return;
  const target = f.track(openCopyTarget(url));
  new SubscriptionStore(target).subscribe(
    { channel: 'telegram:1', time: '08:00', timezone: 'UTC', topics: [], locale: 'en' },
    { seq: 0, at: 0 },
    T0,
  );
  const before = contents(target);
  assert.throws(
    () => copyStore(f.track(openCopySource(f.sqlitePath)), target),
    (e: unknown) => e instanceof CopyRefusedError && /not empty \(rows in subscriptions\)/.test(e.message),
  );
  assert.deepEqual(contents(target), before);
});

test('a row failing mid-copy rolls the whole copy back: the target is left empty', async (t) => {
  const f = sqliteSource(t);
  const url = await pgUrl(t);
  if (!url) return;
  const target = f.track(openCopyTarget(url));
  // Watches come after the articles, subscriptions and digest ledger have been written.
  target.exec(`
    CREATE FUNCTION refuse_watch() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF NEW.channel = 'discord:42' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$;
    CREATE TRIGGER refuse_watch BEFORE INSERT ON watches FOR EACH ROW EXECUTE FUNCTION refuse_watch();
  `);
  assert.throws(() => copyStore(f.track(openCopySource(f.sqlitePath)), target, { batchRows: 1 }), /copying watches .*injected failure/);
  const fresh = f.track(openStoreDatabase(url));
  assert.equal(allEmpty(fresh), true);
  assert.equal(allEmpty(target), true, 'the same connection goes on, outside any transaction');
});

test('text PostgreSQL cannot hold (a NUL character) stops the copy with the table and rows named; the target is left empty', async (t) => {
  const f = sqliteSource(t, 10);
  const url = await pgUrl(t);
  if (!url) return;
  const db = openDatabase(f.sqlitePath);
  db.prepare(`UPDATE articles SET summary = 'before' || char(0) || 'after' WHERE seq = 4`).run();
  db.close();
  const target = f.track(openCopyTarget(url));
  assert.throws(
    () => copyStore(f.track(openCopySource(f.sqlitePath)), target, { batchRows: 3 }),
    /^Error: copying articles \(the 3 rows from seq 4\) failed: invalid byte sequence for encoding "UTF8": 0x00/,
  );
  assert.equal(allEmpty(target), true);
});

test('a copy that does not match the source (a value altered on the way) is reported per table and rolled back', async (t) => {
  const f = sqliteSource(t);
  const url = await pgUrl(t);
  if (!url) return;
  const target = f.track(openCopyTarget(url));
  target.exec(`
    CREATE FUNCTION alter_title() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF NEW.seq = 5 THEN NEW.title := NEW.title || ' '; END IF; RETURN NEW; END $$;
    CREATE TRIGGER alter_title BEFORE INSERT ON articles FOR EACH ROW EXECUTE FUNCTION alter_title();
  `);
  let report: CopyReport | undefined;
  assert.throws(
    () => copyStore(f.track(openCopySource(f.sqlitePath)), target),
    (e: unknown) => e instanceof CopyMismatchError && ((report = e.report), /in articles;/.test(e.message)),
  );
  const bad = report!.tables.filter((r) => !r.ok);
  assert.deepEqual(
    bad.map((r) => [r.table, r.source.rows, r.target.rows]),
    [['articles', 40, 40]],
    'same count, different checksum',
  );
  assert.notEqual(bad[0]!.source.checksum, bad[0]!.target.checksum);
  assert.equal(allEmpty(f.track(openStoreDatabase(url))), true);
});

test('a source at an older schema version is refused with what to do; nothing is written', (t) => {
  const f = sqliteSource(t, 10);
  const older = join(f.dir, 'older.db');
  openStoreDatabase(older, { upTo: 10 }).close();
  const targetPath = join(f.dir, 'target.db');
  const target = f.track(openCopyTarget(targetPath));
  assert.throws(
    () => copyStore(f.track(openCopySource(`sqlite:${older}`)), target),
    (e: unknown) =>
      e instanceof CopyRefusedError &&
      new RegExp(`source database is at schema version 10, this bot at ${migrations.length}: open it once`).test(e.message),
  );
  assert.equal(allEmpty(target), true);
});

/** The handle, counting statements run and the most rows one read returned. */
function counting(db: DB): { db: DB; statements: number; maxRows: number } {
  const c = { db, statements: 0, maxRows: 0 };
  const wrap = (s: SqlStatement): SqlStatement => {
    const w: SqlStatement = {
      run: (...a) => (c.statements++, s.run(...a)),
      get: (...a) => (c.statements++, s.get(...a)),
      all: (...a) => {
        c.statements++;
        const rows = s.all(...a);
        c.maxRows = Math.max(c.maxRows, rows.length);
        return rows;
      },
      iterate: (...a) => (c.statements++, s.iterate(...a)),
      pluck(toggle) {
        s.pluck(toggle ?? true);
        return w;
      },
    };
    return w;
  };
  c.db = new Proxy(db, {
    get(target, p) {
      if (p === 'prepare') return (sql: string) => wrap(target.prepare(sql));
      const v = Reflect.get(target, p, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return c;
}

test('work grows with the rows, in bounded pages: statements for 1,000 vs 4,000 articles', async (t) => {
  const url1 = await pgUrl(t);
  const url4 = await pgUrl(t);
  if (!url1 || !url4) return;
  const measure = (articles: number, url: string) => {
    const f = sqliteSource(t, articles);
    const source = counting(f.track(openCopySource(f.sqlitePath)));
    const target = counting(f.track(openCopyTarget(url)));
    const report = copyStore(source.db, target.db, { batchRows: 100 });
    assert.equal(report.tables[0]!.target.rows, articles);
    return { statements: source.statements + target.statements, maxRows: Math.max(source.maxRows, target.maxRows) };
  };
  const small = measure(1000, url1);
  const large = measure(4000, url4);
  t.diagnostic(`statements: ${small.statements} for 1,000 articles, ${large.statements} for 4,000`);
  assert.ok(large.statements <= 4 * small.statements, `${large.statements} vs ${small.statements}: no worse than linear`);
  // 3,000 more articles are 30 more pages, each read, written and read back.
  assert.ok(large.statements - small.statements >= 90, 'pages of rows, not one statement per row or per table');
  assert.ok(large.maxRows <= 100, `no read holds more than a page (${large.maxRows} rows)`);
});

test('the copied tables are exactly the schema: every table and column on both engines, keys as declared', async (t) => {
  const f = sqliteSource(t, 10);
  const sqlite = f.track(openDatabase(join(f.dir, 'schema.db')));
  const listed = [...COPIED_TABLES.map((x) => x.name), ...Object.keys(NOT_COPIED)].sort();
  const sqliteTables = sqlite
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
    .pluck()
    .all() as string[];
  assert.deepEqual(sqliteTables, listed.filter((x) => x !== 'schema_version').sort());
  for (const x of COPIED_TABLES) {
    const info = sqlite.prepare<[string], { name: string; pk: number }>('SELECT name, pk FROM pragma_table_info(?)').all(x.name);
    assert.deepEqual(info.map((c) => c.name).sort(), [...x.columns].sort(), x.name);
    const pk = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
    assert.deepEqual(
      pk.map((c) => c.name),
      x.key,
      `${x.name}: pages follow the primary key`,
    );
  }
  const url = await pgUrl(t);
  if (!url) return;
  const pg = f.track(openStoreDatabase(url));
  const cols = pg
    .prepare<[], { t: string; c: string }>(
      `SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY 1, 2`,
    )
    .all();
  assert.deepEqual([...new Set(cols.map((r) => r.t))].sort(), listed);
  for (const x of COPIED_TABLES)
    assert.deepEqual(
      cols.filter((r) => r.t === x.name).map((r) => r.c),
      [...x.columns].sort(),
      x.name,
    );
});
