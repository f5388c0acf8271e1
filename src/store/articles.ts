// Article rows: insert-or-update by dedup key, and the reads commands and digests need.
import { isMeaningfulEdit } from '../text/revision';
import type { DB } from './db';
import { ARTICLE_COLUMNS as COLUMNS, toArticle, type ArticleRow as Row } from './article-row';
import type { Article, CandidateKey } from './types';

/** An entry ready to store: identity and derived fields already computed by ingest. */
export type PreparedArticle = Omit<Article, 'seq' | 'firstSeenAt' | 'updatedAt'> & {
  dedupKey: string;
  /** The title was derived from the text (the feed gave none), so ingest may refine it. */
  titleDerived?: boolean;
};

export type UpsertOutcome = 'added' | 'updated' | 'unchanged';

export class ArticleStore {
  private readonly stmts;

  constructor(readonly db: DB) {
    this.stmts = {
      byKey: db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM articles WHERE dedup_key = ?`),
      byId: db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM articles WHERE id = ?`),
      byTitle: db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM articles WHERE title = ?`),
      insert: db.prepare(
        `INSERT INTO articles (id, dedup_key, source, guid, url, title, summary, content_hash, categories, topics, published_at, first_seen_at, updated_at)
         VALUES (@id, @dedupKey, @source, @guid, @url, @title, @summary, @contentHash, @categories, @topics, @publishedAt, @now, @now)
         RETURNING seq`,
      ),
      // An edit takes the next edit sequence number, assigned under the write lock like seq.
      update: db.prepare(
        `UPDATE articles SET url = @url, title = @title, summary = @summary, content_hash = @contentHash,
           categories = @categories, topics = @topics, published_at = @publishedAt, updated_at = @now,
           edited_seq = CASE WHEN @edited = 1 THEN (SELECT coalesce(max(edited_seq), 0) + 1 FROM articles) ELSE edited_seq END
         WHERE seq = @seq`,
      ),
      setTitle: db.prepare<[string, number, number]>(`UPDATE articles SET title = ?, updated_at = ? WHERE seq = ?`),
      setTopics: db.prepare<[string, number]>(`UPDATE articles SET topics = ? WHERE seq = ?`),
      clearTopics: db.prepare<[number]>(`DELETE FROM article_topics WHERE seq = ?`),
      addTopic: db.prepare<[string, number]>(`INSERT INTO article_topics (topic, seq) VALUES (?, ?) ON CONFLICT DO NOTHING`),
      count: db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM articles`),
      topicCounts: db.prepare<[], { topic: string; n: number }>(`SELECT topic, count(*) AS n FROM article_topics GROUP BY topic`),
      byTopic: db.prepare<[string, number, number], Row>(
        `SELECT ${COLUMNS.split(', ')
          .map((c) => 'a.' + c)
          .join(', ')} FROM article_topics t JOIN articles a ON a.seq = t.seq
         WHERE t.topic = ? ORDER BY coalesce(a.published_at, '') DESC, a.first_seen_at DESC, a.seq DESC LIMIT ? OFFSET ?`,
      ),
      countByTopic: db.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM article_topics WHERE topic = ?`),
      latest: db.prepare<[number, number], Row>(`SELECT ${COLUMNS} FROM articles ORDER BY first_seen_at DESC, seq DESC LIMIT ? OFFSET ?`),
      changedSince: db.prepare<[number], Row>(`SELECT ${COLUMNS} FROM articles WHERE updated_at > ? ORDER BY seq`),
      seenAfter: db.prepare<[number], Row>(`SELECT ${COLUMNS} FROM articles WHERE seq > ? ORDER BY seq`),
      keysAfter: db.prepare<[number], { seq: number; id: string; topics: string; first_seen_at: number }>(
        `SELECT seq, id, topics, first_seen_at FROM articles WHERE seq > ? ORDER BY seq`,
      ),
      bySeq: db.prepare<[number], Row>(`SELECT ${COLUMNS} FROM articles WHERE seq = ?`),
      editedAfter: db.prepare<[number], Row>(`SELECT ${COLUMNS} FROM articles WHERE edited_seq > ? ORDER BY edited_seq`),
      maxEdited: db.prepare<[], { m: number | null }>(`SELECT max(edited_seq) AS m FROM articles`),
      all: db.prepare<[], Row>(`SELECT ${COLUMNS} FROM articles ORDER BY seq`),
      page: db.prepare<[number, number], Row>(`SELECT ${COLUMNS} FROM articles WHERE seq > ? ORDER BY seq LIMIT ?`),
      allIds: db.prepare<[], { id: string }>(`SELECT id FROM articles`),
      maxUpdated: db.prepare<[], { m: number | null }>(`SELECT max(updated_at) AS m FROM articles`),
    };
  }

  /**
   * Inserts a new article or updates a known one in place; an update is never "new" again.
   * A change of title or text a reader would notice (see text/revision.ts) is an edit: the
   * row gets the next edit sequence number, which digests list under "Updated" once.
   */
  upsert(a: PreparedArticle, now: number): { outcome: UpsertOutcome; article: Article } {
    const existing = this.stmts.byKey.get(a.dedupKey);
    const { titleDerived: _derived, ...fields } = a;
    const params = {
      ...fields,
      categories: JSON.stringify(a.categories),
      topics: JSON.stringify(a.topics),
      now,
    };
    if (!existing) {
      const seq = (this.stmts.insert.get(params) as { seq: number }).seq;
      // A fresh seq has no topic rows (AUTOINCREMENT never reuses one): skip the clearing
      // DELETE, which scans article_topics (no index on seq) and made bulk ingest quadratic.
      for (const t of a.topics) this.stmts.addTopic.run(t, seq);
      // Built from what was just written: re-reading the row cost a query per article in bulk ingest.
      const article: Article = {
        id: a.id,
        seq,
        source: a.source,
        guid: a.guid,
        url: a.url,
        title: a.title,
        summary: a.summary,
        contentHash: a.contentHash,
        categories: a.categories,
        topics: a.topics,
        publishedAt: a.publishedAt,
        firstSeenAt: now,
        updatedAt: now,
      };
      return { outcome: 'added', article };
    }
    // A derived title may have been refined since (twins told apart); the same text
    // keeps that refinement rather than reverting it and reporting a change.
    const title = a.titleDerived && existing.content_hash === a.contentHash ? existing.title : a.title;
    const same =
      existing.content_hash === a.contentHash &&
      existing.title === title &&
      existing.url === a.url &&
      existing.published_at === a.publishedAt &&
      existing.topics === params.topics &&
      existing.categories === params.categories;
    if (same) return { outcome: 'unchanged', article: toArticle(existing) };
    const edited =
      existing.content_hash !== a.contentHash &&
      isMeaningfulEdit({ title: existing.title, text: existing.summary }, { title, text: a.summary });
    this.stmts.update.run({ ...params, title, seq: existing.seq, now: Math.max(now, existing.updated_at + 1), edited: edited ? 1 : 0 });
    this.writeTopics(existing.seq, a.topics);
    return { outcome: 'updated', article: toArticle(this.stmts.byId.get(existing.id)!) };
  }

  private writeTopics(seq: number, topics: string[]): void {
    this.stmts.clearTopics.run(seq);
    for (const t of topics) this.stmts.addTopic.run(t, seq);
  }

  setTitle(id: string, title: string, now: number): void {
    const row = this.stmts.byId.get(id);
    if (row && row.title !== title) this.stmts.setTitle.run(title, Math.max(now, row.updated_at + 1), row.seq);
  }

  /** Replaces an article's topics (re-classification); bumps updated_at so indexes refresh. */
  setTopics(id: string, topics: string[], now: number): boolean {
    const row = this.stmts.byId.get(id);
    if (!row || row.topics === JSON.stringify(topics)) return false;
    this.db
      .prepare('UPDATE articles SET topics = ?, updated_at = ? WHERE seq = ?')
      .run(JSON.stringify(topics), Math.max(now, row.updated_at + 1), row.seq);
    this.writeTopics(row.seq, topics);
    return true;
  }

  get(id: string): Article | undefined {
    const r = this.stmts.byId.get(id);
    return r ? toArticle(r) : undefined;
  }

  getMany(ids: string[]): Article[] {
    return ids.map((id) => this.get(id)).filter((a): a is Article => !!a);
  }

  findByTitle(title: string): Article[] {
    return this.stmts.byTitle.all(title).map(toArticle);
  }

  count(): number {
    return this.stmts.count.get()!.n;
  }

  topicCounts(): Map<string, number> {
    return new Map(this.stmts.topicCounts.all().map((r) => [r.topic, r.n]));
  }

  /** A topic's articles, newest first (published date, then when first seen). */
  byTopic(topic: string, limit: number, offset = 0): { total: number; items: Article[] } {
    return {
      total: this.stmts.countByTopic.get(topic)!.n,
      items: this.stmts.byTopic.all(topic, limit, offset).map(toArticle),
    };
  }

  latest(limit: number, offset = 0): Article[] {
    return this.stmts.latest.all(limit, offset).map(toArticle);
  }

  /** Articles inserted or updated after `updatedAt` (for keeping the search index fresh). */
  changedSince(updatedAt: number): Article[] {
    return this.stmts.changedSince.all(updatedAt).map(toArticle);
  }

  /**
   * Articles first seen after a digest watermark, oldest first. The watermark compares by
   * seq: it is assigned under the write lock (SQLite's, or the advisory lock on PostgreSQL), so it follows commit order even when two
   * processes' clocks (first_seen_at) interleave.
   */
  seenAfter(seq: number): Article[] {
    return this.stmts.seenAfter.all(seq).map(toArticle);
  }

  /** seenAfter's rows with only what selecting a digest reads: whole texts stay on disk. */
  candidateKeysAfter(seq: number): CandidateKey[] {
    return this.stmts.keysAfter
      .all(seq)
      .map((r) => ({ seq: r.seq, id: r.id, topics: JSON.parse(r.topics) as string[], firstSeenAt: r.first_seen_at }));
  }

  bySeq(seq: number): Article | undefined {
    const r = this.stmts.bySeq.get(seq);
    return r ? toArticle(r) : undefined;
  }

  /** Articles edited after an edit watermark, in edit order (for digests' "Updated"). */
  editedAfter(editSeq: number): Article[] {
    return this.stmts.editedAfter.all(editSeq).map(toArticle);
  }

  /** The newest edit's sequence number (0 when nothing was ever edited). */
  editWatermarkNow(): number {
    return this.stmts.maxEdited.get()!.m ?? 0;
  }

  /** The newest articles in any of `topics` (every topic when empty), in /latest's order. */
  latestInTopics(topics: string[], limit: number): Article[] {
    if (!topics.length) return this.latest(limit);
    const marks = topics.map(() => '?').join(', ');
    return this.db
      .prepare<unknown[], Row>(
        `SELECT ${COLUMNS} FROM articles WHERE seq IN (SELECT seq FROM article_topics WHERE topic IN (${marks}))
         ORDER BY first_seen_at DESC, seq DESC LIMIT ?`,
      )
      .all(...topics, limit)
      .map(toArticle);
  }

  all(): Article[] {
    return this.stmts.all.all().map(toArticle);
  }

  /**
   * Every article, oldest first, read a page at a time: memory stays bounded on either engine,
   * and the connection is free for other statements between pages.
   */
  *iterate(pageSize = 1000): IterableIterator<Article> {
    let after = 0;
    for (;;) {
      const rows = this.stmts.page.all(after, pageSize);
      for (const r of rows) yield toArticle(r);
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1]!.seq;
    }
  }

  maxUpdatedAt(): number {
    return this.stmts.maxUpdated.get()!.m ?? 0;
  }

  /** The newest article's watermark, so a new subscription starts at "now". */
  watermarkNow(): { firstSeenAt: number; seq: number } {
    const r = this.db
      .prepare<[], { f: number; s: number }>(
        'SELECT first_seen_at AS f, seq AS s FROM articles ORDER BY first_seen_at DESC, seq DESC LIMIT 1',
      )
      .get();
    return r ? { firstSeenAt: r.f, seq: r.s } : { firstSeenAt: 0, seq: 0 };
  }

  /** The watermark of the newest article first seen at or before `at` (seq 0 when none). */
  watermarkAt(at: number): { firstSeenAt: number; seq: number } {
    const r = this.db
      .prepare<[number], { f: number; s: number }>(
        'SELECT first_seen_at AS f, seq AS s FROM articles WHERE first_seen_at <= ? ORDER BY first_seen_at DESC, seq DESC LIMIT 1',
      )
      .get(at);
    return r ? { firstSeenAt: r.f, seq: r.s } : { firstSeenAt: 0, seq: 0 };
  }

  /** How many articles have a seq in (afterSeq, uptoSeq], in any of `topics` (every topic when empty). */
  countSeqRange(afterSeq: number, uptoSeq: number, topics: readonly string[]): number {
    if (uptoSeq <= afterSeq) return 0;
    if (!topics.length) {
      return this.db
        .prepare<[number, number], { n: number }>('SELECT count(*) AS n FROM articles WHERE seq > ? AND seq <= ?')
        .get(afterSeq, uptoSeq)!.n;
    }
    const marks = topics.map(() => '?').join(', ');
    return this.db
      .prepare<unknown[], { n: number }>(
        `SELECT count(DISTINCT seq) AS n FROM article_topics WHERE seq > ? AND seq <= ? AND topic IN (${marks})`,
      )
      .get(afterSeq, uptoSeq, ...topics)!.n;
  }
}
