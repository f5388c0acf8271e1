// The PostgreSQL engine when the connection goes: a server restart, a terminated backend, a
// server down, a hung network, a statement past the query timeout. These stop and restart a
// cluster of their own (test/helpers/postgres.ts, privatePostgresCluster), so the shared one is
// never disturbed.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { migratePostgres, openStoreDatabase, postgresSchemaVersion } from '../../../src/store/db';
import { PostgresDatabase } from '../../../src/store/engine/postgres';
import { hangingProxy, privatePostgresCluster, withPgClient, type Cluster, type HangingProxy } from '../../helpers/postgres';

let cluster: Promise<Cluster | { unavailable: string }> | undefined;

/** A new database (with table x) in the private cluster, its URL carrying a password (trust auth ignores it). */
async function freshDb(t: TestContext): Promise<{ c: Cluster; url: string } | null> {
  cluster ??= privatePostgresCluster();
  const c = await cluster;
  if ('unavailable' in c) {
    t.skip(c.unavailable);
    return null;
  }
  const name = `r_${Math.random().toString(36).slice(2, 10)}`;
  await withPgClient(c.adminUrl, (pg) => pg.query(`CREATE DATABASE ${name}`));
  const u = new URL(c.adminUrl);
  u.pathname = `/${name}`;
  u.password = 'hunter2-s3cret';
  const db = new PostgresDatabase(u.href);
  db.exec('CREATE TABLE x (name TEXT PRIMARY KEY); CREATE SEQUENCE s');
  db.close();
  return { c, url: u.href };
}

/** A fresh database reached through a proxy that can hang, opened with 1 s query and connect timeouts. */
async function behindProxy(t: TestContext): Promise<{ s: { c: Cluster; url: string }; proxy: HangingProxy; db: PostgresDatabase } | null> {
  const s = await freshDb(t);
  if (!s) return null;
  const proxy = await hangingProxy(s.url);
  t.after(() => proxy.close());
  const db = new PostgresDatabase(proxy.url, { queryTimeoutMs: 1000, connectTimeoutMs: 1000 });
  t.after(() => db.close());
  return { s, proxy, db };
}

/** Long enough for the worker thread to read a shutdown notice the server sent an idle connection. */
const noticed = () => sleep(300);

const names = (db: PostgresDatabase) => db.prepare<[], string>('SELECT name FROM x ORDER BY name').pluck().all();
const backend = (db: PostgresDatabase) => db.prepare<[], number>('SELECT pg_backend_pid()').pluck().get();
const noSecret = (e: Error) => !e.message.includes('hunter2') && !String(e.stack).includes('hunter2');

test('after a server restart the same object answers the next statement, without an error, data intact', async (t) => {
  const s = await freshDb(t);
  if (!s) return;
  const db = new PostgresDatabase(s.url);
  t.after(() => db.close());
  db.prepare('INSERT INTO x (name) VALUES (?)').run('before');
  const first = backend(db);
  s.c.restart();
  await noticed();
  assert.deepEqual(names(db), ['before']);
  assert.notEqual(backend(db), first, 'a new connection');
  db.transaction(() => db.prepare('INSERT INTO x (name) VALUES (?)').run('after'))();
  assert.deepEqual(names(db), ['after', 'before']);
});

