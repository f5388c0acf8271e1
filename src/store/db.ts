// Opening the SQLite database: WAL, busy timeout, foreign keys, and migrations.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations as defaultMigrations, type Migration } from './migrations';
import { explainStorageError } from './storage-errors';

export type DB = Database.Database;

export interface OpenOptions {
  readonly?: boolean;
  migrations?: Migration[];
}

/** Opens (creating if needed) and migrates the database; a failure says which file, why, and what to do. */
export function openDatabase(path: string, opts: OpenOptions = {}): DB {
  let db: DB | undefined;
  try {
    if (path !== ':memory:' && !opts.readonly) mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
    // Another process (cli ingest, a second bot) may write at the same time: wait, don't fail.
    db.pragma('busy_timeout = 5000');
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    if (!opts.readonly) migrate(db, opts.migrations ?? defaultMigrations);
    return db;
  } catch (err) {
    try {
      db?.close();
    } catch {
      // Closing what failed to open may fail the same way; the first error is the one to report.
    }
    throw explainStorageError(err, path);
  }
}

export function migrate(db: DB, steps: Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > steps.length) {
    throw new Error(`database schema version ${current} is newer than this bot (${steps.length}); upgrade the bot`);
  }
  for (let v = current; v < steps.length; v++) {
    // IMMEDIATE: two processes starting together must not both apply the same step.
    db.transaction(() => {
      const now = db.pragma('user_version', { simple: true }) as number;
      if (now > v) return;
      const step = steps[v]!;
      if (typeof step === 'string') db.exec(step);
      else step(db);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}

/** Changes whenever another connection commits; cheap to poll before each search. */
export function dataVersion(db: DB): number {
  return db.pragma('data_version', { simple: true }) as number;
}
