// What the search service promises its callers: the page it returns, the
// options it takes (each a bound on time, memory or work, with its default),
// and how it checks a query before searching.
import type { Localized } from '../core/types';
import { UserError } from '../core/errors';
import type { Logger } from '../core/log';
import type { Article } from '../store/types';
import type { ArticleIndexOptions } from './index';

export const MAX_QUERY_LENGTH = 200;

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

const msg = (zh: string, en: string): Localized => ({ zh, en });

export function validateQuery(raw: string): string {
  const query = (raw ?? '').replace(/\s+/g, ' ').trim();
  if (!query) throw new UserError(msg('请输入要搜索的内容,例如: /search 卷积', 'Please give something to search for, e.g. /search convolution'));
  if ([...query].length > MAX_QUERY_LENGTH) {
    throw new UserError(
      msg(`搜索内容太长(最多 ${MAX_QUERY_LENGTH} 个字符),请缩短后再试。`, `That query is too long (at most ${MAX_QUERY_LENGTH} characters); please shorten it.`),
    );
  }
  return query;
}
