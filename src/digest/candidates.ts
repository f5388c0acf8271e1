// The articles past a watermark, read once and shared: at 09:00 thousands of subscriptions
// plan at once with watermarks a few articles apart, and reading the same rows from SQLite
// for each of them was most of the planning time.
import { changeKey } from './change-key';
import type { ArticleStore } from '../store/articles';
import type { Article } from '../store/types';

/** Beyond this many rows a far-behind watermark reads straight from the database. */
const MAX_CACHED = 20_000;

export type CandidateReader = (watermarkSeq: number) => Article[];

export function createCandidateReader(store: ArticleStore): CandidateReader {
  let cache: { from: number; key: string; rows: Article[] } | null = null;
  // Any commit (here or in another process) or in-place update invalidates the cache, so a
  // digest never sees stale titles or topics.
  const key = () => changeKey(store.db, () => `${store.maxUpdatedAt()}:${store.watermarkNow().seq}`);
  return (seq) => {
    const k = key();
    if (!cache || cache.key !== k || seq < cache.from) {
      const rows = store.seenAfter(seq);
      if (rows.length > MAX_CACHED) return rows;
      cache = { from: seq, key: k, rows };
    }
    // Rows are in seq order, so the candidates past a watermark are a suffix.
    const rows = cache.rows;
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rows[mid]!.seq <= seq) lo = mid + 1;
      else hi = mid;
    }
    return rows.slice(lo);
  };
}
