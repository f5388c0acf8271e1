// The worker thread holding the PostgreSQL connections: pg is asynchronous, the store contract
// is not, so the main thread sends each statement here and waits for the answer (synckit).
import pg from 'pg';
import { runAsWorker } from 'synckit';
import type { ConnectOptions, QueryResult, Request, Response, WireError } from './pg-protocol';
import { WRITE_LOCK_KEY } from './pg-protocol';

const clients = new Map<number, pg.Client>();
let nextConn = 1;

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

async function open(options: ConnectOptions): Promise<number> {
  const client = new pg.Client({
    connectionString: options.url,
    types,
    application_name: 'feedbot',
    lock_timeout: options.lockTimeoutMs,
    connectionTimeoutMillis: options.connectTimeoutMs,
  });
  // A dropped connection is reported by the next statement; this keeps it from crashing the worker.
  client.on('error', () => {});
  await client.connect();
  const conn = nextConn++;
  clients.set(conn, client);
  return conn;
}

function client(conn: number): pg.Client {
  const c = clients.get(conn);
  if (!c) throw new Error('the database connection is closed');
  return c;
}

async function query(c: pg.Client, text: string, values: unknown[]): Promise<QueryResult> {
  const r = await c.query<unknown[]>({ text, values, rowMode: 'array' });
  return { fields: r.fields.map((f) => f.name), rows: r.rows, rowCount: r.rowCount ?? 0 };
}

async function handle(req: Request): Promise<Response> {
  switch (req.op) {
    case 'open':
      return { ok: true, conn: await open(req.options) };
    case 'query': {
      const c = client(req.conn);
      if (!req.lock) return { ok: true, result: await query(c, req.text, req.values) };
      try {
        await c.query(`BEGIN; SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})`);
        const result = await query(c, req.text, req.values);
        await c.query('COMMIT');
        return { ok: true, result };
      } catch (err) {
        await c.query('ROLLBACK').catch(() => {});
        throw err;
      }
    }
    case 'exec':
      await client(req.conn).query(req.text);
      return { ok: true };
    case 'close': {
      const c = clients.get(req.conn);
      clients.delete(req.conn);
      await c?.end();
      return { ok: true };
    }
  }
}

runAsWorker(async (req: Request): Promise<Response> => {
  try {
    return await handle(req);
  } catch (err) {
    return { ok: false, error: wire(err) };
  }
});
