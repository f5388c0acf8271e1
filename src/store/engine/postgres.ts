// The PostgreSQL engine behind the synchronous store contract (./types.ts). One connection per
// opened database, held by a worker thread (./pg-worker.ts); each statement is one round trip
// during which this thread waits (measured in README, "PostgreSQL"). Every write — a
// transaction, or a lone write statement — first takes one advisory lock, so writers are
// serialized as SQLite's single writer serializes them, and every exactly-once argument made
// for SQLite holds here unchanged.
import { createSyncFn } from 'synckit';
import { redactUrl, redactUrlsIn } from '../../text/url-credentials';
import { failureMessage, statementTimeoutMessage, type StatementLimit } from './pg-failures';
import { bindValues, toNumberedParameters, type Rewritten } from './placeholders';
import type { ConnectionFailure, ConnectOptions, QueryResult, Request, Response, WireError } from './pg-protocol';
import { WRITE_LOCK_KEY } from './pg-protocol';
import type { RunResult, SqlDatabase, SqlStatement, SqlTransaction } from './types';

/** An error PostgreSQL reported, with its SQLSTATE (`code`, e.g. '23505' for a unique violation). */
export class PostgresError extends Error {
  readonly code: string | undefined;
  readonly detail: string | undefined;
  readonly constraint: string | undefined;
  /** Set when the connection failed rather than the statement. */
  readonly failure: ConnectionFailure | undefined;
  constructor(e: WireError, where: string) {
    super(`${redactUrlsIn(e.message)} (PostgreSQL at ${where})`);
    this.name = 'PostgresError';
    this.code = e.code;
    this.detail = e.detail === undefined ? undefined : redactUrlsIn(e.detail);
    this.constraint = e.constraint;
    this.failure = e.failure;
  }
}

let bridge: ((req: Request) => Response) | undefined;
function call(req: Request): Response {
  bridge ??= createSyncFn<(req: Request) => Promise<Response>>(new URL('./pg-worker-entry.mjs', import.meta.url).href);
  return bridge(req);
}

export function isPostgresUrl(s: string): boolean {
  return /^postgres(ql)?:\/\//i.test(s);
}

/** What a statement's first word says about it: only a plain read skips the write lock. */
function isRead(sql: string): boolean {
  return /^\s*(select|values|show|explain)\b/i.test(sql.replace(/^(\s*(--[^\n]*\n|\/\*[\s\S]*?\*\/))*/, ''));
}

/** A Uint8Array that crossed the thread boundary is a Buffer again, as better-sqlite3 returns BLOBs. */
function fromWire(v: unknown): unknown {
  return v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v;
}

const SAVEPOINT = 'feedbot_sp';
const QUERY_TIMEOUT_SETTING = 'DATABASE_QUERY_TIMEOUT_SECONDS';

export class PostgresDatabase implements SqlDatabase {
  readonly engine = 'postgres' as const;
  /** The URL without its password, for messages. */
  readonly where: string;
  private conn: number | null;
  private depth = 0;
  /** The message of a statement that failed inside the open transaction (or savepoint), which PostgreSQL has thereby aborted. */
  private failed: string | null = null;
  private readonly cache = new Map<string, Rewritten>();
  private readonly queryTimeoutMs: number;
  /** The limit on each statement now: the query timeout, or a longer one for a while (withStatementLimit). */
  private limit: StatementLimit;

  constructor(url: string, options: Partial<Omit<ConnectOptions, 'url'>> = {}) {
    this.where = redactUrl(url);
    this.queryTimeoutMs = options.queryTimeoutMs ?? 60_000;
    this.limit = { ms: this.queryTimeoutMs, setting: QUERY_TIMEOUT_SETTING };
    this.conn = this.send({
      op: 'open',
      options: {
        url,
        lockTimeoutMs: options.lockTimeoutMs ?? 5000,
        connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
        queryTimeoutMs: this.queryTimeoutMs,
      },
    }).conn!;
  }

  get open(): boolean {
    return this.conn !== null;
  }

  get inTransaction(): boolean {
    return this.depth > 0;
  }

  /**
   * Sends one request. A dead connection is replaced by the worker only when `reconnect` says
   * the statement is outside a transaction (or begins one); within one, it fails the statement.
   */
  private send(req: Request): Extract<Response, { ok: true }> {
    const res = call(req);
    if (res.ok) return res;
    const e = res.error;
    const at =
      req.op === 'open'
        ? 'open'
        : req.op === 'exec' && req.text === 'COMMIT'
          ? 'commit'
          : 'reconnect' in req && !req.reconnect
            ? 'transaction'
            : 'statement';
    const message = e.failure ? failureMessage(e.failure, e.message, at, this.limit) : statementTimeoutMessage(e, this.limit);
    throw new PostgresError(message === null ? e : { ...e, message }, this.where);
  }

  /**
   * Runs `fn` with each statement limited to `limit.ms` instead of the query timeout (schema
   * migrations, which may rewrite a whole table). Outside any transaction only: the session
   * setting it needs must not be undone by a transaction's rollback.
   */
  withStatementLimit<T>(limit: StatementLimit, fn: () => T): T {
    if (this.depth > 0) throw new TypeError('a statement limit cannot change inside a transaction');
    const before = this.limit;
    this.limit = limit;
    try {
      return fn();
    } finally {
      this.limit = before;
    }
  }

  /** The request's limit, when it is not the connection's own. */
  private timeout(): { timeoutMs?: number } {
    return this.limit.ms === this.queryTimeoutMs ? {} : { timeoutMs: this.limit.ms };
  }

  private connection(): number {
    if (this.conn === null) throw new TypeError('The database connection is not open');
    return this.conn;
  }

