// Opening the store's database: SQLite at a path (WAL, busy timeout, foreign keys), or
// PostgreSQL at a postgres:// URL; migrated either way.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { redactUrl } from '../text/url-credentials';
import { isPostgresUrl, PostgresDatabase } from './engine/postgres';
import { asSqlite, openSqlite, type SqliteDB } from './engine/sqlite';
import type { SqlDatabase } from './engine/types';
import { migrations as defaultMigrations, type Migration } from './migrations';
import { postgresMigrations, type PgMigration } from './migrations-pg';
import { explainStorageError } from './storage-errors';

/** The store's handle, on either engine (see engine/types.ts). */
export type DB = SqlDatabase;
export type { SqliteDB, SqlDatabase };
export { asSqlite, isPostgresUrl };

/** The handle as SQLite's, for a feature only SQLite has (`what` says which); a clear error on another engine. */
export function requireSqlite(db: DB, what: string): SqliteDB {
  const sqlite = asSqlite(db);
  if (!sqlite) throw new Error(`${what} needs a SQLite database; this store is on ${db.engine}`);
  return sqlite;
}

export interface OpenOptions {
  readonly?: boolean;
  /** SQLite steps to apply (tests open an older schema with a prefix of them). */
  migrations?: Migration[];
}

/** How long a statement waits for another process's lock. */
const BUSY_MS = 5000;

/**
 * Runs `fn`, again every few milliseconds while SQLite answers SQLITE_BUSY, for up to `ms`.
 * Switching a new database to WAL can be refused at once, without the busy handler, while
 * another process is switching it too.
 */
function whileBusy<T>(fn: () => T, ms: number): T {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return fn();
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() >= until) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