test('a backend terminated mid-transaction fails that transaction clearly, rolled back; the next one commits', async (t) => {
  const s = await freshDb(t);
  if (!s) return;
  const db = new PostgresDatabase(s.url);
  const admin = new PostgresDatabase(s.url);
  t.after(() => {
    db.close();
    admin.close();
  });
  const add = db.prepare('INSERT INTO x (name) VALUES (?)');
  const kill = () => assert.equal(admin.prepare('SELECT pg_terminate_backend(?, 5000)').pluck().get(backend(db)), true);
  assert.throws(
    () =>
      db.transaction(() => {
        add.run('lost-1');
        kill();
        add.run('lost-2');
      })(),
    (e: Error) => /the connection to PostgreSQL was lost inside a transaction; the server rolled it back/.test(e.message) && noSecret(e),
  );
  assert.equal(db.inTransaction, false);
  // A body that swallows the error still ends in a clear rollback, not a silent COMMIT elsewhere.
  assert.throws(
    () =>
      db.transaction(() => {
        add.run('lost-3');
        kill();
        try {
          add.run('lost-4');
        } catch {
          // Swallowed.
        }
      })(),
    /the transaction was rolled back: a statement in it failed \(the connection to PostgreSQL was lost inside a transaction/,
  );
  db.transaction(() => add.run('kept'))();
  assert.deepEqual(names(db), ['kept']);
});

test('a statement whose connection dies under it fails, is not re-run, and the next statement reconnects', async (t) => {
  const s = await freshDb(t);
  if (!s) return;
  const db = new PostgresDatabase(s.url);
  t.after(() => db.close());
  // nextval survives a rollback, so it counts how many times the statement ran.
  assert.throws(
    () => db.prepare('SELECT nextval(?), pg_terminate_backend(pg_backend_pid())').get('s'),
    /lost during this statement .*whether it took effect is unknown; it was not retried/,
  );
  assert.equal(db.prepare('SELECT last_value FROM s').pluck().get(), 1, 'ran once');
});

test('with the server down a statement fails clearly and soon; with it back the same object works', async (t) => {
  const s = await freshDb(t);
  if (!s) return;
  const db = new PostgresDatabase(s.url, { connectTimeoutMs: 2000 });
  t.after(() => db.close());
  db.prepare('INSERT INTO x (name) VALUES (?)').run('kept');
  s.c.stop();
  try {
    await noticed();
    const unreachable = (e: Error) =>
      /PostgreSQL is unreachable \(.*ECONNREFUSED.*\); the next statement tries to connect again/.test(e.message) && noSecret(e);
    assert.throws(() => names(db), unreachable);
    assert.throws(() => db.transaction(() => names(db))(), unreachable);
    assert.equal(db.inTransaction, false);
    assert.throws(
      () => new PostgresDatabase(s.url, { connectTimeoutMs: 2000 }),
      (e: Error) =>
        /^PostgreSQL is unreachable \(.*ECONNREFUSED[^)]*\) \(PostgreSQL at postgres:\/\/\*\*\*@/.test(e.message) && noSecret(e),
      'opening says the same',
    );
  } finally {
    s.c.start();
  }
  assert.deepEqual(names(db), ['kept']);
});

test('on a hung network a statement fails after the query timeout, naming it; once it recovers, a new connection works', async (t) => {
  const set = await behindProxy(t);
  if (!set) return;
  const { proxy, db } = set;
  db.prepare('INSERT INTO x (name) VALUES (?)').run('kept');
  const first = backend(db);
  await proxy.hang();
  const started = Date.now();
  assert.throws(
    () => names(db),
    (e: Error) =>
      /PostgreSQL did not answer within 1 s \(DATABASE_QUERY_TIMEOUT_SECONDS\); the connection was dropped/.test(e.message) && noSecret(e),
  );
  assert.throws(() => names(db), /PostgreSQL is unreachable \(.*timeout.*\)/i, 'a new connection cannot be opened either');
  assert.ok(Date.now() - started < 20_000, 'it returned');
  await proxy.resume();
  assert.deepEqual(names(db), ['kept']);
  assert.notEqual(backend(db), first, 'a new connection');
});

test('a process cut off mid-transaction does not keep the write lock from other instances', async (t) => {
  const set = await behindProxy(t);
  if (!set) return;
  const { s, proxy, db: cutOff } = set;
  const other = new PostgresDatabase(s.url, { lockTimeoutMs: 5000 });
  t.after(() => other.close());
  assert.throws(() =>
    cutOff.transaction(() => {
      cutOff.prepare('INSERT INTO x (name) VALUES (?)').run('never');
      proxy.hangNow();
      // The write lock is held; this statement never reaches the server.
      cutOff.prepare('INSERT INTO x (name) VALUES (?)').run('lost');
    })(),
  );
  // The server still sees that session idle in its transaction, holding the lock, until the
  // idle-in-transaction limit (the query timeout, 1 s here) ends it.
  other.prepare('INSERT INTO x (name) VALUES (?)').run('other');
  assert.deepEqual(names(other), ['other'], 'the cut-off transaction was rolled back');
});

test('a statement past the query timeout is cancelled by PostgreSQL, with the setting named; the connection goes on', async (t) => {
  const s = await freshDb(t);
  if (!s) return;
  // Opened as the bot opens its store, so the setting's way from config to connection is tested too.
  const db = openStoreDatabase({ databaseUrl: s.url, databasePath: '', queryTimeoutMs: 500 }) as PostgresDatabase;
  t.after(() => db.close());
  const first = backend(db);
  assert.throws(
    () => db.prepare('SELECT pg_sleep(5)').get(),
    (e: Error & { code?: string }) =>
      e.code === '57014' &&
      /the statement ran longer than 0.5 s \(DATABASE_QUERY_TIMEOUT_SECONDS\) and PostgreSQL cancelled it/.test(e.message),
  );
  assert.equal(backend(db), first, 'the same connection');
});

test('a connection that hangs at COMMIT fails the transaction saying whether it committed is unknown; the next one reconnects', async (t) => {
  const set = await behindProxy(t);
  if (!set) return;
  const { proxy, db } = set;
  assert.throws(
    () =>
      db.transaction(() => {
        db.prepare('INSERT INTO x (name) VALUES (?)').run('maybe');
        // The last statement got its answer; the COMMIT that follows gets none.
        proxy.hangNow();
      })(),
    (e: Error) =>
      /lost while committing \(PostgreSQL did not answer within 1 s \(DATABASE_QUERY_TIMEOUT_SECONDS\)\), so whether the transaction was committed is unknown; it was not retried/.test(
        e.message,
      ) && noSecret(e),
  );
  assert.equal(db.inTransaction, false);
  await proxy.resume();
  db.prepare('INSERT INTO x (name) VALUES (?)').run('next');
  assert.ok(names(db).includes('next'), 'a new connection writes');
});

test('a migration step may run past the query timeout, and is bounded by the migration timeout, which it names', async (t) => {
  const s = await freshDb(t);
  if (!s) return;
  const db = new PostgresDatabase(s.url, { queryTimeoutMs: 300 });
  t.after(() => db.close());
  const slowStep = `SELECT pg_sleep(0.6); CREATE TABLE y (n INTEGER)`;
  migratePostgres(db, [slowStep], 5000);
  assert.equal(postgresSchemaVersion(db), 1);
  assert.throws(
    () => db.prepare('SELECT pg_sleep(0.6)').get(),
    /ran longer than 0.3 s \(DATABASE_QUERY_TIMEOUT_SECONDS\)/,
    'ordinary statements are limited as before',
  );
  assert.throws(
    () => migratePostgres(db, [slowStep, `SELECT pg_sleep(2)`], 800),
    (e: Error & { code?: string }) => e.code === '57014' && /ran longer than 0.8 s \(DATABASE_MIGRATION_TIMEOUT_SECONDS\)/.test(e.message),
  );
  assert.equal(postgresSchemaVersion(db), 1, 'the cancelled step is not recorded');
});
