// Versioned schema migrations, applied in order and tracked with PRAGMA user_version.
// Append new steps; never edit a step that has shipped. A step is SQL, or a function for
// changes SQL alone cannot express; each runs in its own transaction.
import type Database from 'better-sqlite3';
import { redactUrl, redactUrlsIn } from '../text/url-credentials';
import { canonicalUrl } from '../text/revision';

export type Migration = string | ((db: Database.Database) => void);

/**
 * Step 5: feed URLs lose their credentials (user:pass@, ?token=…) wherever an older bot stored
 * them — every article's source and each polled feed's state — and the old text is zeroed
 * in the file rather than left in free pages, so neither the database nor its backups keep it.
 */
function redactStoredFeedUrls(db: Database.Database): void {
  const wasSecure = db.pragma('secure_delete', { simple: true }) as number;
  db.pragma('secure_delete = ON');
  try {
    const sources = db.prepare<[], string>('SELECT DISTINCT source FROM articles').pluck().all();
    const renameSource = db.prepare('UPDATE articles SET source = ? WHERE source = ?');
    for (const s of sources) if (redactUrl(s) !== s) renameSource.run(redactUrl(s), s);
    const states = db.prepare<[], { url: string; last_error: string | null }>('SELECT url, last_error FROM feed_state').all();
    // Two URLs differing only in their credentials become one feed; one of the rows is kept.
    const renameState = db.prepare('UPDATE OR REPLACE feed_state SET url = ?, last_error = ? WHERE url = ?');
    for (const { url, last_error } of states) {
      const error = last_error === null ? null : redactUrlsIn(last_error);
      if (redactUrl(url) !== url || error !== last_error) renameState.run(redactUrl(url), error, url);
    }
  } finally {
    db.pragma(`secure_delete = ${wasSecure}`);
  }
}

/**
 * Step 8: articles identified by their link lose the link's tracking parameters from their
 * identity (`url:https://x/a?utm_source=rss` → `url:https://x/a`), as new ones are keyed, so a
 * feed that changes only its tracking tags updates the article instead of adding it again.
 * The article keeps its id. Where two stored rows differ only in those tags, the older row
 * takes the plain key and the other keeps its own.
 */
export function canonicalizeUrlKeys(db: Database.Database): void {
  const rows = db
    .prepare<[], { seq: number; dedup_key: string }>(`SELECT seq, dedup_key FROM articles WHERE dedup_key LIKE 'url:%' ORDER BY seq`)
    .all();
  const taken = db.prepare<[string], { seq: number }>('SELECT seq FROM articles WHERE dedup_key = ?');
  const rekey = db.prepare('UPDATE articles SET dedup_key = ? WHERE seq = ?');
  for (const r of rows) {
    const key = `url:${canonicalUrl(r.dedup_key.slice(4))}`;
    if (key !== r.dedup_key && !taken.get(key)) rekey.run(key, r.seq);
  }
}

