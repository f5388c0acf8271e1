// The "Updated" section of a digest: articles a subscription could already have seen whose
// text was edited since its last digest (see text/revision.ts for what counts as an edit).
// Pure: the caller reads the edited rows (store.editedAfter) and freezes the result.
import type { Block, Locale } from '../core/types';
import { articleView } from '../core/reply';
import { t } from '../i18n/catalog';
import type { Article } from '../store/types';

export interface UpdateSelection {
  /** Edited articles to list, most recently edited first. */
  shown: Article[];
  /** Matching edits beyond the cap, mentioned as "and N more". */
  more: number;
  /** The edit watermark after this digest: the newest edit considered, listed or not. */
  upTo: number | null;
}

export const NO_UPDATES: UpdateSelection = { shown: [], more: 0, upTo: null };

/**
 * Chooses the updates for a digest from the articles edited past the subscription's edit
 * watermark. An article first seen past `watermarkSeq` is in this digest's new articles already
 * (with its latest text), so it is not listed again; articles outside the topic filter are
 * passed over. Every edit considered moves the edit watermark, so each is listed at most once.
 */
export function selectUpdates(edited: Article[], watermarkSeq: number, topicFilter: string[], max: number): UpdateSelection {
  let upTo: number | null = null;
  const matching: Article[] = [];
  for (const a of edited) {
    if (a.editedSeq === undefined) continue;
    if (upTo === null || a.editedSeq > upTo) upTo = a.editedSeq;
    if (a.seq > watermarkSeq) continue;
    if (topicFilter.length && !a.topics.some((topic) => topicFilter.includes(topic))) continue;
    matching.push(a);
  }
  matching.sort((a, b) => b.editedSeq! - a.editedSeq!);
  return { shown: matching.slice(0, max), more: Math.max(0, matching.length - max), upTo };
}

/** The section's blocks, numbered on from `startIndex` (after the new articles). */
export function updateBlocks(updates: UpdateSelection, locale: Locale, topicName: (id: string) => string, startIndex: number): Block[] {
  if (!updates.shown.length) return [];
  const blocks: Block[] = [
    {
      kind: 'articles',
      heading: t(locale, 'digest.updated-heading'),
      items: updates.shown.map((a) => articleView(a, topicName)),
      startIndex,
    },
  ];
  if (updates.more) blocks.push({ kind: 'text', style: 'muted', text: t(locale, 'digest.updated-more', { count: updates.more }) });
  return blocks;
}
