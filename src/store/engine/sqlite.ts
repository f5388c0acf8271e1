// The SQLite engine: better-sqlite3's handle already has the store contract's shape; it gains
// only the `engine` tag. Its extra features (pragma, backup, FTS5) are used through SqliteDB
// only where SQLite is certain.
import Database from 'better-sqlite3';
import type { SqlDatabase } from './types';

export type SqliteDB = Database.Database & { readonly engine: 'sqlite' };

// Every handle, however opened (tests open some directly), says which engine it is.
if (!Object.prototype.hasOwnProperty.call(Database.prototype, 'engine')) {
  Object.defineProperty(Database.prototype, 'engine', { value: 'sqlite', enumerable: false });
}

export function openSqlite(path: string, options: Database.Options): SqliteDB {
  return new Database(path, options) as SqliteDB;
}

/**
 * The handle as SQLite's, or null on PostgreSQL. A better-sqlite3 handle opened in a thread
 * that never loaded this module lacks the tag, and is SQLite all the same.
 */
export function asSqlite(db: SqlDatabase): SqliteDB | null {
  return db.engine === 'postgres' ? null : (db as unknown as SqliteDB);
}
