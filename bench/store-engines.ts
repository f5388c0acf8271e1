// `npx tsx bench/store-engines.ts [N]`: what one statement costs on each store engine, on this
// machine: SQLite in-process, PostgreSQL through the worker-thread bridge (one round trip per
// statement, src/store/engine/postgres.ts) on loopback. PostgreSQL is TEST_DATABASE_URL's
// server or a throwaway cluster (test/helpers/postgres.ts), its durability settings as there.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStoreDatabase, type DB } from '../src/store/db';
import { postgresServer, scratchDatabase } from '../test/helpers/postgres';

const n = Number(process.argv[2] ?? 10_000);

function time(label: string, count: number, fn: () => void): [string, number] {
  const t0 = process.hrtime.bigint();
  fn();
  return [label, Number(process.hrtime.bigint() - t0) / 1000 / count];
}

function measure(db: DB): [string, number][] {
  db.exec('CREATE TABLE bench_rows (id BIGINT PRIMARY KEY, name TEXT NOT NULL)');
  const one = db.prepare('SELECT 1 AS one');
  const insert = db.prepare('INSERT INTO bench_rows (id, name) VALUES (?, ?)');
  const byId = db.prepare('SELECT name FROM bench_rows WHERE id = ?');
  const out = [
    time('SELECT 1', n, () => {
      for (let i = 0; i < n; i++) one.get();
    }),
    time('single-row INSERT, each its own write', n, () => {
      for (let i = 0; i < n; i++) insert.run(i, `row ${i}`);
    }),
    time('single-row INSERT inside one transaction', n, () => {
      db.transaction(() => {
        for (let i = n; i < 2 * n; i++) insert.run(i, `row ${i}`);
      })();
    }),
    time('SELECT by primary key', n, () => {
      for (let i = 0; i < n; i++) byId.get(i);
    }),
  ];
  db.close();
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'feedbot-bench-engines-'));
const sqlite = measure(openStoreDatabase(join(dir, 'bench.db')));
rmSync(dir, { recursive: true, force: true });
const scratch = await scratchDatabase();
if ('unavailable' in scratch) throw new Error(scratch.unavailable);
const server = await postgresServer();
const pg = measure(openStoreDatabase(scratch.url));
await scratch.drop();

console.log(`| ${n.toLocaleString('en')} statements, µs each | SQLite (file, WAL) | PostgreSQL (loopback, via the bridge) |`);
console.log('| --- | ---: | ---: |');
sqlite.forEach(([label, us], i) => console.log(`| ${label} | ${us.toFixed(1)} | ${pg[i]![1].toFixed(1)} |`));
if ('startMs' in server && server.startMs) console.log(`\nThrowaway cluster: initdb + start in ${server.startMs} ms.`);
