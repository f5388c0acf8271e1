import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { asSqlite, openDatabase, openStoreDatabase, postgresSchemaVersion, type DB } from '../../src/store/db';
import { migrations } from '../../src/store/migrations';
import { postgresMigrations } from '../../src/store/migrations-pg';
import { PostgresDatabase } from '../../src/store/engine/postgres';
import pg from 'pg';
import { WRITE_LOCK_KEY } from '../../src/store/engine/pg-protocol';
import { forEachEngine } from '../helpers/engines';
import { freshPostgresUrl } from '../helpers/postgres';

const tempPath = () => join(mkdtempSync(join(tmpdir(), 'feedbot-db-')), 'sub', 'feedbot.db');

test('a new database gets every migration, WAL mode, and its folder created', () => {
  const path = tempPath();
  const db = openDatabase(path);
  assert.equal(db.pragma('user_version', { simple: true }), migrations.length);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  db.close();
  // Opening again applies nothing twice.
  const again = openDatabase(path);
  assert.equal(again.pragma('user_version', { simple: true }), migrations.length);
  again.close();
});

test('an older database is upgraded step by step, keeping its rows', () => {
  const path = tempPath();
  const old = openDatabase(path, { migrations: migrations.slice(0, 1) });
  old
    .prepare(
      `INSERT INTO articles (id, dedup_key, source, title, summary, content_hash, first_seen_at, updated_at) VALUES ('a', 'k', 's', 't', 'x', 'h', 1, 1)`,
    )
    .run();
  old.close();
  const db = openDatabase(path);
  assert.equal(db.pragma('user_version', { simple: true }), migrations.length);
  assert.equal((db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n, 1);
  db.close();
});

/** What a refusal must leave as it was: the file's bytes, and the tables and rows inside. */
function contents(path: string) {
  const db = new Database(path, { readonly: true });
  const tables = db.prepare<[], { name: string; sql: string }>(`SELECT name, sql FROM sqlite_master ORDER BY name`).all();
  const rows = tables.filter((t) => t.sql?.startsWith('CREATE TABLE')).map((t) => db.prepare(`SELECT * FROM "${t.name}"`).all());
  db.close();
  return { tables, rows };
}

test('a database from a newer bot is refused with a clear message, not corrupted', () => {
  const path = tempPath();
  const db = openDatabase(path);
  db.prepare(
    `INSERT INTO articles (id, dedup_key, source, title, summary, content_hash, first_seen_at, updated_at) VALUES ('a', 'k', 's', 't', 'x', 'h', 1, 1)`,
  ).run();
  db.pragma(`user_version = ${migrations.length + 1}`);
  db.close();
  const bytes = readFileSync(path);
  const before = contents(path);
  assert.ok(before.tables.length > 5 && before.rows.some((r) => r.length === 1));
  assert.throws(() => openDatabase(path), /newer than this bot/);
  assert.deepEqual(readFileSync(path), bytes, 'the file is byte for byte as it was');
  assert.deepEqual(contents(path), before);
});

// --- Both engines: the same schema, versioned the same way -----------------------------------

/** The schema's version as each engine records it. */
function schemaVersion(db: DB): number {
  const sqlite = asSqlite(db);
  return sqlite ? (sqlite.pragma('user_version', { simple: true }) as number) : postgresSchemaVersion(db);
}

forEachEngine('a new database gets every step once; opening again applies nothing', ({ engine, open }) => {
  const db = open();
  assert.equal(db.engine, engine);
  assert.equal(schemaVersion(db), migrations.length);
  assert.equal(postgresMigrations.length, migrations.length, 'both engines know the same steps');
  db.close();
  const again = open();
  assert.equal(schemaVersion(again), migrations.length);
  if (engine === 'postgres') {
    assert.deepEqual(
      again.prepare('SELECT version FROM schema_version ORDER BY version').pluck().all(),
      migrations.map((_, i) => i + 1),
    );
  }
});

forEachEngine('an older database is upgraded step by step, keeping its rows', ({ open }) => {
  const old = open({ upTo: 1 });
  assert.equal(schemaVersion(old), 1);
  old
    .prepare(
      `INSERT INTO articles (id, dedup_key, source, title, summary, content_hash, first_seen_at, updated_at) VALUES ('a', 'k', 's', 't', 'x', 'h', 1, 1)`,
    )
    .run();
  old.close();
  const db = open();
  assert.equal(schemaVersion(db), migrations.length);
  assert.deepEqual(db.prepare('SELECT id, edited_seq FROM articles').all(), [{ id: 'a', edited_seq: null }], 'step 7 added its column');
});

forEachEngine('a database from a newer bot is refused with the same clear message, its rows untouched', ({ engine, target, open }) => {
  const db = open();
  db.prepare(
    `INSERT INTO articles (id, dedup_key, source, title, summary, content_hash, first_seen_at, updated_at) VALUES ('a', 'k', 's', 't', 'x', 'h', 1, 1)`,
  ).run();
  const newer = migrations.length + 1;
  if (engine === 'sqlite') asSqlite(db)!.pragma(`user_version = ${newer}`);
  else db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, 0)').run(newer);
  db.close();
  assert.throws(() => open(), {
    message: new RegExp(`database schema version ${newer} is newer than this bot \\(${migrations.length}\\); upgrade the bot`),
  });
  const after = engine === 'sqlite' ? new Database(target, { readonly: true }) : new PostgresDatabase(target);
  try {
    assert.equal(after.prepare('SELECT count(*) AS n FROM articles').pluck().get(), 1);
  } finally {
    after.close();
  }
});

