// A PostgreSQL server for tests: TEST_DATABASE_URL when set, otherwise a throwaway cluster
// started from Debian's binaries (once per test process, on 127.0.0.1, a free port, a temp dir,
// stopped and removed when the process exits). Each test gets a fresh database, dropped after.
// Without either, the PostgreSQL half of a suite is skipped with the reason, except under CI,
// where it fails: CI must never silently skip PostgreSQL.
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { Worker } from 'node:worker_threads';
import pg from 'pg';

interface Server {
  /** A URL to a database this harness may create databases from. */
  adminUrl: string;
  /** Milliseconds the throwaway cluster took to create and start (0 for TEST_DATABASE_URL). */
  startMs: number;
}

/** A throwaway cluster this process controls: it can be stopped, started and restarted (`pg_ctl -m fast`). */
export interface Cluster extends Server {
  /** Stops it as an admin's fast shutdown does: sessions are terminated, open transactions rolled back. */
  stop(): void;
  start(): void;
  restart(): void;
}

let server: Promise<Server | { unavailable: string }> | undefined;

function binDir(): string | null {
  // Overridable so a test can show what happens on a machine without PostgreSQL.
  const root = process.env.FEEDBOT_TEST_POSTGRES_ROOT ?? '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0]!, 'bin') : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function postgresUser(): { uid: number; gid: number } | null {
  if (userInfo().uid !== 0) return null;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

async function startCluster(bin: string): Promise<Cluster> {
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-pg-'));
  // initdb refuses to run as root: as root, the cluster belongs to the postgres user.
  const owner = postgresUser();
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const run = (cmd: string, args: string[]) =>
    owner
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { stdio: 'pipe' })
      : execFileSync(join(bin, cmd), args, { stdio: 'pipe' });
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale', 'C']);
  const port = await freePort();
  // Durability off: the cluster lives as long as this test process.
  const settings = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  const ctl = (...args: string[]) => run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-o', settings, '-w', '-t', '60', ...args]);
  ctl('start');
  const stopArgs = ['-D', data, '-m', 'immediate', '-w', 'stop'];
  process.once('exit', () => {
    try {
      run('pg_ctl', stopArgs);
    } catch {
      // Already gone (the watchdog below, or a crash); the folder is removed either way.
    }
    rmSync(dir, { recursive: true, force: true });
  });
  // A test process killed outright runs no exit handler: this watchdog stops the cluster then.
  const stop = [...(owner ? ['runuser', '-u', 'postgres', '--'] : []), join(bin, 'pg_ctl'), ...stopArgs].map(shellQuote).join(' ');
  spawn('sh', ['-c', `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ${stop} >/dev/null 2>&1; rm -rf ${shellQuote(dir)}`], {
    detached: true,
    stdio: 'ignore',
  }).unref();
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    startMs: Date.now() - started,
    stop: () => ctl('-m', 'fast', 'stop'),
    start: () => ctl('start'),
    restart: () => ctl('-m', 'fast', 'restart'),
  };
}

async function findServer(): Promise<Server | { unavailable: string }> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) return { adminUrl: url, startMs: 0 };
  const bin = binDir();
  if (!bin)
    return { unavailable: 'no TEST_DATABASE_URL and no PostgreSQL binaries in /usr/lib/postgresql/*/bin (apt-get install postgresql)' };
  return startCluster(bin);
}

/** The test server, started on first use; null (with the reason printed) when there is none and CI is not set. */
export async function postgresServer(): Promise<Server | { unavailable: string }> {
  server ??= findServer();
  const s = await server;
  if ('unavailable' in s && process.env.CI) throw new Error(`PostgreSQL tests cannot run under CI: ${s.unavailable}`);
  return s;
}

/**
 * A cluster of its own for a test that stops or restarts the server, so the shared one (or
 * TEST_DATABASE_URL's server, which tests must never restart) stays up for every other test.
 * Needs Debian's binaries; without them, the reason (under CI, a throw).
 */