  /** Runs one statement; a write outside a transaction takes the write lock for itself. */
  query(sql: string, args: readonly unknown[]): QueryResult {
    let r = this.cache.get(sql);
    if (!r) {
      r = toNumberedParameters(sql);
      this.cache.set(sql, r);
    }
    const values = bindValues(r.slots, args);
    const lock = this.depth === 0 && !isRead(sql);
    if (this.failed !== null) {
      throw new Error(
        `an earlier statement in this transaction failed (${this.failed}); PostgreSQL ends the transaction there, so let that error end it (or avoid it: ON CONFLICT)`,
      );
    }
    try {
      return this.send({ op: 'query', conn: this.connection(), text: r.text, values, lock, reconnect: this.depth === 0, ...this.timeout() })
        .result!;
    } catch (err) {
      // Unlike SQLite, PostgreSQL refuses every later statement of a transaction once one failed.
      if (this.depth > 0) this.failed = (err as Error).message;
      throw err;
    }
  }

  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- better-sqlite3's own signature, so its handle fits
  prepare<P extends unknown[] | {} = unknown[], R = unknown>(sql: string): P extends unknown[] ? SqlStatement<P, R> : SqlStatement<[P], R> {
    return new PostgresStatement(this, sql) as unknown as P extends unknown[] ? SqlStatement<P, R> : SqlStatement<[P], R>;
  }

  exec(sql: string): this {
    const outside = this.depth === 0;
    this.send({
      op: 'exec',
      conn: this.connection(),
      text: outside && !isRead(sql) ? withLock(sql) : sql,
      reconnect: outside,
      ...this.timeout(),
    });
    return this;
  }

  transaction<F extends (...params: never[]) => unknown>(fn: F): SqlTransaction<F> {
    const run = (...params: Parameters<F>): ReturnType<F> => {
      const conn = this.connection();
      const nested = this.depth > 0;
      const sp = `${SAVEPOINT}${this.depth}`;
      try {
        // BEGIN may open a new connection; a savepoint belongs to the connection of its transaction.
        this.send({
          op: 'exec',
          conn,
          text: nested ? `SAVEPOINT ${sp}` : `BEGIN; SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})`,
          reconnect: !nested,
          ...this.timeout(),
        });
      } catch (err) {
        // The lock not taken in time (55P03) leaves the begun transaction aborted.
        if (!nested) this.finish('ROLLBACK');
        throw err;
      }
      this.depth++;
      let result: ReturnType<F>;
      try {
        result = fn(...params) as ReturnType<F>;
      } catch (err) {
        this.depth--;
        this.finish(nested ? `ROLLBACK TO SAVEPOINT ${sp}; RELEASE SAVEPOINT ${sp}` : 'ROLLBACK');
        // Rolled back to where the failed statement had not run: the rest may go on.
        this.failed = null;
        throw err;
      }
      this.depth--;
      if (this.failed !== null) {
        // PostgreSQL would answer COMMIT with a silent rollback: say so instead.
        const why = this.failed;
        this.finish(nested ? `ROLLBACK TO SAVEPOINT ${sp}; RELEASE SAVEPOINT ${sp}` : 'ROLLBACK');
        this.failed = null;
        throw new Error(`the transaction was rolled back: a statement in it failed (${why}), and PostgreSQL cannot commit past that`);
      }
      try {
        // Never on a new connection: there, COMMIT would "succeed" with nothing to commit.
        this.send({ op: 'exec', conn, text: nested ? `RELEASE SAVEPOINT ${sp}` : 'COMMIT', reconnect: false, ...this.timeout() });
      } catch (err) {
        if (!nested) this.finish('ROLLBACK');
        throw err;
      } finally {
        if (!nested) this.failed = null;
      }
      return result;
    };
    // Every transaction takes the write lock at its start, so `.immediate()` is the same call.
    return Object.assign(run, { immediate: run }) as unknown as SqlTransaction<F>;
  }

  /** Ends a failed transaction; a failure here (the connection gone) must not hide the first error. */
  private finish(sql: string): void {
    try {
      if (this.conn !== null) this.send({ op: 'exec', conn: this.conn, text: sql, reconnect: false, ...this.timeout() });
    } catch {
      // The error that made us roll back is the one the caller needs.
    }
  }

  close(): this {
    if (this.conn !== null) {
      const conn = this.conn;
      this.conn = null;
      this.send({ op: 'close', conn });
    }
    return this;
  }
}

function withLock(sql: string): string {
  return `BEGIN; SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY}); ${sql}; COMMIT`;
}

class PostgresStatement<P extends unknown[], R> implements SqlStatement<P, R> {
  private plucked = false;
  constructor(
    private readonly db: PostgresDatabase,
    readonly source: string,
  ) {}

  pluck(toggle = true): this {
    this.plucked = toggle;
    return this;
  }

  private rows(params: P): R[] {
    const { fields, rows } = this.db.query(this.source, params);
    if (this.plucked) return rows.map((r) => fromWire(r[0]) as R);
    return rows.map((r) => {
      const o: Record<string, unknown> = {};
      for (let i = 0; i < fields.length; i++) o[fields[i]!] = fromWire(r[i]);
      return o as R;
    });
  }

  run(...params: P): RunResult {
    const { rowCount } = this.db.query(this.source, params);
    return {
      changes: rowCount,
      get lastInsertRowid(): number {
        throw new TypeError("PostgreSQL has no rowid: read the new row's id with RETURNING");
      },
    };
  }

  get(...params: P): R | undefined {
    return this.rows(params)[0];
  }

  all(...params: P): R[] {
    return this.rows(params);
  }

  /** All rows are read at once: PostgreSQL's connection cannot serve other statements mid-result. */
  *iterate(...params: P): IterableIterator<R> {
    yield* this.rows(params);
  }
}
