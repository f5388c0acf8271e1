// Opening the SQLite database: WAL, busy timeout, foreign keys, and migrations.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations as defaultMigrations, type Migration } from './migrations';

export type DB = Database.Database;

export interface OpenOptions {
  readonly?: boolean;
  migrations?: Migration[];
}

export function openDatabase(path: string, opts: OpenOptions = {}): DB {
  if (path !== ':memory:' && !opts.readonly) mkdirSync(dirname(path), { recursive: true });
  let db: DB;
  try {
    db = new Database(path, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  } catch (err) {
    throw new Error(`cannot open database ${path}: ${(err as Error).message}`);
  }
  // Another process (cli ingest, a second bot) may write at the same time: wait, don't fail.
  db.pragma('busy_timeout = 5000');
  if (!opts.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  db.pragma('foreign_keys = ON');
  if (!opts.readonly) {
    try {
      migrate(db, opts.migrations ?? defaultMigrations);
    } catch (err) {
      db.close();
      throw err;
    }
  }
  return db;
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
