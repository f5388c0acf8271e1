// `cli backup` copies a SQLite store; a PostgreSQL store is pg_dump's job, and says so.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { backupDatabase, UseServerBackupError } from '../../src/store/backup';
import { forEachEngine } from '../helpers/engines';

forEachEngine('backup copies a SQLite store and points a PostgreSQL one to pg_dump, writing nothing', async ({ engine, open }) => {
  const db = open();
  db.prepare(
    `INSERT INTO articles (id, dedup_key, source, title, summary, content_hash, first_seen_at, updated_at) VALUES ('a', 'k', 's', 't', 'x', 'h', 1, 1)`,
  ).run();
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-backup-'));
  const dest = join(dir, 'copy.db');
  if (engine === 'sqlite') {
    await backupDatabase(db, dest);
    const copy = new Database(dest, { readonly: true });
    assert.equal(copy.prepare('SELECT count(*) FROM articles').pluck().get(), 1);
    copy.close();
  } else {
    await assert.rejects(backupDatabase(db, dest), (e: Error) => e instanceof UseServerBackupError && /pg_dump/.test(e.message));
    assert.equal(existsSync(dest), false);
    assert.deepEqual(readdirSync(dir), []);
  }
});
