// Migration steps that change stored data, not only the schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/store/db';
import { canonicalizeUrlKeys, migrations } from '../../src/store/migrations';
import { ArticleStore } from '../../src/store/articles';

const SECRETS = ['s3cretPa55word', 'tok-9f8e7d6c5b', 'key-0a1b2c3d4e'];

/** The database file as bytes, with its WAL if one was left: what a backup or a copy would carry. */
function fileBytes(path: string): string {
  const parts = [readFileSync(path)];
  if (existsSync(`${path}-wal`)) parts.push(readFileSync(`${path}-wal`));
  return Buffer.concat(parts).toString('latin1');
}

test('feed URL credentials stored by an older bot are redacted, and gone from the file', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'feedbot-mig-')), 'feedbot.db');
  const old = openDatabase(path, { migrations: migrations.slice(0, 4) });
  const insert = old.prepare(
    `INSERT INTO articles (id, dedup_key, source, title, summary, content_hash, first_seen_at, updated_at) VALUES (?, ?, ?, 't', 'x', 'h', 1, 1)`,
  );
  const withCredentials = `https://reader:${SECRETS[0]}@feeds.example/rss?token=${SECRETS[1]}&page=2`;
  const plain = 'https://feeds.example/plain.xml';
  insert.run('a1', 'k1', withCredentials);
  insert.run('a2', 'k2', withCredentials);
  insert.run('a3', 'k3', plain);
  insert.run('a4', 'k4', '/srv/feeds/local file.xml');
  const state = old.prepare('INSERT INTO feed_state (url, etag, last_error) VALUES (?, ?, ?)');
  state.run(withCredentials, '"v1"', null);
  state.run(`https://feeds.example/json?api_key=${SECRETS[2]}`, null, `https://feeds.example/json?api_key=${SECRETS[2]}: HTTP 500`);
  state.run(plain, '"v2"', null);
  old.close();
  for (const s of SECRETS) assert.ok(fileBytes(path).includes(s), 'the old file holds the secret');

  const db = openDatabase(path);
  assert.deepEqual(db.prepare('SELECT id, source FROM articles ORDER BY id').all(), [
    { id: 'a1', source: 'https://***@feeds.example/rss?token=***&page=2' },
    { id: 'a2', source: 'https://***@feeds.example/rss?token=***&page=2' },
    { id: 'a3', source: plain },
    { id: 'a4', source: '/srv/feeds/local file.xml' },
  ]);
  assert.deepEqual(db.prepare('SELECT url, etag, last_error FROM feed_state ORDER BY url').all(), [
    { url: 'https://***@feeds.example/rss?token=***&page=2', etag: '"v1"', last_error: null },
    { url: 'https://feeds.example/json?api_key=***', etag: null, last_error: 'https://feeds.example/json?api_key=***: HTTP 500' },
    { url: plain, etag: '"v2"', last_error: null },
  ]);
  db.close();
  const bytes = fileBytes(path);
  for (const s of SECRETS) assert.equal(bytes.indexOf(s), -1, `${s} is still in the file`);
});

test('link identities lose their tracking parameters on upgrade; the article keeps its id and a retagged re-ingest updates it', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'feedbot-mig-')), 'feedbot.db');
  const step = migrations.indexOf(canonicalizeUrlKeys);
  assert.ok(step > 0);
  const old = openDatabase(path, { migrations: migrations.slice(0, step) });
  const add = old.prepare(
    `INSERT INTO articles (id, dedup_key, source, url, title, summary, content_hash, first_seen_at, updated_at) VALUES (?, ?, 's', ?, 't', 'x', 'h', 1, 1)`,
  );
  add.run('a1', 'url:https://b.example/p?utm_source=rss', 'https://b.example/p?utm_source=rss');
  add.run('a2', 'url:https://b.example/q?utm_source=rss', 'https://b.example/q?utm_source=rss');
  add.run('a3', 'url:https://b.example/q?utm_source=mail', 'https://b.example/q?utm_source=mail');
  add.run('a4', 'url:https://b.example/r?id=1', 'https://b.example/r?id=1');
  old.close();
  const db = openDatabase(path);
  const keys = Object.fromEntries(
    db
      .prepare<[], { id: string; dedup_key: string }>('SELECT id, dedup_key FROM articles')
      .all()
      .map((r) => [r.id, r.dedup_key]),
  );
  assert.deepEqual(keys, {
    a1: 'url:https://b.example/p',
    a2: 'url:https://b.example/q',
    a3: 'url:https://b.example/q?utm_source=mail', // its twin took the plain key first
    a4: 'url:https://b.example/r?id=1',
  });
  const store = new ArticleStore(db);
  const { outcome, article } = store.upsert(
    {
      id: 'new',
      dedupKey: 'url:https://b.example/p',
      source: 's',
      guid: null,
      url: 'https://b.example/p?utm_source=x',
      title: 't',
      summary: 'x',
      contentHash: 'h',
      categories: [],
      topics: [],
      publishedAt: null,
    },
    2,
  );
  assert.equal(outcome, 'updated');
  assert.equal(article.id, 'a1');
  db.close();
  rmSync(join(path, '..'), { recursive: true, force: true });
});
