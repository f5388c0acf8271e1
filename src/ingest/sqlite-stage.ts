// A stage on disk, for sources too large to hold in memory (local imports of hundreds of MB):
// prepared rows go to a temporary table of the ingesting connection. SQLite keeps temporary
// tables in a temporary file with a bounded page cache, and they take no lock on the database,
// so staging a large import never holds the write lock another process is waiting for.
import type { DB } from '../store/db';
import type { PreparedArticle } from '../store/articles';
import type { Stage } from './stage';

let tables = 0;

/** Rows inserted per staging transaction (on the temporary table only). */
const BATCH = 256;

export class SqliteStage implements Stage {
  private readonly table = `temp.ingest_stage_${process.pid}_${++tables}`;
  private pending: PreparedArticle[] = [];
  private count = 0;
  /** Counted as batches are written: INSERT OR IGNORE keeps the first listing of a key. */
  repeats = 0;
  private readonly stmts;
  private readonly flushBatch;

  constructor(private readonly db: DB) {
    db.exec(`CREATE TABLE ${this.table} (
      n INTEGER PRIMARY KEY,
      dedup_key TEXT NOT NULL UNIQUE,
      title TEXT NOT NULL,
      title_derived INTEGER NOT NULL,
      row TEXT NOT NULL
    )`);
    this.stmts = {
      insert: db.prepare<[string, string, number, string]>(
        `INSERT OR IGNORE INTO ${this.table} (dedup_key, title, title_derived, row) VALUES (?, ?, ?, ?)`,
      ),
      titles: db.prepare<[], { title: string }>(`SELECT DISTINCT title FROM ${this.table} WHERE title_derived = 1`),
      withTitle: db.prepare<[string], { row: string }>(`SELECT row FROM ${this.table} WHERE title = ? AND title_derived = 1 ORDER BY n`),
      retitle: db.prepare<[string, string, string]>(
        `UPDATE ${this.table} SET title = ?, row = json_set(row, '$.title', ?) WHERE dedup_key = ?`,
      ),
      page: db.prepare<[number, number], { n: number; row: string }>(`SELECT n, row FROM ${this.table} WHERE n > ? ORDER BY n LIMIT ?`),
    };
    this.flushBatch = db.transaction((rows: PreparedArticle[]) => {
      let added = 0;
      for (const r of rows) added += this.stmts.insert.run(r.dedupKey, r.title, r.titleDerived ? 1 : 0, JSON.stringify(r)).changes;
      return added;
    });
    // An index on title only for derived titles: what twin planning looks up.
    db.exec(`CREATE INDEX ${this.table}_title ON ${this.table.slice('temp.'.length)} (title) WHERE title_derived = 1`);
  }

  /** Buffers the row; a full batch goes to the temporary table. */
  add(row: PreparedArticle): void {
    this.pending.push(row);
    if (this.pending.length >= BATCH) this.flush();
  }

  /** Writes buffered rows to the temporary table. */
  flush(): void {
    if (!this.pending.length) return;
    const added = this.flushBatch(this.pending) as number;
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
    return this.stmts.withTitle.all(title).map((r) => JSON.parse(r.row) as PreparedArticle);
  }

  retitle(dedupKey: string, title: string): void {
    this.stmts.retitle.run(title, title, dedupKey);
  }

  *pages(size: number): Iterable<PreparedArticle[]> {
    this.flush();
    for (let after = 0; ;) {
      const rows = this.stmts.page.all(after, size);
      if (!rows.length) return;
      after = rows.at(-1)!.n;
      yield rows.map((r) => JSON.parse(r.row) as PreparedArticle);
    }
  }

  dispose(): void {
    this.pending = [];
    this.db.exec(`DROP TABLE IF EXISTS ${this.table}`);
  }
}
