// The store's database handle: the part of better-sqlite3's API the code uses, which the SQLite
// engine (better-sqlite3 itself) and the PostgreSQL engine (./postgres.ts) both provide.
// SQLite-only features (pragma, backup, FTS5, memory, name) stay on SqliteDB (./sqlite.ts).

export type Engine = 'sqlite' | 'postgres';

export interface RunResult {
  changes: number;
  /** SQLite only: PostgreSQL has no rowid; new code reads ids with RETURNING instead. */
  lastInsertRowid: number | bigint;
}

export interface SqlStatement<P extends unknown[] = unknown[], R = unknown> {
  run(...params: P): RunResult;
  get(...params: P): R | undefined;
  all(...params: P): R[];
  iterate(...params: P): IterableIterator<R>;
  /** Rows come back as their first column's value. */
  pluck(toggle?: boolean): this;
}

// better-sqlite3's own shape (so its handle is a SqlDatabase): any function is a transaction body.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the parameter list is the body's, whatever it is
type AnyFn = (...params: any[]) => unknown;
type ArgumentTypes<F extends AnyFn> = F extends (...args: infer A) => unknown ? A : never;

export interface SqlTransaction<F extends AnyFn> {
  (...params: ArgumentTypes<F>): ReturnType<F>;
  /** Begins by taking the write lock, so a read-then-write inside cannot race another writer. */
  immediate(...params: ArgumentTypes<F>): ReturnType<F>;
}

export interface SqlDatabase {
  readonly engine: Engine;
  /** False once closed. */
  readonly open: boolean;
  readonly inTransaction: boolean;
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- better-sqlite3's own signature, so its handle fits
  prepare<P extends unknown[] | {} = unknown[], R = unknown>(sql: string): P extends unknown[] ? SqlStatement<P, R> : SqlStatement<[P], R>;
  /** Runs one or more statements without parameters. */
  exec(sql: string): this;
  /** Runs fn in a transaction (a savepoint when nested); a throw rolls it back and is rethrown. */
  transaction<F extends AnyFn>(fn: F): SqlTransaction<F>;
  close(): unknown;
}
