// Copying a whole store to another database, on either engine (`cli migrate-store`): every
// table of COPIED_TABLES in order, read in pages of the primary key and written as multi-row
// inserts (memory bounded by the page size, whatever the archive's), every value as stored;
// then the id numbering of the target continues past the source's; then each table is read
// back from the target and its count and checksum compared with the source's. All of it runs
// in one target transaction, so a failure, a mismatch or a killed process leaves the target
// as empty as it was; the source is only read, inside one read transaction (one snapshot).
import { existsSync } from 'node:fs';
import { asSqlite, isPostgresUrl, openDatabase, openStoreDatabase, postgresSchemaVersion, type DB } from './db';
import { PostgresDatabase } from './engine/postgres';
import type { SqlStatement } from './engine/types';
import { TableSum } from './copy-checksum';
import { COPIED_TABLES, type CopiedTable } from './copy-tables';
import { migrations } from './migrations';

/** Rows per page read and per insert statement unless told otherwise. */
export const DEFAULT_BATCH_ROWS = 500;

export interface TableReport {
  table: string;
  source: { rows: number; checksum: string };
  target: { rows: number; checksum: string };
  ok: boolean;
}

export interface CopyReport {
  tables: TableReport[];
  /** Per table with an id numbering: the last id taken on the source; the target's next id is past it. */
  numbering: { table: string; column: string; last: number }[];
  ok: boolean;
}

export interface CopyOptions {
  batchRows?: number;
  /** Called after each page written. */
  onProgress?: (table: string, done: number, total: number) => void;
}

/** The copy was not started: nothing was written. */
export class CopyRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CopyRefusedError';
  }
}

/** The target's counts or checksums differ from the source's; the copy was rolled back. */
export class CopyMismatchError extends Error {
  constructor(readonly report: CopyReport) {
    const bad = report.tables.filter((t) => !t.ok).map((t) => t.table);
    super(`the copy does not match the source in ${bad.join(', ')}; it was rolled back, the target is left empty`);
    this.name = 'CopyMismatchError';
  }
}

/** The schema version this bot writes, the same number on both engines. */
export const CURRENT_SCHEMA = migrations.length;

export function schemaVersion(db: DB): number {
  const sqlite = asSqlite(db);
  return sqlite ? (sqlite.pragma('user_version', { simple: true }) as number) : postgresSchemaVersion(db);
}

const q = (name: string) => `"${name}"`;

/** One page of a table after `after` (the last key read; none for the first page), in key order. */
function pageSql(t: CopiedTable, first: boolean): string {
  const cols = t.columns.map(q).join(', ');
  const key = t.key.map(q).join(', ');
  const where = first ? '' : ` WHERE (${key}) > (${t.key.map(() => '?').join(', ')})`;
  return `SELECT ${cols} FROM ${q(t.name)}${where} ORDER BY ${key} LIMIT ?`;
}

/** The table's rows as value arrays in column order, a page at a time: one statement per page. */
function* pages(db: DB, t: CopiedTable, batch: number): Generator<unknown[][]> {
  const first = db.prepare<unknown[], Record<string, unknown>>(pageSql(t, true));
  const next = db.prepare<unknown[], Record<string, unknown>>(pageSql(t, false));
  let after: unknown[] | null = null;
  for (;;) {
    const rows: Record<string, unknown>[] = after ? next.all(...after, batch) : first.all(batch);
    if (!rows.length) return;
    yield rows.map((r) => t.columns.map((c) => r[c]));
    const last = rows[rows.length - 1]!;
    after = t.key.map((k) => last[k]);
    if (rows.length < batch) return;
  }
}

function insertSql(t: CopiedTable, rows: number): string {
  const one = `(${t.columns.map(() => '?').join(', ')})`;
  return `INSERT INTO ${q(t.name)} (${t.columns.map(q).join(', ')}) VALUES ${Array.from({ length: rows }, () => one).join(', ')}`;
}

function copyTable(source: DB, target: DB, t: CopiedTable, batch: number, onProgress: CopyOptions['onProgress']): TableSum {
  const total = source
    .prepare(`SELECT count(*) FROM ${q(t.name)}`)
    .pluck()
    .get() as number;
  const sum = new TableSum();
  const inserts = new Map<number, SqlStatement>();
  for (const rows of pages(source, t, batch)) {
    let insert = inserts.get(rows.length);
    if (!insert) inserts.set(rows.length, (insert = target.prepare(insertSql(t, rows.length))));
    try {
      insert.run(...rows.flat());
    } catch (err) {
      const from = t.key.map((k) => `${k} ${String(rows[0]![t.columns.indexOf(k)])}`).join(', ');
      throw new Error(`copying ${t.name} (the ${rows.length} rows from ${from}) failed: ${(err as Error).message}`);
    }
    for (const r of rows) sum.add(r);
    onProgress?.(t.name, sum.rows, total);
  }
  return sum;
}

function readBack(db: DB, t: CopiedTable, batch: number): TableSum {
  const sum = new TableSum();
  for (const rows of pages(db, t, batch)) for (const r of rows) sum.add(r);
  return sum;
}

