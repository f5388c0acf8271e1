// What the search service promises its callers: the page it returns, the
// options it takes (each a bound on time, memory or work, with its default),
// and how it checks a query before searching.
import { UserError } from '../core/errors';
import { MAX_QUERY_LENGTH } from '../core/limits';
import type { Logger } from '../core/log';
import type { Article } from '../store/types';
import type { ArticleIndexOptions } from './index';

export interface SearchPage {
  query: string;
  total: number;
  /** More articles match than `total` counts (shown as "1000+"): only the newest body matches are read. */
  more?: boolean;
  page: number;
  pages: number;
  items: (Article & { score: number })[];
  /** True while the head index is being built and the body index answered alone. */
  provisional?: boolean;
}

export interface SearchServiceOptions {
  /** Up to this many new or changed articles are added to the head at once; more in the background. Default 5000. */
  syncLimit?: number;
  /** Articles read and added to the head per background step. Default 2000. */
  chunk?: number;
  /** Body index: text characters per write transaction (bounds how long the write lock is held). Default 1,000,000. */
  bodyChars?: number;
  /** Body index: articles per write transaction at most. Default 300. */
  bodyRows?: number;
  /** Body index: up to this many pending articles are indexed at once; more in the background. Default 50. */
  bodySyncRows?: number;
  /**
   * Body index: a background catch-up of at least this many new articles has
   * their text prepared in a worker thread while this one writes the index;
   * Infinity: never. Default 2000.
   */
  bodyWorkerRows?: number;
  /** Body matches read to list them, newest first (see merged.ts): past these, the total reads "1000+". Default 1000. */
  bodyWindow?: number;
  /** Body matches read just to count them when the head fills the page (the total then reads "N+"). Default 200. */
  bodyCountCap?: number;
  /**
   * bm25 ranks body-only matches when the query's terms are in at most this
   * many articles' titles, leads and tags in all (else newest first: see
   * merged.ts). Default 500.
   */
  bm25Budget?: number;
  /** Where the head snapshot goes; false: none. Default `<database file>.search-index`. */
  snapshot?: string | false;
  /** Head changes after which a snapshot is saved in the background (else at close). Default 1000. */
  snapshotEvery?: number;
  /** SQLite page cache of the connection, KiB (outside the JavaScript heap). Default 32768. */
  pageCacheKiB?: number;
  index?: ArticleIndexOptions;
  log?: Logger;
}

export function validateQuery(raw: string): string {
  const query = (raw ?? '').replace(/\s+/g, ' ').trim();
  if (!query) throw new UserError('search.empty-query');
  if ([...query].length > MAX_QUERY_LENGTH) {
    throw new UserError('search.query-too-long', { max: MAX_QUERY_LENGTH });
  }
  return query;
}