/** Each table's column names, and the named indexes with their tables, as the engine reports them. */
function shape(db: DB): { columns: Record<string, string[]>; indexes: string[] } {
  const sqlite = asSqlite(db);
  const columns: Record<string, string[]> = {};
  let indexes: string[];
  if (sqlite) {
    const tables = sqlite
      .prepare<[], string>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
      .pluck()
      .all();
    for (const t of tables) columns[t] = sqlite.prepare<[], string>(`SELECT name FROM pragma_table_info('${t}')`).pluck().all().sort();
    // Named indexes only: SQLite's automatic ones (for UNIQUE and PRIMARY KEY) have no SQL.
    indexes = sqlite
      .prepare<[], string>(`SELECT tbl_name || '.' || name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`)
      .pluck()
      .all();
  } else {
    const rows = db
      .prepare<[], { t: string; c: string }>(
        `SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = current_schema()`,
      )
      .all();
    for (const r of rows) (columns[r.t] ??= []).push(r.c);
    for (const t of Object.keys(columns)) columns[t]!.sort();
    // The version table is PostgreSQL's form of SQLite's user_version.
    delete columns.schema_version;
    indexes = db
      .prepare<[], string>(
        `SELECT tablename || '.' || indexname FROM pg_indexes WHERE schemaname = current_schema()
           AND indexname NOT IN (SELECT conname FROM pg_constraint)`,
      )
      .pluck()
      .all();
  }
  return { columns, indexes: indexes.sort() };
}

test('both engines end with the same tables, columns and indexes', async (t) => {
  const url = await freshPostgresUrl(t);
  if (typeof url !== 'string') return t.skip(url.unavailable);
  const sqlite = openStoreDatabase(tempPath());
  const pg = openStoreDatabase(url);
  try {
    const a = shape(sqlite);
    const b = shape(pg);
    assert.ok(Object.keys(a.columns).length >= 14 && a.indexes.length >= 10, 'a real schema is compared');
    assert.deepEqual(b.columns, a.columns);
    assert.deepEqual(b.indexes, a.indexes);
  } finally {
    sqlite.close();
    pg.close();
  }
});

forEachEngine('processes starting together apply each step once', async ({ engine, target, open }) => {
  const go = join(mkdtempSync(join(tmpdir(), 'feedbot-go-')), 'go');
  const child = fileURLToPath(new URL('./open-store-child.ts', import.meta.url));
  const runs = [1, 2, 3].map(
    () =>
      new Promise<string>((resolve) => {
        execFile(process.execPath, ['--import', 'tsx', child, target, go], { timeout: 60_000 }, (_err, stdout, stderr) =>
          resolve(`${stdout}${stderr}`.trim()),
        );
      }),
  );
  // Let the children load, then start them at once.
  await new Promise((r) => setTimeout(r, 1500));
  writeFileSync(go, '');
  assert.deepEqual(await Promise.all(runs), ['ok', 'ok', 'ok']);
  const db = open();
  assert.equal(schemaVersion(db), migrations.length);
  if (engine === 'postgres') assert.equal(db.prepare('SELECT count(*) FROM schema_version').pluck().get(), migrations.length);
});

forEachEngine(
  'a process starting while another holds the write lock past the usual 5 s waits to migrate, then runs',
  async ({ engine, target, open }) => {
    open({ upTo: migrations.length - 1 }).close();
    // Another process in a long write (a long migration step): the store's write lock held 7 s.
    let release: () => Promise<void>;
    if (engine === 'sqlite') {
      const holder = new Database(target);
      holder.exec('BEGIN IMMEDIATE');
      release = async () => {
        holder.exec('COMMIT');
        holder.close();
      };
    } else {
      const client = new pg.Client({ connectionString: target });
      await client.connect();
      await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})`);
      release = async () => {
        await client.query('COMMIT');
        await client.end();
      };
    }
    const go = join(mkdtempSync(join(tmpdir(), 'feedbot-go-')), 'go');
    writeFileSync(go, '');
    const child = fileURLToPath(new URL('./open-store-child.ts', import.meta.url));
    let doneAt = 0;
    const run = new Promise<string>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', child, target, go], { timeout: 60_000 }, (_err, stdout, stderr) => {
        doneAt = Date.now();
        resolve(`${stdout}${stderr}`.trim());
      });
    });
    await new Promise((r) => setTimeout(r, 7000));
    const releasedAt = Date.now();
    await release();
    assert.equal(await run, 'ok');
    assert.ok(doneAt >= releasedAt, 'it waited for the lock rather than going ahead');
    assert.equal(schemaVersion(open()), migrations.length);
  },
);

test('a database another process keeps locked: opening it says so, not that the file is unusable', { timeout: 60_000 }, () => {
  const path = tempPath();
  openDatabase(path).close();
  const holder = new Database(path);
  holder.pragma('locking_mode = EXCLUSIVE');
  holder.exec('BEGIN EXCLUSIVE');
  try {
    assert.throws(
      () => openDatabase(path),
      (e: Error) =>
        e.message.includes(path) &&
        /another process held it locked for too long/.test(e.message) &&
        !/belong to the bot’s user/.test(e.message),
    );
  } finally {
    holder.exec('COMMIT');
    holder.close();
  }
});
