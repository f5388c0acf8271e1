// The archive reader (archive-reader.ts) over the store's own connection.
// Its SQL is one text for any engine (lists bound as `IN (?, ?, …)` chunks,
// row-value comparisons, aliased subqueries). Per engine, in branches that
// ask the connection's engine: what the change token reads to see other
// connections' commits (SQLite's data_version; PostgreSQL's counter kept by
// a trigger, schema step 15) and what a worker thread is told to open
// (a PostgreSQL worker reads with pg itself: pg-archive-pages.ts).
import Database from 'better-sqlite3';
import type { DB } from '../store/db';
import { ARTICLE_COLUMNS, toArticle, type ArticleRow } from '../store/article-row';
import type { Article } from '../store/types';
import type { ArchiveReader, ArticleKey, ChangeMark, ArchivedArticle, ArchiveSpec } from './archive-reader';

/** An articles row as the reader selects it. */
export interface Row {
  seq: number;
  id: string;
  title: string;
  summary: string;
  categories: string;
  topics: string;
  published_at: string | null;
  first_seen_at: number;
  updated_at: number;
  content_hash: string;
}

/**
 * The store's connection as the reader uses it: statements, plus what tells
 * a SQLite file (an engine tag where the handle has one, its name and memory).
 */
type StoreConnection = Pick<DB, 'prepare'> & { readonly engine?: string; readonly name?: string; readonly memory?: boolean };

type KeyRow = Pick<Row, 'seq' | 'id' | 'title' | 'content_hash' | 'categories' | 'topics' | 'updated_at'>;

const fields = (text: string) =>
  `seq, id, title, ${text} AS summary, categories, topics, published_at, first_seen_at, updated_at, content_hash`;
/** The columns of a whole article as the reader selects them. */
export const WHOLE = fields('summary');
/** substr counts code points, so the cut covers at least as many UTF-16 units (trimmed after). */
const CUT = fields('substr(summary, 1, ?)');
const KEYS = 'seq, id, title, content_hash, categories, topics, updated_at';
const NEW = 'FROM articles WHERE seq > ? ORDER BY seq LIMIT ?';
const CHANGED = 'FROM articles WHERE (updated_at, seq) > (?, ?) AND seq <= ? ORDER BY updated_at, seq LIMIT ?';
/** Rows bound per `IN (…)` list: well under any engine's parameter limit. */
const CHUNK = 100;

const toKey = (r: KeyRow): ArticleKey => ({
  seq: r.seq,
  id: r.id,
  title: r.title,
  contentHash: r.content_hash,
  categories: JSON.parse(r.categories) as string[],
  topics: JSON.parse(r.topics) as string[],
  updatedAt: r.updated_at,
});

export function toArchived(r: Row, textChars?: number): ArchivedArticle {
  return {
    seq: r.seq,
    id: r.id,
    title: r.title,
    summary: textChars === undefined ? r.summary : r.summary.slice(0, textChars),
    categories: JSON.parse(r.categories) as string[],
    topics: JSON.parse(r.topics) as string[],
    publishedAt: r.published_at,
    firstSeenAt: r.first_seen_at,
    updatedAt: r.updated_at,
    contentHash: r.content_hash,
  };
}

export class StoreArchiveReader implements ArchiveReader {
  private readonly stmts;
  private readonly lists = new Map<string, { all(...params: unknown[]): unknown[] }>();
  private id: string | null = null;

  /** Sees other connections' commits (which may leave seq and updated_at as they were). */
  private readonly version;

  /** `url`: the PostgreSQL store's URL, so a worker thread can open its own connection. */
  constructor(
    private readonly db: StoreConnection,
    private readonly url?: string,
  ) {
    this.version =
      db.engine === 'postgres'
        ? db.prepare<[], string>(`SELECT value FROM search_meta WHERE key = 'articles_changed'`).pluck()
        : db.prepare<[], number>('PRAGMA data_version').pluck();
    this.stmts = {
      after: db.prepare<[number, number], Row>(`SELECT ${WHOLE} ${NEW}`),
      afterCut: db.prepare<[number, number, number], Row>(`SELECT ${CUT} ${NEW}`),
      changed: db.prepare<[number, number, number, number], Row>(`SELECT ${WHOLE} ${CHANGED}`),
      changedCut: db.prepare<[number, number, number, number, number], Row>(`SELECT ${CUT} ${CHANGED}`),
      keys: db.prepare<[number, number], KeyRow>(`SELECT ${KEYS} ${NEW}`),
      changedKeys: db.prepare<[number, number, number, number], KeyRow>(`SELECT ${KEYS} ${CHANGED}`),
      bySeq: db.prepare<[number], Row>(`SELECT ${WHOLE} FROM articles WHERE seq = ?`),
      newCount: db.prepare<[number, number], number>('SELECT count(*) FROM (SELECT 1 FROM articles WHERE seq > ? LIMIT ?) AS t').pluck(),
      changedCount: db
        .prepare<[number, number, number, number], number>(
          'SELECT count(*) FROM (SELECT 1 FROM articles WHERE (updated_at, seq) > (?, ?) AND seq <= ? LIMIT ?) AS t',
        )
        .pluck(),
      count: db.prepare<[], number>('SELECT count(*) FROM articles').pluck(),
      // One aggregate per SELECT: SQLite answers a lone max() from an index, two at once by scanning the table.
      last: db.prepare<[], { s: number | null; u: number | null }>(
        'SELECT (SELECT max(seq) FROM articles) AS s, (SELECT max(updated_at) FROM articles) AS u',
      ),
      idAt: db.prepare<[number], string>('SELECT id FROM articles WHERE seq = ?').pluck(),
    };
  }