export async function privatePostgresCluster(): Promise<Cluster | { unavailable: string }> {
  const bin = binDir();
  if (bin) return startCluster(bin);
  const unavailable = 'no PostgreSQL binaries in /usr/lib/postgresql/*/bin to start a private cluster (apt-get install postgresql)';
  if (process.env.CI) throw new Error(`PostgreSQL tests cannot run under CI: ${unavailable}`);
  return { unavailable };
}

/** One short-lived client on `url` for `fn`, closed whatever happens. */
export async function withPgClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A new empty database on the test server and how to drop it; or the reason there is none. */
export async function scratchDatabase(): Promise<{ url: string; drop: () => Promise<void> } | { unavailable: string }> {
  const s = await postgresServer();
  if ('unavailable' in s) return s;
  const name = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await withPgClient(s.adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const u = new URL(s.adminUrl);
  u.pathname = `/${name}`;
  return {
    url: u.href,
    drop: () => withPgClient(s.adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}

/**
 * The URL of a new empty database, dropped when the test ends; or the reason there is none
 * (then the test is skipped with it; under CI this throws instead).
 */
export async function freshPostgresUrl(t: TestContext): Promise<string | { unavailable: string }> {
  const db = await scratchDatabase();
  if ('unavailable' in db) return db;
  t.after(db.drop);
  return db.url;
}

// The proxy runs in a worker thread: the PostgreSQL facade blocks the test's own thread for
// each statement, so a proxy there could never forward that statement's bytes.
const PROXY = `
const { parentPort, workerData } = require('node:worker_threads');
const net = require('node:net');
// Set from the test's thread without waiting (hangNow): 1 while the network is hung.
const hung = new Int32Array(workerData.hung);
const sockets = new Set();
const server = net.createServer((client) => {
  const upstream = net.connect(workerData.port, workerData.host);
  for (const [from, to] of [[client, upstream], [upstream, client]]) {
    sockets.add(from);
    from.on('data', (d) => { if (Atomics.load(hung, 0) === 0) to.write(d); });
    from.on('error', () => {});
    // A hung network carries no close either: the other side stays open until close().
    from.on('close', () => { sockets.delete(from); if (Atomics.load(hung, 0) === 0) to.destroy(); });
  }
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
parentPort.on('message', (m) => {
  if (m === 'close') {
    server.close();
    for (const s of sockets) s.destroy();
    parentPort.close();
    return;
  }
  Atomics.store(hung, 0, m === 'forward' ? 0 : 1);
  parentPort.postMessage('ok');
});
`;

/** A TCP proxy on 127.0.0.1 in front of `targetUrl`'s server that can play a hung network. */
export interface HangingProxy {
  /** `targetUrl` through the proxy. */
  url: string;
  /** Stops forwarding: connections stay open, bytes either way are dropped (resolves once in effect). */
  hang(): Promise<void>;
  /** The same, in effect at once: for a test's thread that cannot await (inside a synchronous transaction). */
  hangNow(): void;
  /** Forwards again. */
  resume(): Promise<void>;
  close(): Promise<void>;
}

export async function hangingProxy(targetUrl: string): Promise<HangingProxy> {
  const target = new URL(targetUrl);
  const hung = new SharedArrayBuffer(4);
  const worker = new Worker(PROXY, { eval: true, workerData: { host: target.hostname, port: Number(target.port || 5432), hung } });
  const next = () =>
    new Promise<unknown>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  const port = (await next()) as number;
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  const tell = async (m: string) => {
    const answer = next();
    worker.postMessage(m);
    await answer;
  };
  return {
    url: url.href,
    hang: () => tell('drop'),
    hangNow: () => void Atomics.store(new Int32Array(hung), 0, 1),
    resume: () => tell('forward'),
    close: async () => {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.postMessage('close');
      await exited;
    },
  };
}
