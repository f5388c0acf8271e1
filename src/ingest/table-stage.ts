// A stage in the database, for sources too large to hold in memory (local imports of hundreds
// of MB): prepared rows go to a temporary table of the ingesting connection. SQLite keeps
// temporary tables in a temporary file with a bounded page cache; PostgreSQL keeps them
// unlogged in the session. Neither takes the database's write lock, so staging a large import
// never holds up another process. Rows go in one multi-row INSERT per batch: one statement
// (one round trip on PostgreSQL) per BATCH rows rather than one per row.
import type { DB } from '../store/db';
import type { SqlStatement } from '../store/engine/types';
import type { PreparedArticle } from '../store/articles';
import type { Stage } from './stage';

let tables = 0;

type Insert = SqlStatement;

/** Rows inserted per statement (4 parameters each, well inside both engines' limits). */
const BATCH = 256;

/** The table and its title index; only the temporary schema's name and the row counter differ by engine. */
function createTable(db: DB, name: string): string {
  const pg = db.engine === 'postgres';
  const table = `${pg ? 'pg_temp' : 'temp'}.${name}`;
  db.exec(`CREATE TABLE ${table} (
    n ${pg ? 'BIGINT GENERATED ALWAYS AS IDENTITY' : 'INTEGER'} PRIMARY KEY,
    dedup_key TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    title_derived INTEGER NOT NULL,
    data TEXT NOT NULL
  )`);
  // An index on title only for derived titles: what twin planning looks up.
  db.exec(
    pg
      ? `CREATE INDEX ${name}_title ON ${table} (title) WHERE title_derived = 1`
      : `CREATE INDEX temp.${name}_title ON ${name} (title) WHERE title_derived = 1`,
  );
  return table;
}

/** A staged row: its JSON, with the title as the table has it (retitle changes only the column). */
const unstage = (r: { title: string; data: string }): PreparedArticle => ({ ...(JSON.parse(r.data) as PreparedArticle), title: r.title });

export class TableStage implements Stage {
  private readonly table: string;
  private pending: PreparedArticle[] = [];
  private count = 0;
  /** Counted as batches are written: ON CONFLICT DO NOTHING keeps the first listing of a key. */
  repeats = 0;
  private readonly stmts;
  private fullBatch: Insert | undefined;

  constructor(private readonly db: DB) {
    this.table = createTable(db, `ingest_stage_${process.pid}_${++tables}`);
    this.stmts = {
      titles: db.prepare<[], { title: string }>(`SELECT DISTINCT title FROM ${this.table} WHERE title_derived = 1`),
      withTitle: db.prepare<[string], { title: string; data: string }>(
        `SELECT title, data FROM ${this.table} WHERE title = ? AND title_derived = 1 ORDER BY n`,
      ),
      retitle: db.prepare<[string, string]>(`UPDATE ${this.table} SET title = ? WHERE dedup_key = ?`),
      page: db.prepare<[number, number], { n: number; title: string; data: string }>(
        `SELECT n, title, data FROM ${this.table} WHERE n > ? ORDER BY n LIMIT ?`,
      ),
    };
  }

  /** One INSERT of `rows` rows; the full batch's is prepared once, a last short one when needed. */
  private insertStatement(rows: number): Insert {
    const make = () =>
      this.db.prepare<unknown[]>(
        `INSERT INTO ${this.table} (dedup_key, title, title_derived, data) VALUES ${Array(rows).fill('(?, ?, ?, ?)').join(', ')}
         ON CONFLICT (dedup_key) DO NOTHING`,
      );
    return rows === BATCH ? (this.fullBatch ??= make()) : make();
  }

  /** Buffers the row; a full batch goes to the temporary table. */
  add(row: PreparedArticle): void {
    this.pending.push(row);
    if (this.pending.length >= BATCH) this.flush();
  }

  /** Writes buffered rows to the temporary table. */
  flush(): void {
    if (!this.pending.length) return;
    const params = this.pending.flatMap((r) => [r.dedupKey, r.title, r.titleDerived ? 1 : 0, JSON.stringify(r)]);
    const added = this.insertStatement(this.pending.length).run(...params).changes;
    this.repeats += this.pending.length - added;
    this.count += added;
    this.pending = [];
  }

  /** Rows buffered in memory right now, at most BATCH. */
  get buffered(): number {
    return this.pending.length;
  }

  get size(): number {
    return this.count + this.pending.length;
  }

  derivedTitles(): string[] {
    this.flush();
    return this.stmts.titles.all().map((r) => r.title);
  }

  withDerivedTitle(title: string): PreparedArticle[] {
    return this.stmts.withTitle.all(title).map(unstage);
  }

  retitle(dedupKey: string, title: string): void {
    this.stmts.retitle.run(title, dedupKey);
  }

  *pages(size: number): Iterable<PreparedArticle[]> {
    this.flush();
    for (let after = 0; ;) {
      const rows = this.stmts.page.all(after, size);
      if (!rows.length) return;
      after = rows.at(-1)!.n;
      yield rows.map(unstage);
    }
  }

  dispose(): void {
    this.pending = [];
    this.db.exec(`DROP TABLE IF EXISTS ${this.table}`);
  }
}
