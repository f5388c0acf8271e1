// What the search indexes read of the shared articles: the narrow port
// between them and the store, so an index can live in a file of its own
// while the articles live elsewhere (another SQLite file, or a server shared
// by several bot instances). Every read is by the article sequence (seq) or
// by the (updated_at, seq) change order, a bounded page at a time.
import type { Article } from '../store/types';

/** An article as the indexes take it. */
export interface ArchivedArticle {
  seq: number;
  id: string;
  title: string;
  /** The text: whole, or its first characters when a read asks for fewer. */
  summary: string;
  categories: string[];
  topics: string[];
  publishedAt: string | null;
  firstSeenAt: number;
  updatedAt: number;
  contentHash: string;
}

/** What tells whether an indexed article still reads as it was indexed, without its text. */
export type ArticleKey = Pick<ArchivedArticle, 'seq' | 'id' | 'title' | 'contentHash' | 'categories' | 'topics' | 'updatedAt'>;

/** A position in (updated_at, seq) order: everything up to it has been seen. */
export interface ChangeMark {
  at: number;
  seq: number;
}

/**
 * How a worker thread opens its own reader of the same articles (plain data: it is posted to
 * the thread, never logged: a PostgreSQL URL may carry a password).
 */
export type ArchiveSpec = { engine: 'sqlite'; path: string } | { engine: 'postgres'; url: string };

export interface ArchiveReader {
  /** The store's own random id: an index records it and is never used for another store. */
  storeId(): string;
  /** Up to `limit` articles with seq above `afterSeq`, in seq order; the text cut to `textChars` when given. */
  after(afterSeq: number, limit: number, textChars?: number): ArchivedArticle[];
  /** Up to `limit` articles at or below `maxSeq` changed after `mark`, in (updated_at, seq) order. */
  changedAfter(mark: ChangeMark, maxSeq: number, limit: number, textChars?: number): ArchivedArticle[];
  /** As `after`, without the text. */
  keysAfter(afterSeq: number, limit: number): ArticleKey[];
  /** As `changedAfter`, without the text. */
  changedKeysAfter(mark: ChangeMark, maxSeq: number, limit: number): ArticleKey[];
  /** One article, whole, by seq. */
  bySeq(seq: number): ArchivedArticle | undefined;
  /** How many articles are newer than `afterSeq`, counting no further than `cap`. */
  countAfter(afterSeq: number, cap: number): number;
  /** How many articles at or below `maxSeq` changed after `mark`, counting no further than `cap`. */
  countChanged(mark: ChangeMark, maxSeq: number, cap: number): number;
  count(): number;
  /** The highest seq and updated_at (0 when empty). */
  last(): { seq: number; updatedAt: number };
  /** The id of the article at `seq`, if there is one. */
  idAt(seq: number): string | undefined;
  /** Article ids by seq (those that exist). */
  ids(seqs: readonly number[]): Map<number, string>;
  /** Whole articles by id, in the order asked (those that exist). */
  articles(ids: readonly string[]): Article[];
  /** Changes whenever any process changed the articles: cheap enough to ask before every search. */
  changeToken(): string;
  /** How a worker thread reads the same articles; null when it cannot (an in-memory database). */
  workerSpec(): ArchiveSpec | null;
}