  private toArticle(r: Row, textChars?: number): ArchivedArticle {
    return toArchived(r, textChars);
  }

  storeId(): string {
    if (this.id === null) {
      try {
        this.id = this.db.prepare<[], string>(`SELECT value FROM search_meta WHERE key = 'db_id'`).pluck().get() ?? '';
      } catch {
        // Read-only databases from before search_meta have no id: nothing saved can claim to match them.
        this.id = '';
      }
    }
    return this.id;
  }

  after(afterSeq: number, limit: number, textChars?: number): ArchivedArticle[] {
    const rows = textChars === undefined ? this.stmts.after.all(afterSeq, limit) : this.stmts.afterCut.all(textChars, afterSeq, limit);
    return rows.map((r) => this.toArticle(r, textChars));
  }

  changedAfter(mark: ChangeMark, maxSeq: number, limit: number, textChars?: number): ArchivedArticle[] {
    const rows =
      textChars === undefined
        ? this.stmts.changed.all(mark.at, mark.seq, maxSeq, limit)
        : this.stmts.changedCut.all(textChars, mark.at, mark.seq, maxSeq, limit);
    return rows.map((r) => this.toArticle(r, textChars));
  }

  keysAfter(afterSeq: number, limit: number): ArticleKey[] {
    return this.stmts.keys.all(afterSeq, limit).map(toKey);
  }

  changedKeysAfter(mark: ChangeMark, maxSeq: number, limit: number): ArticleKey[] {
    return this.stmts.changedKeys.all(mark.at, mark.seq, maxSeq, limit).map(toKey);
  }

  bySeq(seq: number): ArchivedArticle | undefined {
    const r = this.stmts.bySeq.get(seq);
    return r && this.toArticle(r);
  }

  countAfter(afterSeq: number, cap: number): number {
    return this.stmts.newCount.get(afterSeq, cap)!;
  }

  countChanged(mark: ChangeMark, maxSeq: number, cap: number): number {
    return this.stmts.changedCount.get(mark.at, mark.seq, maxSeq, cap)!;
  }

  count(): number {
    return this.stmts.count.get()!;
  }

  last(): { seq: number; updatedAt: number } {
    const l = this.stmts.last.get()!;
    return { seq: l.s ?? 0, updatedAt: l.u ?? 0 };
  }

  idAt(seq: number): string | undefined {
    return this.stmts.idAt.get(seq);
  }

  /** Rows whose `column` is in `values`, a chunk of bound parameters at a time. */
  private inList<T>(select: string, column: string, values: readonly (string | number)[]): T[] {
    const out: T[] = [];
    for (let i = 0; i < values.length; i += CHUNK) {
      const part = values.slice(i, i + CHUNK);
      const sql = `SELECT ${select} FROM articles WHERE ${column} IN (${part.map(() => '?').join(', ')})`;
      let stmt = this.lists.get(sql);
      if (!stmt) this.lists.set(sql, (stmt = this.db.prepare<unknown[], unknown>(sql)));
      out.push(...(stmt.all(...part) as T[]));
    }
    return out;
  }

  ids(seqs: readonly number[]): Map<number, string> {
    return new Map(this.inList<{ seq: number; id: string }>('seq, id', 'seq', seqs).map((r) => [r.seq, r.id]));
  }

  articles(ids: readonly string[]): Article[] {
    const byId = new Map(this.inList<ArticleRow>(ARTICLE_COLUMNS, 'id', ids).map((r) => [r.id, toArticle(r)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  changeToken(): string {
    // The maxima see this connection's commits and, on a server, everyone's.
    const l = this.stmts.last.get()!;
    return `${this.version?.get() ?? ''}:${l.s}:${l.u}`;
  }

  workerSpec(): ArchiveSpec | null {
    if (this.db.engine === 'postgres') return this.url ? { engine: 'postgres', url: this.url } : null;
    if (this.db.memory || !this.db.name) return null;
    return { engine: 'sqlite', path: this.db.name };
  }
}

/** A worker thread's own read-only reader of the SQLite file `path`. */
export function openArchiveReader(spec: { path: string }): { archive: ArchiveReader; close(): void } {
  const db = new Database(spec.path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return { archive: new StoreArchiveReader(db), close: () => db.close() };
}
