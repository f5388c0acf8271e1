// One search over whatever indexes are up: the head and the body merged into one ranking,
// the body alone while the head is being built, and the head alone when the body fails to
// answer (damaged, say).
import type { Logger } from '../core/log';
import type { BodyIndex } from './body-index';
import { bodyMatch } from './body-query';
import type { BodyVocab } from './body-vocab';
import type { Glossary } from './glossary';
import type { ArticleIndex } from './index';
import { bodyOnlySearch, mergedSearch, type MergedResult } from './merged';
import { planQuery } from './query';
import type { SearchServiceOptions } from './service-options';

export interface SearchIndexes {
  head: ArticleIndex | null;
  body: BodyIndex | null;
  vocab: BodyVocab | null;
  glossary: Glossary;
}

export interface PageWindow {
  topic: string | undefined;
  offset: number;
  limit: number;
}

export function findHits(ix: SearchIndexes, query: string, at: PageWindow, options: SearchServiceOptions, log: Logger): MergedResult {
  const plan = planQuery(query, ix.glossary);
  const window = options.bodyWindow ?? 1000;
  const { head, body, vocab } = ix;
  const built = body ? bodyMatch(plan, vocab) : null;
  const match = built?.expr ?? null;
  // A prefix costs its merge however few rows are read: when the head fills the page, such a
  // query's body-only matches are not counted.
  const countCap = built?.prefix ? 0 : Math.min(window, options.bodyCountCap ?? 200);
  const headOnly = { plan, ...at, window, body: null, match: null, countCap: 0, bm25Budget: 0 };
  try {
    if (head)
      return mergedSearch({
        ...headOnly,
        head,
        body,
        match,
        countCap,
        bm25Budget: options.bm25Budget ?? 500,
        inBody: (t: string) => vocab?.has(t) ?? false,
      });
    if (body) return bodyOnlySearch(body, match, { ...at, window }, () => undefined);
  } catch (err) {
    log.warn('search: the whole-text index failed to answer', { error: err as Error });
    if (head) return mergedSearch({ ...headOnly, head });
  }
  return { total: 0, more: false, hits: [] };
}
