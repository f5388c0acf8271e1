import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../src/store/db';
import { migrations } from '../../src/store/migrations';

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
