import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  old.prepare(`INSERT INTO articles (id, dedup_key, source, title, summary, content_hash, first_seen_at, updated_at) VALUES ('a', 'k', 's', 't', 'x', 'h', 1, 1)`).run();
  old.close();
  const db = openDatabase(path);
  assert.equal(db.pragma('user_version', { simple: true }), migrations.length);
  assert.equal((db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n, 1);
  db.close();
});

test('a database from a newer bot is refused with a clear message, not corrupted', () => {
  const path = tempPath();
  const db = openDatabase(path);
  db.pragma(`user_version = ${migrations.length + 1}`);
  db.close();
  assert.throws(() => openDatabase(path), /newer than this bot/);
});
