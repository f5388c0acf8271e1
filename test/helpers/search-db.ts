// Test helper: a real database file in a temp dir, opened through the app as
// the bot opens it, holding the given articles; reopen() is another start of
// the same database (a new process's view: a fresh search service).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { FeedEntry } from '../../src/feeds/types';

export interface SearchDb {
  dir: string;
  dbPath: string;
  app: App;
  /** Closes the current app (saving its index) and opens the database again. */
  reopen(): App;
  /** Another connection to the same file, as another process would have. */
  other(): App;
  close(): void;
}

export type Entry = Pick<FeedEntry, 'guid' | 'title' | 'text' | 'categories'> & Partial<FeedEntry>;

export function searchDb(entries: Entry[] = []): SearchDb {
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-search-'));
  const dbPath = join(dir, 'feedbot.db');
  const open = () => openApp(loadConfig({ DATABASE_PATH: dbPath, BOT_LOCALE: 'en' }));
  const others: App[] = [];
  const db: SearchDb = {
    dir,
    dbPath,
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
