// Test helper: a real database file in a temp dir, opened through the app as
// the bot opens it, holding the given articles; reopen() is another start of
// the same database (a new process's view: a fresh search service). With
// `separateIndex`, the search indexes live in a file of their own
// (SEARCH_INDEX_PATH, at indexPath) rather than inside the database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { FeedEntry } from '../../src/feeds/types';

export interface SearchDb {
  dir: string;
  dbPath: string;
  /** SEARCH_INDEX_PATH, when the indexes live in a file of their own. */
  indexPath: string | undefined;
  /** The environment the app is opened with, for other processes. */
  env: Record<string, string>;
  app: App;
  /** Closes the current app (saving its index) and opens the database again. */
  reopen(): App;
  /** Another connection to the same file, as another process would have. */
  other(): App;
  close(): void;
}

export type Entry = Pick<FeedEntry, 'guid' | 'title' | 'text' | 'categories'> & Partial<FeedEntry>;

export function searchDb(entries: Entry[] = [], opts: { separateIndex?: boolean } = {}): SearchDb {
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-search-'));
  const dbPath = join(dir, 'feedbot.db');
  const indexPath = opts.separateIndex ? join(dir, 'index', 'search.db') : undefined;
  const env: Record<string, string> = { DATABASE_PATH: dbPath, BOT_LOCALE: 'en', ...(indexPath ? { SEARCH_INDEX_PATH: indexPath } : {}) };
  const open = () => openApp(loadConfig(env));
  const others: App[] = [];
  const db: SearchDb = {
    dir,
    dbPath,
    indexPath,
    env,
    app: open(),
    reopen() {
      db.app.close();
      db.app = open();
      return db.app;
    },
    other() {
      const app = open();
      others.push(app);
      return app;
    },
    close() {
      for (const o of others) o.close();
      db.app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  if (entries.length) db.app.ingest({ source: 'test', entries: entries.map((e) => ({ ...e })) });
  return db;
}