/** Opens (creating if needed) and migrates a SQLite database; a failure says which file, why, and what to do. */
export function openDatabase(path: string, opts: OpenOptions = {}): SqliteDB {
  let db: SqliteDB | undefined;
  try {
    if (path !== ':memory:' && !opts.readonly) mkdirSync(dirname(path), { recursive: true });
    db = openSqlite(path, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
    // Another process (cli ingest, a second bot) may write at the same time: wait, don't fail.
    db.pragma(`busy_timeout = ${BUSY_MS}`);
    if (!opts.readonly) {
      const open = db;
      whileBusy(() => open.pragma('journal_mode = WAL'), BUSY_MS);
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    if (!opts.readonly) migrateSqlite(db, opts.migrations ?? defaultMigrations);
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

export interface StoreTarget {
  /** postgres:// or postgresql:// selects PostgreSQL. */
  databaseUrl?: string;
  /** PostgreSQL only: how long one statement may take (default 60 s). */
  queryTimeoutMs?: number;
  /** PostgreSQL only: how long one statement of a schema migration may take (default an hour). */
  migrationTimeoutMs?: number;
  /** The SQLite file otherwise. */
  databasePath: string;
}

export interface StoreOpenOptions {
  /** Schema steps to apply, on either engine (tests open an older schema); all by default. */
  upTo?: number;
}

/** The configured store: PostgreSQL when a postgres:// URL is given, else SQLite at the path. */
export function openStoreDatabase(target: StoreTarget | string, opts: StoreOpenOptions = {}): DB {
  const t =
    typeof target === 'string' ? (isPostgresUrl(target) ? { databaseUrl: target, databasePath: '' } : { databasePath: target }) : target;
  if (t.databaseUrl) return openPostgres(t.databaseUrl, t, opts);
  return openDatabase(t.databasePath, opts.upTo === undefined ? {} : { migrations: defaultMigrations.slice(0, opts.upTo) });
}

function openPostgres(
  url: string,
  limits: Pick<StoreTarget, 'queryTimeoutMs' | 'migrationTimeoutMs'>,
  opts: StoreOpenOptions,
): PostgresDatabase {
  if (!isPostgresUrl(url)) throw new Error(`DATABASE_URL must start with postgres:// or postgresql:// (got ${redactUrl(url)})`);
  const db = new PostgresDatabase(url, limits.queryTimeoutMs === undefined ? {} : { queryTimeoutMs: limits.queryTimeoutMs });
  try {
    migratePostgres(db, postgresMigrations.slice(0, opts.upTo ?? postgresMigrations.length), limits.migrationTimeoutMs);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

function tooNew(current: number, known: number): Error {
  return new Error(`database schema version ${current} is newer than this bot (${known}); upgrade the bot`);
}

/**
 * How long a process starting while another migrates waits for each step. A step may rewrite a
 * large table; the usual five seconds would fail every process started beside the one upgrading.
 */
export const MIGRATION_BUSY_MS = 120_000;

/**
 * How long one statement of a PostgreSQL migration step may take by default: a step may rewrite
 * a whole table, far past the ordinary query timeout (DATABASE_MIGRATION_TIMEOUT_SECONDS).
 */
export const MIGRATION_TIMEOUT_MS = 3_600_000;

function migrateSqlite(db: SqliteDB, steps: Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > steps.length) throw tooNew(current, steps.length);
  if (current === steps.length) return;
  const wait = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma(`busy_timeout = ${Math.max(wait, MIGRATION_BUSY_MS)}`);
  try {
    applySteps(db, steps, current);
  } finally {
    db.pragma(`busy_timeout = ${wait}`);
  }
}

function applySteps(db: SqliteDB, steps: Migration[], current: number): void {
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

/** The schema version of a PostgreSQL database; 0 when it has none yet. */
export function postgresSchemaVersion(db: DB): number {
  const exists = db.prepare(`SELECT to_regclass('schema_version') IS NOT NULL AS e`).pluck().get() as boolean;
  if (!exists) return 0;
  return (db.prepare('SELECT coalesce(max(version), 0) AS v FROM schema_version').pluck().get() as number | undefined) ?? 0;
}

/**
 * Applies the PostgreSQL steps the database lacks, each in its own transaction, each statement
 * limited to `timeoutMs` rather than the ordinary query timeout.
 */
export function migratePostgres(db: DB, steps: PgMigration[], timeoutMs = MIGRATION_TIMEOUT_MS): void {
  const current = postgresSchemaVersion(db);
  if (current > steps.length) throw tooNew(current, steps.length);
  if (current === steps.length) return;
  if (db instanceof PostgresDatabase) {
    db.withStatementLimit({ ms: timeoutMs, setting: 'DATABASE_MIGRATION_TIMEOUT_SECONDS' }, () => migratePostgresSteps(db, steps, current));
  } else {
    migratePostgresSteps(db, steps, current);
  }
}

function migratePostgresSteps(db: DB, steps: PgMigration[], current: number): void {
  // As on SQLite, a process starting beside one that is migrating waits longer than usual for
  // the write lock. A SELECT, so that setting it does not itself wait for that lock.
  const wait = db.prepare(`SELECT current_setting('lock_timeout') AS v`).pluck().get() as string;
  const setWait = (v: string) => db.prepare(`SELECT set_config('lock_timeout', ?, false)`).get(v);
  setWait(`${MIGRATION_BUSY_MS}ms`);
  try {
    applyPostgresSteps(db, steps, current);
  } finally {
    setWait(wait);
  }
}

function applyPostgresSteps(db: DB, steps: PgMigration[], current: number): void {
  // Every transaction takes the write lock first, so two processes starting together apply
  // each step once: the second finds it recorded.
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
  })();
  for (let v = current; v < steps.length; v++) {
    db.transaction(() => {
      if (postgresSchemaVersion(db) > v) return;
      const step = steps[v]!;
      if (typeof step === 'string') db.exec(step);
      else step(db);
      db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)').run(v + 1, Date.now());
    })();
  }
}

let uncached = 0;

/**
 * Changes whenever another connection commits; cheap to poll before each search. PostgreSQL
 * has no such counter, so there it changes on every call: a cache keyed on it is never stale.
 */
export function dataVersion(db: DB): number {
  const sqlite = asSqlite(db);
  return sqlite ? (sqlite.pragma('data_version', { simple: true }) as number) : --uncached;
}
