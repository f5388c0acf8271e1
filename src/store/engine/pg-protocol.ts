// Messages between the PostgreSQL facade (main thread) and its worker (./pg-worker.ts).
// `reconnect`: the statement may open a new connection when the old one is gone — only outside
// a transaction (and for its BEGIN), since a new connection knows nothing of an open one.

export interface ConnectOptions {
  url: string;
  /** Milliseconds a statement waits for a lock (the write lock included) before failing, like SQLite's busy timeout. */
  lockTimeoutMs: number;
  connectTimeoutMs: number;
  /** Milliseconds one statement may take (DATABASE_QUERY_TIMEOUT_SECONDS): PostgreSQL cancels it, or, with no answer at all, the connection is dropped. */
  queryTimeoutMs: number;
}

/**
 * `timeoutMs` on a statement: its limit when not the connection's `queryTimeoutMs` (schema
 * migrations). Only ever changed between transactions, so the session setting it needs is
 * never made inside one, where a rollback would undo it.
 */
export type Request =
  | { op: 'open'; options: ConnectOptions }
  /** One statement; with `lock`, in its own transaction holding the write lock (a write outside any transaction). */
  | { op: 'query'; conn: number; text: string; values: unknown[]; lock?: boolean; reconnect: boolean; timeoutMs?: number }
  /** Statements without parameters, sent together (simple query protocol). */
  | { op: 'exec'; conn: number; text: string; reconnect: boolean; timeoutMs?: number }
  | { op: 'close'; conn: number };

export interface QueryResult {
  fields: string[];
  rows: unknown[][];
  rowCount: number;
}

export interface WireError {
  message: string;
  code?: string;
  detail?: string;
  constraint?: string;
  table?: string;
  column?: string;
  /** Set when the connection failed rather than the statement (./pg-failures.ts). */
  failure?: ConnectionFailure;
}

/**
 * How a connection failed: `lost` before this statement (found dead inside a transaction) or
 * `during` it; no answer within the query timeout; or no connection could be opened.
 */
export type ConnectionFailure = 'lost' | 'during' | 'timeout' | 'unreachable';

export type Response = { ok: true; conn?: number; result?: QueryResult } | { ok: false; error: WireError };

/** The key of the one advisory lock every write transaction takes (any constant; "feedbot" in ASCII). */
export const WRITE_LOCK_KEY = 0x66656564626f74;
