// The on-disk body index: a contentless SQLite FTS5 table over every
// article's title, lead, whole text, tags and compound pieces (body-text.ts
// says in what form), derived from the articles table and kept beside it.
// It is filled by whichever process gets to it first: a step takes the write
// lock (BEGIN IMMEDIATE, never waiting for it — a busy database is left for
// the next step), reads how far the index goes from search_meta inside that
// transaction, indexes the next few hundred new articles (by seq) or
// re-indexes changed ones (by updated_at, when their content or tags
// changed), and moves the coverage on in the same commit. So several
// processes can catch up at once without indexing anything twice, and a
// crash leaves the index as of the last commit. Its own format version sits
// in search_meta: a mismatch drops and rebuilds the tables.
import { randomBytes } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDB as DB } from '../store/db';
import { ARTICLE_COLUMNS, prepareRow, type ArticleRow, type ColumnText, type PreparedRow } from './body-prep';
import { textHash } from './doc-fields';

/** Bump when what the tables hold changes: the index is then rebuilt from the articles. */
export const BODY_FORMAT = '1';

/** bm25 column weights, in column order (title, lead, body, tags, pieces): used when the head is not there. */
const WEIGHTS = [10, 4, 1, 3, 1];

export interface StepOptions {
  /** Stop adding articles to a step once it holds this many characters of text. */
  maxChars: number;
  /** Articles read per step at most. */
  maxRows: number;
  leadChars: number;
}

export interface StepResult {
  indexed: number;
  /** False when everything is indexed. */
  more: boolean;
  /** Another process holds the write lock: try again later. */
  busy: boolean;
}

export interface BodyHit {
  seq: number;
  /** bm25 (lower is better), when asked for. */
  rank: number;
}

/** Rows prepared ahead of the step (body-feed.ts), by seq: each is taken if the article still reads as it was prepared. */
export type PreparedPool = Map<number, PreparedRow>;

interface KeyRow {
  seq: number;
  categories: string;
  content_hash: string;
}

interface ChangedRow {
  seq: number;
  categories: string;
  content_hash: string;
  updated_at: number;
}

const sigOf = (r: { content_hash: string; categories: string }) => textHash(`${r.content_hash}\u0000${r.categories}`);

/** Whether the database has the search_meta table (read-only databases from before it do not). */
export function hasSearchMeta(db: DB): boolean {
  return !!db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_meta'`).get();
}

export function readMeta(db: DB, key: string): string | undefined {
  return db.prepare<[string], { value: string }>('SELECT value FROM search_meta WHERE key = ?').get(key)?.value;
}

function writeMeta(db: DB, key: string, value: string | number): void {
  db.prepare('INSERT INTO search_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    key,
    String(value),
  );
}

/**
 * Runs `fn` in an IMMEDIATE transaction without waiting for the write lock:
 * null when another connection holds it.
 */
export function tryImmediate<T>(db: DB, fn: () => T): T | null {
  const wait = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    return db.transaction(fn).immediate();
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY') return null;
    throw err;
  } finally {
    db.pragma(`busy_timeout = ${wait}`);
  }
}

/** Creates the body tables, or drops and recreates them when their format differs. Returns false when busy. */
export function ensureBodyTables(db: DB): boolean {
  if (readMeta(db, 'body_format') === BODY_FORMAT) return true;
  return (
    tryImmediate(db, () => {
      if (readMeta(db, 'body_format') === BODY_FORMAT) return true;
      db.exec(`
        DROP TABLE IF EXISTS search_body;
        DROP TABLE IF EXISTS search_body_docs;
        DROP TABLE IF EXISTS search_terms;
        CREATE VIRTUAL TABLE search_body USING fts5(title, lead, body, tags, pieces, content='', contentless_delete=1, tokenize='unicode61');
        CREATE TABLE search_body_docs (seq INTEGER PRIMARY KEY, sig INTEGER NOT NULL);
        CREATE TABLE search_terms (id INTEGER PRIMARY KEY, term TEXT NOT NULL UNIQUE);
      `);
      // Rows changed before now are indexed as they are when their seq comes up.
      const last = db
        .prepare<[], { u: number | null; s: number | null }>(
          'SELECT (SELECT max(updated_at) FROM articles) AS u, (SELECT max(seq) FROM articles) AS s',
        )
        .get()!;
      writeMeta(db, 'body_seq', 0);
      writeMeta(db, 'body_changed_at', last.u ?? 0);
      writeMeta(db, 'body_changed_seq', last.s ?? 0);
      writeMeta(db, 'body_id', randomBytes(8).toString('hex'));
      writeMeta(db, 'body_format', BODY_FORMAT);
      return true;
    }) ?? false
  );
}

