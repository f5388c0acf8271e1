// The worker thread holding the PostgreSQL connections: pg is asynchronous, the store contract
// is not, so the main thread sends each statement here and waits for the answer (synckit).
import pg from 'pg';
import { runAsWorker } from 'synckit';
import { isConnectionError, isReadTimeout, isUnreachable } from './pg-failures';
import type { ConnectionFailure, ConnectOptions, QueryResult, Request, Response, WireError } from './pg-protocol';
import { WRITE_LOCK_KEY } from './pg-protocol';

// int8 (count(*), sum, BIGINT columns) and numeric as JS numbers, as SQLite returns them; the
// values the store keeps stay far below 2^53.
const INT8 = 20;
const NUMERIC = 1700;
const toNumber = (v: string): number => Number(v);
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 || oid === NUMERIC ? toNumber : (pg.types.getTypeParser(oid, format) as unknown)) as typeof pg.types.getTypeParser,
};

function wire(err: unknown): WireError {
  const e = err as Partial<pg.DatabaseError> & { message?: string };
  const out: WireError = { message: typeof e?.message === 'string' ? e.message : String(err) };
  for (const k of ['code', 'detail', 'constraint', 'table', 'column'] as const) if (typeof e?.[k] === 'string') out[k] = e[k];
  return out;
}

/** One opened database: its options, and its live client (null once found dead, until a statement reconnects). */
interface Conn {
  options: ConnectOptions;
  client: pg.Client | null;
  /** Why the last client died, for the message of a transaction that finds it dead. */
  lostBecause?: string;
  /** The live client's `statement_timeout`, in milliseconds. */
  statementTimeoutMs: number;
}

const conns = new Map<number, Conn>();
let nextConn = 1;

/** Past `statement_timeout`, how long to wait for PostgreSQL's own cancel before deciding the connection is hung. */
const GRACE_MS = 1000;

class Failure extends Error {
  constructor(
    readonly failure: ConnectionFailure,
    readonly original: unknown,
  ) {
    super(wire(original).message);
  }
}

