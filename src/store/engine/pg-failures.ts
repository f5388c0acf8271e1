// Telling a dead connection from a failed statement, and saying what each means to the caller.
import type { ConnectionFailure, WireError } from './pg-protocol';

/** pg's own message when a statement got no answer within `query_timeout`. */
const READ_TIMEOUT = 'Query read timeout';

/** Socket errors that end a connection. */
const SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);

/**
 * Whether an error means the connection itself is gone (so it must be dropped): the server shut
 * the backend down (57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now), a
 * connection exception (class 08), a socket error, or pg's own "terminated" / "not queryable".
 */
export function isConnectionError(err: { code?: unknown; message?: unknown }): boolean {
  const code = typeof err.code === 'string' ? err.code : '';
  if (/^57P0[123]$/.test(code) || code.startsWith('08') || SOCKET_CODES.has(code)) return true;
  const message = typeof err.message === 'string' ? err.message : '';
  return /Connection terminated|not queryable|socket hang up|read ECONNRESET|write EPIPE/i.test(message);
}

export function isReadTimeout(err: { message?: unknown }): boolean {
  return err.message === READ_TIMEOUT;
}

/**
 * Whether a failure to connect means the server could not be reached (as opposed to refusing
 * these credentials or this database, which PostgreSQL says itself, with its code).
 */
export function isUnreachable(err: { code?: unknown; message?: unknown }): boolean {
  const code = typeof err.code === 'string' ? err.code : '';
  if (/^[0-9A-Z]{5}$/.test(code)) return /^57P0[123]$/.test(code) || code.startsWith('08');
  return true;
}

/** A statement's time limit, and the setting that gave it (named in messages, so an operator knows what to raise). */
export interface StatementLimit {
  ms: number;
  setting: string;
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
const within = (limit: StatementLimit) => `within ${seconds(limit.ms)} (${limit.setting})`;

/** The message a caller sees for a connection failure; the cause is PostgreSQL's or the socket's own words. */
export function failureMessage(
  failure: ConnectionFailure,
  cause: string,
  at: 'open' | 'statement' | 'transaction' | 'commit',
  limit: StatementLimit,
): string {
  const rolledBack = 'the connection to PostgreSQL was lost inside a transaction; the server rolled it back';
  const inTransaction = at === 'transaction' || at === 'commit';
  if (at === 'commit' && (failure === 'during' || failure === 'timeout')) {
    const why = failure === 'timeout' ? `PostgreSQL did not answer ${within(limit)}` : cause;
    return `the connection to PostgreSQL was lost while committing (${why}), so whether the transaction was committed is unknown; it was not retried, and the next transaction opens a new connection`;
  }
  switch (failure) {
    case 'lost':
      return `${rolledBack} (${cause}); the next transaction opens a new connection`;
    case 'during':
      return inTransaction
        ? `${rolledBack} (${cause}); the next transaction opens a new connection`
        : `the connection to PostgreSQL was lost during this statement (${cause}), so whether it took effect is unknown; it was not retried, and the next statement opens a new connection`;
    case 'timeout':
      return `PostgreSQL did not answer ${within(limit)}; the connection was dropped${inTransaction ? ' and its transaction abandoned (the server rolls it back)' : ''}, so whether the statement took effect is unknown, and the next statement opens a new connection`;
    case 'unreachable':
      return `PostgreSQL is unreachable (${cause})${at === 'open' ? '' : '; the next statement tries to connect again'}`;
  }
}

/** PostgreSQL cancelled a statement at `statement_timeout` (57014 with this wording; a manual cancel says otherwise). */
export function statementTimeoutMessage(e: WireError, limit: StatementLimit): string | null {
  if (e.code !== '57014' || !/statement timeout/i.test(e.message)) return null;
  return `the statement ran longer than ${seconds(limit.ms)} (${limit.setting}) and PostgreSQL cancelled it (${e.message})`;
}
