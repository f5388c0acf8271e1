// Messages between the PostgreSQL facade (main thread) and its worker (./pg-worker.ts).

export interface ConnectOptions {
  url: string;
  /** Milliseconds a statement waits for a lock (the write lock included) before failing, like SQLite's busy timeout. */
  lockTimeoutMs: number;
  connectTimeoutMs: number;
}

export type Request =
  | { op: 'open'; options: ConnectOptions }
  /** One statement; with `lock`, in its own transaction holding the write lock (a write outside any transaction). */
  | { op: 'query'; conn: number; text: string; values: unknown[]; lock?: boolean }
  /** Statements without parameters, sent together (simple query protocol). */
  | { op: 'exec'; conn: number; text: string }
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
}

export type Response = { ok: true; conn?: number; result?: QueryResult } | { ok: false; error: WireError };

/** The key of the one advisory lock every write transaction takes (any constant; "feedbot" in ASCII). */
export const WRITE_LOCK_KEY = 0x66656564626f74;