/** Opens a client, watched so that its death (server shutdown, reset, ...) is noticed while idle. */
async function connect(entry: Conn): Promise<pg.Client> {
  const o = entry.options;
  const client = new pg.Client({
    connectionString: o.url,
    types,
    application_name: 'feedbot',
    lock_timeout: o.lockTimeoutMs,
    statement_timeout: o.queryTimeoutMs,
    // Our transactions never wait on anything but their own statements: one left idle this long
    // is a process hung or cut off mid-transaction, and the server ends it — releasing the write
    // lock every other instance needs — rather than keep it until TCP notices (hours).
    idle_in_transaction_session_timeout: o.queryTimeoutMs,
    query_timeout: o.queryTimeoutMs + GRACE_MS,
    connectionTimeoutMillis: o.connectTimeoutMs,
    // Probes an idle connection after 10 s, so a server gone silent (a failover) is found dead
    // while idle, not by the next statement's timeout.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  const drop = (err?: Error) => {
    if (entry.client !== client) return;
    entry.client = null;
    entry.lostBecause = err?.message ?? 'the server closed the connection';
  };
  client.on('error', drop);
  client.on('end', drop);
  try {
    await client.connect();
  } catch (err) {
    destroy(client);
    throw isUnreachable(wire(err)) ? new Failure('unreachable', err) : err;
  }
  entry.client = client;
  entry.statementTimeoutMs = o.queryTimeoutMs;
  return client;
}

/** Drops a client whose state is unknown at once: end() would wait for a hung server's answer. */
function destroy(client: pg.Client): void {
  client.connection.stream.destroy();
}

function entryOf(conn: number): Conn {
  const e = conns.get(conn);
  if (!e) throw new Error('the database connection is closed');
  return e;
}

/**
 * Runs `work` on the connection, opening a new one first when the old one is gone and
 * `reconnect` allows it (once: a refused connect fails this statement, the next one tries
 * again). A connection that fails or times out under `work` is dropped; `work` is not re-run.
 * `work` gets the client and the milliseconds to wait for an answer: the statement's limit
 * (set as the session's `statement_timeout` first when it differs) plus a grace.
 */
async function withClient<T>(
  conn: number,
  reconnect: boolean,
  timeoutMs: number | undefined,
  work: (c: pg.Client, readTimeoutMs: number) => Promise<T>,
): Promise<T> {
  const entry = entryOf(conn);
  let c = entry.client;
  if (!c) {
    if (!reconnect) throw new Failure('lost', new Error(entry.lostBecause ?? 'the connection was closed'));
    c = await connect(entry);
  }
  const limit = timeoutMs ?? entry.options.queryTimeoutMs;
  try {
    if (entry.statementTimeoutMs !== limit) {
      await query(c, `SELECT set_config('statement_timeout', $1, false)`, [`${limit}ms`], entry.options.queryTimeoutMs + GRACE_MS);
      entry.statementTimeoutMs = limit;
    }
    return await work(c, limit + GRACE_MS);
  } catch (err) {
    const e = err as { code?: unknown; message?: unknown };
    const timedOut = isReadTimeout(e);
    if (!timedOut && !isConnectionError(e) && entry.client === c) throw err;
    if (entry.client === c) entry.client = null;
    destroy(c);
    throw new Failure(timedOut ? 'timeout' : 'during', err);
  }
}

// pg reads `query_timeout` from a query's config as well as the client's (lib/client.js); its
// types list it only for the client, hence these configs built apart from the call.

/** Statements without parameters (simple protocol), waiting `readTimeoutMs` for the answer. */
async function run(c: pg.Client, text: string, readTimeoutMs: number): Promise<void> {
  const config = { text, query_timeout: readTimeoutMs };
  await c.query(config);
}

async function query(c: pg.Client, text: string, values: unknown[], readTimeoutMs: number): Promise<QueryResult> {
  const config = { text, values, rowMode: 'array' as const, query_timeout: readTimeoutMs };
  const r = await c.query<unknown[]>(config);
  return { fields: r.fields.map((f) => f.name), rows: r.rows, rowCount: r.rowCount ?? 0 };
}

async function handle(req: Request): Promise<Response> {
  switch (req.op) {
    case 'open': {
      const conn = nextConn++;
      const entry: Conn = { options: req.options, client: null, statementTimeoutMs: req.options.queryTimeoutMs };
      await connect(entry);
      conns.set(conn, entry);
      return { ok: true, conn };
    }
    case 'query':
      return withClient(req.conn, req.reconnect, req.timeoutMs, async (c, wait) => {
        if (!req.lock) return { ok: true, result: await query(c, req.text, req.values, wait) };
        try {
          await run(c, `BEGIN; SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})`, wait);
          const result = await query(c, req.text, req.values, wait);
          await run(c, 'COMMIT', wait);
          return { ok: true, result };
        } catch (err) {
          if (!isConnectionError(err as Error) && !isReadTimeout(err as Error)) await c.query('ROLLBACK').catch(() => {});
          throw err;
        }
      });
    case 'exec':
      return withClient(req.conn, req.reconnect, req.timeoutMs, async (c, wait) => {
        await run(c, req.text, wait);
        return { ok: true };
      });
    case 'close': {
      const c = conns.get(req.conn)?.client;
      conns.delete(req.conn);
      // A clean goodbye, but not waiting on a hung server for it.
      if (c) await Promise.race([c.end().catch(() => {}), new Promise((r) => setTimeout(r, GRACE_MS).unref())]);
      if (c) destroy(c);
      return { ok: true };
    }
  }
}

runAsWorker(async (req: Request): Promise<Response> => {
  try {
    return await handle(req);
  } catch (err) {
    if (!(err instanceof Failure)) return { ok: false, error: wire(err) };
    return { ok: false, error: { ...wire(err.original), failure: err.failure } };
  }
});