/** The last id a table's numbering gave out: AUTOINCREMENT / identity never reuse one, even of a deleted row. */
function lastId(db: DB, t: CopiedTable, column: string): number {
  const copiedMax =
    (db
      .prepare(`SELECT max(${q(column)}) FROM ${q(t.name)}`)
      .pluck()
      .get() as number | null) ?? 0;
  let counter: number;
  if (asSqlite(db)) {
    counter = (db.prepare('SELECT seq FROM sqlite_sequence WHERE name = ?').pluck().get(t.name) as number | undefined) ?? 0;
  } else {
    const seq = db.prepare('SELECT pg_get_serial_sequence(?, ?)').pluck().get(t.name, column) as string;
    // The name comes from PostgreSQL itself, already quoted where it must be.
    counter = db.prepare(`SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM ${seq}`).pluck().get() as number;
  }
  return Math.max(copiedMax, counter);
}

/** Makes the target's next id for the table come after `last`. */
function continueNumbering(db: DB, t: CopiedTable, column: string, last: number): void {
  if (last < 1) return;
  if (asSqlite(db)) {
    if (db.prepare('UPDATE sqlite_sequence SET seq = ? WHERE name = ?').run(last, t.name).changes === 0)
      db.prepare('INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)').run(t.name, last);
  } else {
    // setval is not undone by a rollback: a failed copy may leave the (empty) target's numbering
    // further on, which only means its first ids are higher.
    db.prepare('SELECT setval(pg_get_serial_sequence(?, ?), ?, true)').get(t.name, column, last);
  }
}

function checkVersion(db: DB, which: 'source' | 'target'): void {
  const v = schemaVersion(db);
  if (v === CURRENT_SCHEMA) return;
  if (v > CURRENT_SCHEMA)
    throw new CopyRefusedError(`the ${which} database schema version ${v} is newer than this bot (${CURRENT_SCHEMA}); upgrade the bot`);
  throw new CopyRefusedError(
    `the ${which} database is at schema version ${v}, this bot at ${CURRENT_SCHEMA}: open it once with this version of the bot (npm start, or any npm run cli command with DATABASE_PATH or DATABASE_URL naming it) so it is migrated, then copy it`,
  );
}

/** Tables of the target that already have rows (role leases included: a running bot holds them). */
function nonEmptyTables(db: DB): string[] {
  return [...COPIED_TABLES.map((t) => t.name), 'role_leases'].filter((name) => db.prepare(`SELECT 1 FROM ${q(name)} LIMIT 1`).get());
}

/**
 * Copies the source store into the empty target (both at this bot's schema version) and
 * verifies it. Throws CopyRefusedError (nothing written), CopyMismatchError (rolled back, with
 * the report), or the error that stopped the copy (rolled back).
 */
export function copyStore(source: DB, target: DB, opts: CopyOptions = {}): CopyReport {
  const batch = opts.batchRows ?? DEFAULT_BATCH_ROWS;
  if (!Number.isInteger(batch) || batch < 1) throw new RangeError(`batchRows must be a whole number above 0 (got ${batch})`);
  checkVersion(source, 'source');
  checkVersion(target, 'target');
  // One read transaction on the source: every page comes from the same snapshot.
  return source.transaction(() => target.transaction(() => copyInto(source, target, batch, opts.onProgress)).immediate())();
}

/** The copy itself, inside the target's transaction: a throw rolls all of it back. */
function copyInto(source: DB, target: DB, batch: number, onProgress: CopyOptions['onProgress']): CopyReport {
  const busy = nonEmptyTables(target);
  if (busy.length)
    throw new CopyRefusedError(`the target database is not empty (rows in ${busy.join(', ')}); copy only into a new, empty database`);
  const sums = COPIED_TABLES.map((t) => copyTable(source, target, t, batch, onProgress));
  const numbering: CopyReport['numbering'] = [];
  for (const t of COPIED_TABLES) {
    if (!t.identity) continue;
    const last = lastId(source, t, t.identity);
    continueNumbering(target, t, t.identity, last);
    numbering.push({ table: t.name, column: t.identity, last });
  }
  const tables = COPIED_TABLES.map((t, i): TableReport => {
    const back = readBack(target, t, batch);
    const from = { rows: sums[i]!.rows, checksum: sums[i]!.checksum };
    const to = { rows: back.rows, checksum: back.checksum };
    return { table: t.name, source: from, target: to, ok: from.rows === to.rows && from.checksum === to.checksum };
  });
  const report: CopyReport = { tables, numbering, ok: tables.every((t) => t.ok) };
  if (!report.ok) throw new CopyMismatchError(report);
  return report;
}

/** `sqlite:<path>` (or a bare path) or a postgres:// URL, as given to the command. */
export function storeLocation(spec: string): string {
  return isPostgresUrl(spec) ? spec : spec.replace(/^sqlite:(\/\/(?=\/))?/i, '');
}

/** Opens the store to copy from without writing to it: a SQLite file read-only, a PostgreSQL session read-only. */
export function openCopySource(spec: string): DB {
  const where = storeLocation(spec);
  if (!isPostgresUrl(where)) {
    if (!existsSync(where)) throw new CopyRefusedError(`the source database ${where} does not exist`);
    return openDatabase(where, { readonly: true });
  }
  const db = new PostgresDatabase(where);
  try {
    db.prepare(`SELECT set_config('default_transaction_read_only', 'on', false)`).get();
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Opens (creating a SQLite file if needed) and migrates the store to copy into. */
export function openCopyTarget(spec: string): DB {
  return openStoreDatabase(storeLocation(spec));
}
