// What the search service is built over: the articles (read through the
// archive reader) and the SQLite database its indexes live in. By default that
// is the store's own database file, as it always was. With SEARCH_INDEX_PATH
// it is a file of its own — the layout for a store shared by several
// instances (each keeps its own index) — that records which store it covers
// and how far, so it is caught up, or rebuilt, but never used for the wrong
// articles (body-tables.ts, head-sync.ts). It holds only derived data: a
// file that is not a readable database is replaced.
import Database from 'better-sqlite3';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../core/log';
import type { ArchiveReader } from './archive-reader';
import type { IndexDb } from './body-tables';
import type { DB } from '../store/db';
import { StoreArchiveReader } from './store-archive';

export interface SearchSources {
  articles: ArchiveReader;
  /** Where the indexes live: the store's database, or a file of their own. */
  indexDb: IndexDb;
  /** indexDb is a file of its own, not the store's database. */
  separate: boolean;
}

/**
 * The articles of the store on `storeDb`, indexed in `indexDb`; without it,
 * in the store's own database, which must then be SQLite. `storeUrl`: a
 * PostgreSQL store's URL, so the body index's worker thread reads with a
 * connection of its own (without it, it reads in the main thread).
 */
export function searchSources(storeDb: DB, indexDb?: IndexDb, storeUrl?: string): SearchSources {
  const articles = new StoreArchiveReader(storeDb, storeUrl);
  if (indexDb && (indexDb as object) !== storeDb) return { articles, indexDb, separate: true };
  if ((storeDb as { engine?: string }).engine === 'postgres') {
    throw new Error('the search index needs a SQLite file of its own beside a PostgreSQL store: set SEARCH_INDEX_PATH');
  }
  // Not PostgreSQL: the store's handle is better-sqlite3's own.
  return { articles, indexDb: storeDb as unknown as IndexDb, separate: false };
}

/** SQLite's answers for a file that is not (or no longer) a database. */
const UNREADABLE = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT']);

function open(path: string): IndexDb {
  const db = new Database(path);
  try {
    // Another process (cli ingest with the same settings) may index into the same file at once.
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    if ((db.pragma('user_version', { simple: true }) as number) > 0) {
      throw new Error(`SEARCH_INDEX_PATH (${path}) is a bot database, not a search index file: give the index a file of its own`);
    }
    db.exec('CREATE TABLE IF NOT EXISTS search_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Opens (creating if needed) a search index file of its own. */
export function openSearchIndex(path: string, log?: Logger): IndexDb {
  mkdirSync(dirname(path), { recursive: true });
  try {
    return open(path);
  } catch (err) {
    if (!UNREADABLE.has((err as { code?: string }).code ?? '')) throw err;
    log?.warn('search: the index file is not a readable database; making a new one', { path, reason: (err as Error).message });
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
    return open(path);
  }
}
