// The body index's tables and what it records about itself in search_meta:
// its format, how far it goes, its generation (body_id) and — when it lives
// in a file of its own rather than in the store's database — which store it
// covers (store_id) and the id of the last article it covers (body_seq_id).
// Tables of another format, of another store, or covering articles the store
// does not have (a store restored from an older backup) are dropped and made
// again, to be filled from the articles.
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ArchiveReader } from './archive-reader';

/** The search indexes' own database: always SQLite (FTS5), whatever engine holds the store. */
export type IndexDb = Database.Database;

/** Bump when what the tables hold changes: the index is then rebuilt from the articles. */
export const BODY_FORMAT = '2';

/**
 * FTS5's write settings for the body index, kept in its config table:
 * - automerge: how many segments of one level gather before FTS5 merges them (default 4).
 *   Merging more at a time rewrites each posting fewer times as the index grows.
 * - hashsize: bytes of pending postings held in memory before a segment is written (default
 *   1 MB, less than one indexing step of long articles makes): one segment per step, not several.
 * Inserting 30k realistic articles' rows alone cost 11–12 s of CPU with these, 16–17 s without,
 * with the same query times.
 */
export const BODY_WRITE_SETTINGS = { automerge: 16, hashsize: 16 * 1024 * 1024 } as const;

/** Sets the body table's write settings where they differ; inside a write transaction. */
export function tuneWrites(db: IndexDb): void {
  const now = new Map(
    db
      .prepare<[], { k: string; v: unknown }>('SELECT k, v FROM search_body_config')
      .all()
      .map((r) => [r.k, r.v]),
  );
  for (const [k, v] of Object.entries(BODY_WRITE_SETTINGS)) {
    // Literals: FTS5 refuses a bound value here ("SQL logic error").
    if (now.get(k) !== v) db.exec(`INSERT INTO search_body (search_body, rank) VALUES ('${k}', ${v})`);
  }
}

/** Whether the database has the search_meta table (read-only databases from before it do not). */
export function hasSearchMeta(db: IndexDb): boolean {
  return !!db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_meta'`).get();
}

export function readMeta(db: IndexDb, key: string): string | undefined {
  return db.prepare<[string], { value: string }>('SELECT value FROM search_meta WHERE key = ?').get(key)?.value;
}

export function writeMeta(db: IndexDb, key: string, value: string | number): void {
  db.prepare('INSERT INTO search_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    key,
    String(value),
  );
}

/**
 * Runs `fn` in an IMMEDIATE transaction without waiting for the write lock:
 * null when another connection holds it.
 */
export function tryImmediate<T>(db: IndexDb, fn: () => T): T | null {
  const wait = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    return db.transaction(fn).immediate();
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY') return null;
    throw err;
  } finally {
    db.pragma(`busy_timeout = ${wait}`);
  }
}

/** Where the body index lives and what it reads. */
export interface BodySource {
  /** The index's own database: the store's, or a file of its own. */
  db: IndexDb;
  articles: ArchiveReader;
  /** The index is in a file of its own: it keeps the articles' topics itself and checks which store it covers. */
  own: boolean;
}

/** Why the tables cannot be used as they are, or null when they can. */
function staleness(src: BodySource): string | null {
  const { db, articles } = src;
  if (readMeta(db, 'body_format') !== BODY_FORMAT) return 'format';
  if (!src.own) return null;
  if (readMeta(db, 'store_id') !== articles.storeId()) return 'made for another store';
  const seq = Number(readMeta(db, 'body_seq') ?? 0);
  if (seq && articles.idAt(seq) !== readMeta(db, 'body_seq_id')) return 'covers articles the store does not have';
  return null;
}

/**
 * Creates the body tables, or drops and recreates them when they cannot be
 * used as they are. Returns false when busy; `onRebuild` hears why tables
 * that were there are dropped.
 */
export function ensureBodyTables(src: BodySource, onRebuild: (reason: string) => void = () => {}): boolean {
  if (staleness(src) === null) return true;
  const { db, articles } = src;
  return (
    tryImmediate(db, () => {
      const why = staleness(src);
      if (why === null) return true;
      if (readMeta(db, 'body_format') !== undefined) onRebuild(why);
      db.exec(`
        DROP TABLE IF EXISTS search_body;
        DROP TABLE IF EXISTS search_body_docs;
        DROP TABLE IF EXISTS search_terms;
        DROP TABLE IF EXISTS search_body_topics;
        CREATE VIRTUAL TABLE search_body USING fts5(title, body, tags, pieces, content='', contentless_delete=1, tokenize='unicode61');
        CREATE TABLE search_body_docs (seq INTEGER PRIMARY KEY, sig INTEGER NOT NULL);
        CREATE TABLE search_terms (id INTEGER PRIMARY KEY, term TEXT NOT NULL UNIQUE);
      `);
      if (src.own) {
        db.exec(`
          CREATE TABLE search_body_topics (topic TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (topic, seq)) WITHOUT ROWID;
          CREATE INDEX search_body_topics_seq ON search_body_topics (seq);
        `);
        writeMeta(db, 'store_id', articles.storeId());
        writeMeta(db, 'body_seq_id', '');
      }
      // Rows changed before now are indexed as they are when their seq comes up.
      const last = articles.last();
      writeMeta(db, 'body_seq', 0);
      writeMeta(db, 'body_changed_at', last.updatedAt);
      writeMeta(db, 'body_changed_seq', last.seq);
      writeMeta(db, 'body_id', randomBytes(8).toString('hex'));
      writeMeta(db, 'body_format', BODY_FORMAT);
      return true;
    }) ?? false
  );
}
