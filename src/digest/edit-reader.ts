// The articles edited past an edit watermark, read once and shared by every subscription
// planned together (as candidates.ts does for new articles): at 09:00 thousands of
// subscriptions share one or two edit watermarks, and each re-reading the same edited rows
// would cost a query and its rows per subscription.
import { changeKey } from './change-key';
import type { ArticleStore } from '../store/articles';
import type { Article } from '../store/types';

export type EditReader = (editSeq: number) => Article[];

export function createEditReader(store: ArticleStore): EditReader {
  let cache: { from: number; key: string; rows: Article[] } | null = null;
  // Any commit (here or in another process) may have edited more: the cache is keyed on it.
  const key = () => changeKey(store.db, () => `${store.editWatermarkNow()}:${store.maxUpdatedAt()}`);
  return (editSeq) => {
    const k = key();
    if (!cache || cache.key !== k || editSeq < cache.from) cache = { from: editSeq, key: k, rows: store.editedAfter(editSeq) };
    return editsPast(cache.rows, editSeq);
  };
}

/** The rows edited past `editSeq`, from rows in edit order (a suffix, found by binary search). */
export function editsPast(rows: readonly Article[], editSeq: number): Article[] {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid]!.editedSeq! <= editSeq) lo = mid + 1;
    else hi = mid;
  }
  return rows.slice(lo);
}