type Statement = BetterSqlite3.Statement<unknown[], unknown>;

export class BodyIndex {
  private readonly stmts;
  private readonly cache = new Map<string, Statement>();

  constructor(private readonly db: DB) {
    this.stmts = {
      newRows: db.prepare<[number, number], ArticleRow>(`SELECT ${ARTICLE_COLUMNS} FROM articles WHERE seq > ? ORDER BY seq LIMIT ?`),
      newKeys: db.prepare<[number, number], KeyRow>(
        'SELECT seq, categories, content_hash FROM articles WHERE seq > ? ORDER BY seq LIMIT ?',
      ),
      changed: db.prepare<[number, number, number, number], ChangedRow>(
        `SELECT seq, categories, content_hash, updated_at FROM articles
         WHERE (updated_at, seq) > (?, ?) AND seq <= ? ORDER BY updated_at, seq LIMIT ?`,
      ),
      row: db.prepare<[number], ArticleRow>(`SELECT ${ARTICLE_COLUMNS} FROM articles WHERE seq = ?`),
      sig: db.prepare<[number], number>('SELECT sig FROM search_body_docs WHERE seq = ?').pluck(),
      setSig: db.prepare<[number, number]>(
        'INSERT INTO search_body_docs (seq, sig) VALUES (?, ?) ON CONFLICT (seq) DO UPDATE SET sig = excluded.sig',
      ),
      remove: db.prepare<[number]>('DELETE FROM search_body WHERE rowid = ?'),
      insert: db.prepare<[number, ColumnText, ColumnText, ColumnText, ColumnText, ColumnText]>(
        'INSERT INTO search_body (rowid, title, lead, body, tags, pieces) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      addTerm: db.prepare<[string]>('INSERT OR IGNORE INTO search_terms (term) VALUES (?)'),
      terms: db.prepare<[number, number], { id: number; term: string }>(
        'SELECT id, term FROM search_terms WHERE id > ? ORDER BY id LIMIT ?',
      ),
      newCount: db.prepare<[number, number], number>('SELECT count(*) FROM (SELECT 1 FROM articles WHERE seq > ? LIMIT ?)').pluck(),
      changedCount: db
        .prepare<[number, number, number, number], number>(
          'SELECT count(*) FROM (SELECT 1 FROM articles WHERE (updated_at, seq) > (?, ?) AND seq <= ? LIMIT ?)',
        )
        .pluck(),
    };
  }

  /** How far the index goes: new articles up to `seq`, changes up to (`changedAt`, `changedSeq`). */
  coverage(): { seq: number; changedAt: number; changedSeq: number } {
    const num = (key: string) => Number(readMeta(this.db, key) ?? 0);
    return { seq: num('body_seq'), changedAt: num('body_changed_at'), changedSeq: num('body_changed_seq') };
  }

  /** Articles not (or not as they now read) in the index, counting no further than `cap`. */
  pending(cap: number): number {
    const c = this.coverage();
    const fresh = this.stmts.newCount.get(c.seq, cap)!;
    return fresh >= cap ? fresh : fresh + this.stmts.changedCount.get(c.changedAt, c.changedSeq, c.seq, cap - fresh)!;
  }

  /**
   * Indexes the next new or changed articles; `known` says which vocabulary
   * terms are already stored. New articles found in `prepared` (and still as
   * they were prepared) are taken from it instead of being prepared here.
   */
  step(opts: StepOptions, known: (term: string) => boolean, prepared?: PreparedPool): StepResult {
    let indexed = 0;
    let more = false;
    const done = tryImmediate(this.db, () => {
      const cov = this.coverage();
      const vocab = new Set<string>();
      let chars = 0;
      const index = (p: PreparedRow, replace: boolean) => {
        if (replace) this.stmts.remove.run(p.seq);
        const r = p.row;
        this.stmts.insert.run(p.seq, r.title, r.lead, r.body, r.tags, r.pieces);
        this.stmts.setSig.run(p.seq, sigOf({ content_hash: p.contentHash, categories: p.categories }));
        for (const t of p.vocab) vocab.add(t);
        chars += p.chars;
        indexed++;
      };
      const fresh: (ArticleRow | KeyRow)[] = (prepared ? this.stmts.newKeys : this.stmts.newRows).all(cov.seq, opts.maxRows);
      if (fresh.length) {
        let last = cov.seq;
        for (const row of fresh) {
          if (chars >= opts.maxChars) break;
          const ready = prepared?.get(row.seq);
          prepared?.delete(row.seq);
          const p =
            ready && ready.contentHash === row.content_hash && ready.categories === row.categories
              ? ready
              : prepareRow('summary' in row ? row : this.stmts.row.get(row.seq)!, opts.leadChars);
          // A row indexed before a crash of an older format cannot be here: the format check drops the table.
          index(p, this.stmts.sig.get(row.seq) !== undefined);
          last = row.seq;
        }
        writeMeta(this.db, 'body_seq', last);
        more = true;
      } else {
        const rows = this.stmts.changed.all(cov.changedAt, cov.changedSeq, cov.seq, opts.maxRows);
        let at = { u: cov.changedAt, s: cov.changedSeq };
        for (const c of rows) {
          if (chars >= opts.maxChars) break;
          if (this.stmts.sig.get(c.seq) !== sigOf(c)) {
            const row = this.stmts.row.get(c.seq);
            if (row) index(prepareRow(row, opts.leadChars), true);
          }
          at = { u: c.updated_at, s: c.seq };
        }
        writeMeta(this.db, 'body_changed_at', at.u);
        writeMeta(this.db, 'body_changed_seq', at.s);
        more = rows.length > 0 && (rows.length === opts.maxRows || at.s !== rows[rows.length - 1]!.seq);
      }
      for (const t of vocab) if (!known(t)) this.stmts.addTerm.run(t);
      return true;
    });
    return done ? { indexed, more, busy: false } : { indexed: 0, more: true, busy: true };
  }

  /** Vocabulary terms stored after id `afterId`, in id order, at most `limit`. */
  termsAfter(afterId: number, limit: number): { id: number; term: string }[] {
    return this.stmts.terms.all(afterId, limit);
  }

  /** How many articles match, counting no further than `cap`. */
  count(match: string, cap: number, topic?: string): number {
    const sql = `SELECT count(*) FROM (SELECT 1 FROM search_body WHERE search_body MATCH ?${topicFilter(topic)} LIMIT ?)`;
    return this.prepared(sql)
      .pluck()
      .get(match, ...topicArgs(topic), cap) as number;
  }

  /** Statements by SQL text: a query's shape is one of a few, and preparing costs more than running a small one. */
  private prepared(sql: string): Statement {
    let stmt = this.cache.get(sql);
    if (!stmt) {
      stmt = this.db.prepare<unknown[], unknown>(sql);
      this.cache.set(sql, stmt);
    }
    return stmt;
  }

  /** Up to `limit` matching articles' seqs, in the index's own (ascending) order: the cheapest way to count. */
  seqs(match: string, limit: number, topic?: string): number[] {
    const sql = `SELECT rowid FROM search_body WHERE search_body MATCH ?${topicFilter(topic)} LIMIT ?`;
    return this.prepared(sql)
      .pluck()
      .all(match, ...topicArgs(topic), limit) as number[];
  }

  /** bm25 ranks of the given matching articles (title, lead, body, tags, pieces weighted). */
  ranks(match: string, seqs: readonly number[]): BodyHit[] {
    const sql = `SELECT rowid AS seq, bm25(search_body, ${WEIGHTS.join(', ')}) AS rank FROM search_body
      WHERE search_body MATCH ? AND rowid IN (SELECT value FROM json_each(?))`;
    return this.prepared(sql).all(match, JSON.stringify(seqs)) as BodyHit[];
  }

  /**
   * The newest `limit` matching articles (by seq, descending) — with their
   * bm25 rank when `ranked` (title, lead, body, tags, pieces weighted).
   */
  window(match: string, limit: number, ranked: boolean, topic?: string): BodyHit[] {
    const rank = ranked ? `bm25(search_body, ${WEIGHTS.join(', ')})` : '0';
    const sql = `SELECT rowid AS seq, ${rank} AS rank FROM search_body WHERE search_body MATCH ?${topicFilter(topic)} ORDER BY rowid DESC LIMIT ?`;
    return this.prepared(sql).all(match, ...topicArgs(topic), limit) as BodyHit[];
  }
}

const topicFilter = (topic: string | undefined) =>
  topic === undefined ? '' : ' AND rowid IN (SELECT seq FROM article_topics WHERE topic = ?)';
const topicArgs = (topic: string | undefined) => (topic === undefined ? [] : [topic]);
