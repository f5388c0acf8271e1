// Reading the archive for the head index: articles in seq order, or those
// changed since a watermark in (updated_at, seq) order, a page at a time, with
// only what the head needs (the summary only as far as the lead). Paging
// (rather than one open iterator) lets a background build yield between
// pages while other code uses the same connection. Reads the articles table
// directly: the store's readers parse every column of every row.
import type { DB } from '../store/db';
import type { IndexDoc } from './doc-fields';

interface Row {
  seq: number;
  id: string;
  title: string;
  lead: string;
  categories: string;
  topics: string;
  published_at: string | null;
  first_seen_at: number;
  updated_at: number;
}

export interface ArchiveRow extends IndexDoc {
  seq: number;
  updatedAt: number;
}

/** A position in (updated_at, seq) order: everything up to it has been seen. */
export interface ChangeMark {
  at: number;
  seq: number;
}

const COLUMNS = 'seq, id, title, substr(summary, 1, ?) AS lead, categories, topics, published_at, first_seen_at, updated_at';

export class ArchiveReader {
  private readonly page;
  private readonly changed;
  private readonly newCount;
  private readonly changedCount;
  private readonly bySeq;

  constructor(
    db: DB,
    /** Characters of the summary the head indexes (substr counts code points, so this covers as many UTF-16 units). */
    private readonly leadChars: number,
  ) {
    this.page = db.prepare<[number, number, number], Row>(`SELECT ${COLUMNS} FROM articles WHERE seq > ? ORDER BY seq LIMIT ?`);
    this.changed = db.prepare<[number, number, number, number, number], Row>(
      `SELECT ${COLUMNS} FROM articles WHERE (updated_at, seq) > (?, ?) AND seq <= ? ORDER BY updated_at, seq LIMIT ?`,
    );
    this.newCount = db.prepare<[number, number], number>('SELECT count(*) FROM (SELECT 1 FROM articles WHERE seq > ? LIMIT ?)').pluck();
    this.changedCount = db
      .prepare<[number, number, number, number], number>(
        'SELECT count(*) FROM (SELECT 1 FROM articles WHERE (updated_at, seq) > (?, ?) AND seq <= ? LIMIT ?)',
      )
      .pluck();
    this.bySeq = db.prepare<[string], { seq: number; id: string }>(
      'SELECT seq, id FROM articles WHERE seq IN (SELECT value FROM json_each(?))',
    );
  }

  private toRow = (r: Row): ArchiveRow => ({
    seq: r.seq,
    id: r.id,
    title: r.title,
    summary: r.lead.slice(0, this.leadChars),
    categories: JSON.parse(r.categories) as string[],
    topics: JSON.parse(r.topics) as string[],
    publishedAt: r.published_at,
    firstSeenAt: r.first_seen_at,
    updatedAt: r.updated_at,
  });

  /** Up to `limit` articles with seq above `afterSeq`, in seq order. */
  after(afterSeq: number, limit: number): ArchiveRow[] {
    return this.page.all(this.leadChars, afterSeq, limit).map(this.toRow);
  }

  /** Up to `limit` articles at or below `maxSeq` changed after `mark`, in (updated_at, seq) order. */
  changedAfter(mark: ChangeMark, maxSeq: number, limit: number): ArchiveRow[] {
    return this.changed.all(this.leadChars, mark.at, mark.seq, maxSeq, limit).map(this.toRow);
  }

  /** How many articles are newer than `afterSeq`, counting no further than `cap`. */
  countAfter(afterSeq: number, cap: number): number {
    return this.newCount.get(afterSeq, cap)!;
  }

  /** How many articles changed after `mark`, counting no further than `cap`. */
  countChanged(mark: ChangeMark, maxSeq: number, cap: number): number {
    return this.changedCount.get(mark.at, mark.seq, maxSeq, cap)!;
  }

  /** Article ids by seq (those that exist). */
  ids(seqs: readonly number[]): Map<number, string> {
    return new Map(this.bySeq.all(JSON.stringify(seqs)).map((r) => [r.seq, r.id]));
  }
}
