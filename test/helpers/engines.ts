// Runs a store test on both engines: once on a SQLite file in a temp folder, once on a fresh
// PostgreSQL database (test/helpers/postgres.ts; skipped with the reason when there is no
// server, except under CI).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { openStoreDatabase, type DB, type StoreOpenOptions } from '../../src/store/db';
import type { Engine } from '../../src/store/engine/types';
import { freshPostgresUrl } from './postgres';

export interface EngineFixture {
  engine: Engine;
  /** Where the database is: a SQLite file's path or a postgres:// URL. */
  target: string;
  /** Opens (and migrates) the test's database; each call is another connection, closed after the test. */
  open(opts?: StoreOpenOptions): DB;
}

export const ENGINES: readonly Engine[] = ['sqlite', 'postgres'];

async function withTarget(engine: Engine, t: TestContext, body: (f: EngineFixture) => void | Promise<void>): Promise<void> {
  let target: string;
  let dir: string | undefined;
  if (engine === 'sqlite') {
    dir = mkdtempSync(join(tmpdir(), 'feedbot-engine-'));
    target = join(dir, 'feedbot.db');
  } else {
    const url = await freshPostgresUrl(t);
    if (typeof url !== 'string') {
      t.skip(url.unavailable);
      return;
    }
    target = url;
  }
  const opened: DB[] = [];
  const open = (opts?: StoreOpenOptions) => {
    const db = openStoreDatabase(target, opts);
    opened.push(db);
    return db;
  };
  try {
    await body({ engine, target, open });
  } finally {
    for (const db of opened) if (db.open) db.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

/** Declares `name (sqlite)` and `name (postgres)`, running `body` on each engine's fresh database. */
export function forEachEngine(name: string, body: (f: EngineFixture, t: TestContext) => void | Promise<void>): void {
  for (const engine of ENGINES) test(`${name} (${engine})`, (t) => withTarget(engine, t, (f) => body(f, t)));
}