export const migrations: Migration[] = [
  // 1: articles, their topics, and HTTP validators for polled feeds.
  `
  CREATE TABLE articles (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    dedup_key TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    guid TEXT,
    url TEXT,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    categories TEXT NOT NULL DEFAULT '[]',
    topics TEXT NOT NULL DEFAULT '[]',
    published_at TEXT,
    first_seen_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX articles_first_seen ON articles(first_seen_at, seq);
  CREATE INDEX articles_published ON articles(published_at);
  CREATE INDEX articles_title ON articles(title);
  CREATE INDEX articles_updated ON articles(updated_at);
  CREATE TABLE article_topics (
    topic TEXT NOT NULL,
    seq INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
    PRIMARY KEY (topic, seq)
  ) WITHOUT ROWID;
  CREATE TABLE feed_state (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    last_polled_at INTEGER,
    last_error TEXT
  );
  `,
  // 2: digest subscriptions, one per channel.
  `
  CREATE TABLE subscriptions (
    channel TEXT PRIMARY KEY,
    time TEXT NOT NULL,
    timezone TEXT NOT NULL,
    topics TEXT NOT NULL DEFAULT '[]',
    locale TEXT NOT NULL,
    always INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'active',
    paused_reason TEXT,
    watermark_seq INTEGER NOT NULL DEFAULT 0,
    watermark_at INTEGER NOT NULL DEFAULT 0,
    created_by TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  `,
  // 3: the digest ledger. A digest is planned (articles and rendered parts frozen) before
  // anything is sent; UNIQUE(channel, day) makes a second digest for one local day impossible.
  // The lease columns keep two processes on this database from sending the same digest.
  `
  CREATE TABLE digests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    channel TEXT NOT NULL,
    day TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'empty', 'abandoned')),
    article_ids TEXT NOT NULL DEFAULT '[]',
    up_to_seq INTEGER,
    up_to_at INTEGER,
    planned_at INTEGER NOT NULL,
    completed_at INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    lease_holder TEXT,
    lease_until INTEGER,
    UNIQUE (channel, day)
  );
  CREATE INDEX digests_pending ON digests(status) WHERE status = 'pending';
  CREATE TABLE digest_parts (
    digest_id INTEGER NOT NULL REFERENCES digests(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    reply TEXT NOT NULL,
    message_id TEXT,
    sent_at INTEGER,
    PRIMARY KEY (digest_id, idx)
  ) WITHOUT ROWID;
  `,
  // 4: indexes for paths that scanned whole tables: clearing an article's topics on update,
  // and finding a channel's unconfirmed digests before planning a new one.
  `
  CREATE INDEX article_topics_seq ON article_topics(seq);
  CREATE INDEX digests_channel_status ON digests(channel, status);
  `,
  // 5: see redactStoredFeedUrls.
  redactStoredFeedUrls,
  // 6: the hash of each polled feed's last ingested body, so an unchanged body (from a server
  // without ETag / Last-Modified) is skipped without being parsed.
  `
  ALTER TABLE feed_state ADD COLUMN body_hash TEXT;
  `,
  // 7: edits shown as updates. An article whose text changed in a way a reader notices gets the
  // next edit sequence number (edited_seq); each subscription has a second watermark for edits
  // (edits_seq), moved with a digest's confirmation like the first; a digest records what it
  // listed as updated and the edit watermark it moves to.
  `
  ALTER TABLE articles ADD COLUMN edited_seq INTEGER;
  CREATE INDEX articles_edited ON articles(edited_seq);
  ALTER TABLE subscriptions ADD COLUMN edits_seq INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE digests ADD COLUMN updated_ids TEXT NOT NULL DEFAULT '[]';
  ALTER TABLE digests ADD COLUMN up_to_edit_seq INTEGER;
  `,
  // 8: see canonicalizeUrlKeys.
  canonicalizeUrlKeys,
  // 9: keyword alerts. A chat's saved searches (watches); per chat, how far alerts have looked
  // (cursor_seq: articles up to it were considered) and whether alerts are paused; and the
  // alert ledger, planned and frozen before sending like the digest ledger (UNIQUE(channel,
  // up_to_seq): one alert per chat per batch, whichever process plans it).
  `
  CREATE TABLE watches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    channel TEXT NOT NULL,
    query TEXT NOT NULL,
    query_key TEXT NOT NULL,
    topic TEXT NOT NULL DEFAULT '',
    created_by TEXT,
    created_at INTEGER NOT NULL,
    UNIQUE (channel, query_key, topic)
  );
  CREATE TABLE watch_chats (
    channel TEXT PRIMARY KEY,
    locale TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'active',
    paused_reason TEXT,
    cursor_seq INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE alerts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    channel TEXT NOT NULL,
    from_seq INTEGER NOT NULL,
    up_to_seq INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'abandoned')),
    article_ids TEXT NOT NULL DEFAULT '[]',
    planned_at INTEGER NOT NULL,
    completed_at INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    lease_holder TEXT,
    lease_until INTEGER,
    UNIQUE (channel, up_to_seq)
  );
  CREATE INDEX alerts_channel_status ON alerts(channel, status);
  CREATE INDEX alerts_pending ON alerts(status) WHERE status = 'pending';
  CREATE TABLE alert_parts (
    alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    reply TEXT NOT NULL,
    message_id TEXT,
    sent_at INTEGER,
    PRIMARY KEY (alert_id, idx)
  ) WITHOUT ROWID;
  `,
  // 10: a rendered digest part is stored once, by the hash of its JSON, however many channels
  // get it (at 09:00 most of them get one of a few dozen digests); digest_parts.body points
  // to it, and a part stored before this step keeps its text in digest_parts.reply.
  `
  CREATE TABLE digest_bodies (
    hash TEXT PRIMARY KEY,
    reply TEXT NOT NULL
  ) WITHOUT ROWID;
  ALTER TABLE digest_parts ADD COLUMN body TEXT;
  `,
  // 11: when and why (a machine-readable code, see core/lifecycle.ts) a subscription was paused;
  // subscriptions paused before this step were paused by a refused delivery.
  `
  ALTER TABLE subscriptions ADD COLUMN paused_at INTEGER;
  ALTER TABLE subscriptions ADD COLUMN paused_code TEXT;
  UPDATE subscriptions SET paused_code = 'refused', paused_at = updated_at WHERE status = 'paused';
  `,
  // 12: what the search index (derived from articles, rebuilt from them when missing) records about
  // itself: its formats and how far it goes (src/search/body-index.ts), and a random id that tells
  // this database from a copy of another, so an index saved beside one is never used for the other.
  `
  CREATE TABLE IF NOT EXISTS search_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  INSERT OR IGNORE INTO search_meta (key, value) VALUES ('db_id', lower(hex(randomblob(16))));
  `,
  // 13: roles only one process at a time may play among those sharing the database (polling the
  // feeds, long-polling Telegram): who holds each and until when (src/store/roles.ts).
  `
  CREATE TABLE role_leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    until INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  // 14: inbound updates already handled by some process sharing the database (a webhook update
  // Telegram delivers again, or to another process behind the same address), kept a day.
  `
  CREATE TABLE seen_updates (
    key TEXT PRIMARY KEY,
    at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX seen_updates_at ON seen_updates(at);
  `,
  // 15: on PostgreSQL, a counter of article changes for the search's change token (see
  // migrations-pg.ts); SQLite's data_version already changes on every other connection's commit.
  () => {},
];
