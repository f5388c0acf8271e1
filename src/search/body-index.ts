// The on-disk body index: a contentless SQLite FTS5 table over every
// article's title, whole text, tags and compound pieces (body-text.ts
// says in what form), derived from the articles (read through the archive
// reader) and kept in the store's database or in a file of its own
// (body-tables.ts).
// It is filled by whichever process gets to it first: a step takes the write
// lock (BEGIN IMMEDIATE, never waiting for it — a busy database is left for
// the next step), reads how far the index goes from search_meta inside that
// transaction, indexes the next few hundred new articles (by seq) or
// re-indexes changed ones (by updated_at, when their content or tags
// changed), and moves the coverage on in the same commit. So several
// processes can catch up at once without indexing anything twice, and a
// crash leaves the index as of the last commit. In a file of its own, the
// articles are read outside that transaction: an article changed meanwhile
// has a later updated_at, so the re-check of changed ones takes it again.
import type BetterSqlite3 from 'better-sqlite3';
import type { ArchiveReader, ArticleKey, ArchivedArticle } from './archive-reader';
import { prepareRow, signatureOf, type ColumnText, type PreparedRow } from './body-prep';
import { readMeta, tryImmediate, tuneWrites, writeMeta, type BodySource, type IndexDb } from './body-tables';

export { BODY_FORMAT, BODY_WRITE_SETTINGS, ensureBodyTables, hasSearchMeta, readMeta, tryImmediate, type BodySource } from './body-tables';

/** bm25 column weights, in column order (title, body, tags, pieces). */
const WEIGHTS = [10, 1, 3, 1];

export interface StepOptions {
  /** Stop adding articles to a step once it holds this many characters of text. */
  maxChars: number;
  /** Articles read per step at most. */
  maxRows: number;
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

const keySig = (k: Pick<ArticleKey, 'contentHash' | 'categories' | 'title'>) =>
  signatureOf(k.contentHash, JSON.stringify(k.categories), k.title);

type Statement = BetterSqlite3.Statement<unknown[], unknown>;

export class BodyIndex {
  private readonly stmts;
  private readonly cache = new Map<string, Statement>();
  private readonly db: IndexDb;
  private readonly articles: ArchiveReader;
  /** Where topic filters look: the store's table, or the index's own copy. */
  private readonly topics: string;
  /** Whether a step has checked the table's write settings (also on tables made before they were set). */
  private tuned = false;

  constructor(private readonly src: BodySource) {
    const db = (this.db = src.db);
    this.articles = src.articles;
    this.topics = src.own ? 'search_body_topics' : 'article_topics';
    this.stmts = {
      sig: db.prepare<[number], number>('SELECT sig FROM search_body_docs WHERE seq = ?').pluck(),
      setSig: db.prepare<[number, number]>(
        'INSERT INTO search_body_docs (seq, sig) VALUES (?, ?) ON CONFLICT (seq) DO UPDATE SET sig = excluded.sig',
      ),
      remove: db.prepare<[number]>('DELETE FROM search_body WHERE rowid = ?'),
      insert: db.prepare<[number, ColumnText, ColumnText, ColumnText, ColumnText]>(
        'INSERT INTO search_body (rowid, title, body, tags, pieces) VALUES (?, ?, ?, ?, ?)',
      ),
      addTerm: db.prepare<[string]>('INSERT OR IGNORE INTO search_terms (term) VALUES (?)'),
      terms: db.prepare<[number, number], { id: number; term: string }>(
        'SELECT id, term FROM search_terms WHERE id > ? ORDER BY id LIMIT ?',
      ),
      ...(src.own
        ? {
            clearTopics: db.prepare<[number]>('DELETE FROM search_body_topics WHERE seq = ?'),
            addTopic: db.prepare<[string, number]>('INSERT OR IGNORE INTO search_body_topics (topic, seq) VALUES (?, ?)'),
          }
        : {}),
    };
  }

  /** The index's own copy of an article's topics (an index in a file of its own). */
  private setTopics(seq: number, topics: readonly string[], replace: boolean): void {
    if (!this.src.own) return;
    if (replace) this.stmts.clearTopics!.run(seq);
    for (const t of topics) this.stmts.addTopic!.run(t, seq);
  }

  /** How far the index goes: new articles up to `seq`, changes up to (`changedAt`, `changedSeq`). */
  coverage(): { seq: number; changedAt: number; changedSeq: number } {
    const num = (key: string) => Number(readMeta(this.db, key) ?? 0);
    return { seq: num('body_seq'), changedAt: num('body_changed_at'), changedSeq: num('body_changed_seq') };
  }

