// Versioned schema migrations, applied in order and tracked with PRAGMA user_version.
// Append new steps; never edit a step that has shipped.

export const migrations: string[] = [
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
];