  /** Articles not (or not as they now read) in the index, counting no further than `cap`. */
  pending(cap: number): number {
    const c = this.coverage();
    const fresh = this.articles.countAfter(c.seq, cap);
    return fresh >= cap ? fresh : fresh + this.articles.countChanged({ at: c.changedAt, seq: c.changedSeq }, c.seq, cap - fresh);
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
      if (!this.tuned) tuneWrites(this.db);
      const cov = this.coverage();
      const vocab = new Set<string>();
      let chars = 0;
      const index = (p: PreparedRow, replace: boolean) => {
        if (replace) this.stmts.remove.run(p.seq);
        const r = p.row;
        this.stmts.insert.run(p.seq, r.title, r.body, r.tags, r.pieces);
        this.stmts.setSig.run(p.seq, p.sig);
        this.setTopics(p.seq, p.topics, replace);
        for (const t of p.vocab) vocab.add(t);
        chars += p.chars;
        indexed++;
      };
      const fresh: ArticleKey[] = prepared ? this.articles.keysAfter(cov.seq, opts.maxRows) : this.articles.after(cov.seq, opts.maxRows);
      if (fresh.length) {
        let last: ArticleKey | null = null;
        for (const row of fresh) {
          if (chars >= opts.maxChars) break;
          const ready = prepared?.get(row.seq);
          prepared?.delete(row.seq);
          const p =
            ready && ready.sig === keySig(row)
              ? ready
              : prepareRow('summary' in row ? (row as ArchivedArticle) : this.articles.bySeq(row.seq)!);
          // A row indexed before a crash of an older format cannot be here: the format check drops the table.
          index(p, this.stmts.sig.get(row.seq) !== undefined);
          last = row;
        }
        writeMeta(this.db, 'body_seq', last!.seq);
        if (this.src.own) writeMeta(this.db, 'body_seq_id', last!.id);
        more = true;
      } else {
        const rows = this.articles.changedKeysAfter({ at: cov.changedAt, seq: cov.changedSeq }, cov.seq, opts.maxRows);
        let at = { u: cov.changedAt, s: cov.changedSeq };
        for (const c of rows) {
          if (chars >= opts.maxChars) break;
          if (this.stmts.sig.get(c.seq) !== keySig(c)) {
            const row = this.articles.bySeq(c.seq);
            if (row) index(prepareRow(row), true);
          } else this.setTopics(c.seq, c.topics, true);
          at = { u: c.updatedAt, s: c.seq };
        }
        writeMeta(this.db, 'body_changed_at', at.u);
        writeMeta(this.db, 'body_changed_seq', at.s);
        more = rows.length > 0 && (rows.length === opts.maxRows || at.s !== rows[rows.length - 1]!.seq);
      }
      for (const t of vocab) if (!known(t)) this.stmts.addTerm.run(t);
      return true;
    });
    if (done) this.tuned = true;
    return done ? { indexed, more, busy: false } : { indexed: 0, more: true, busy: true };
  }

  /** Vocabulary terms stored after id `afterId`, in id order, at most `limit`. */
  termsAfter(afterId: number, limit: number): { id: number; term: string }[] {
    return this.stmts.terms.all(afterId, limit);
  }

  /** How many articles match, counting no further than `cap`. */
  count(match: string, cap: number, topic?: string): number {
    const sql = `SELECT count(*) FROM (SELECT 1 FROM search_body WHERE search_body MATCH ?${this.topicFilter(topic)} LIMIT ?)`;
    return this.prepared(sql)
      .pluck()
      .get(match, ...topicArgs(topic), cap) as number;
  }

  private topicFilter(topic: string | undefined): string {
    return topic === undefined ? '' : ` AND rowid IN (SELECT seq FROM ${this.topics} WHERE topic = ?)`;
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
    const sql = `SELECT rowid FROM search_body WHERE search_body MATCH ?${this.topicFilter(topic)} LIMIT ?`;
    return this.prepared(sql)
      .pluck()
      .all(match, ...topicArgs(topic), limit) as number[];
  }

  /** bm25 ranks of the given matching articles (title, body, tags, pieces weighted). */
  ranks(match: string, seqs: readonly number[]): BodyHit[] {
    const sql = `SELECT rowid AS seq, bm25(search_body, ${WEIGHTS.join(', ')}) AS rank FROM search_body
      WHERE search_body MATCH ? AND rowid IN (SELECT value FROM json_each(?))`;
    return this.prepared(sql).all(match, JSON.stringify(seqs)) as BodyHit[];
  }

  /**
   * The newest `limit` matching articles (by seq, descending) — with their
   * bm25 rank when `ranked` (title, body, tags, pieces weighted).
   */
  window(match: string, limit: number, ranked: boolean, topic?: string): BodyHit[] {
    const rank = ranked ? `bm25(search_body, ${WEIGHTS.join(', ')})` : '0';
    const sql = `SELECT rowid AS seq, ${rank} AS rank FROM search_body WHERE search_body MATCH ?${this.topicFilter(topic)} ORDER BY rowid DESC LIMIT ?`;
    return this.prepared(sql).all(match, ...topicArgs(topic), limit) as BodyHit[];
  }
}

const topicArgs = (topic: string | undefined) => (topic === undefined ? [] : [topic]);
