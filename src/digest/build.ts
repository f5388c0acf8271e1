// What goes into a digest: the articles past a subscription's watermark that match its
// topics, grouped by topic, newest first, capped. Pure: the caller fetches and sends.
import type { ArticleView, Block, Locale, Reply } from '../core/types';
import { articleView, withNote } from '../core/reply';
import { t } from '../i18n/catalog';
import type { Article } from '../store/types';
import { updateBlocks, type UpdateSelection } from './updates';

export interface DigestSelection {
  /** Articles to show, in display order. */
  shown: Article[];
  /** Matching articles beyond the cap, mentioned as "and N more". */
  more: number;
  /** The watermark after this digest: the newest candidate, shown or not. */
  upTo: { seq: number; at: number } | null;
}

export function selectDigest(candidates: Article[], topicFilter: string[], max: number): DigestSelection {
  const matching = topicFilter.length ? candidates.filter((a) => a.topics.some((t) => topicFilter.includes(t))) : candidates;
  const newestFirst = [...matching].sort((a, b) => b.firstSeenAt - a.firstSeenAt || b.seq - a.seq);
  const last = candidates.reduce<Article | null>((m, a) => (!m || a.seq > m.seq ? a : m), null);
  return {
    shown: newestFirst.slice(0, max),
    more: Math.max(0, newestFirst.length - max),
    upTo: last ? { seq: last.seq, at: last.firstSeenAt } : null,
  };
}

/** Groups articles under a topic heading: the first of their topics the subscription asked for. */
export function groupByTopic(articles: Article[], topicFilter: string[]): { topic: string; items: Article[] }[] {
  const groups = new Map<string, Article[]>();
  for (const a of articles) {
    const topic = a.topics.find((t) => !topicFilter.length || topicFilter.includes(t)) ?? '';
    groups.set(topic, [...(groups.get(topic) ?? []), a]);
  }
  return [...groups].map(([topic, items]) => ({ topic, items }));
}

/** A note line for an entry (the chat's watches it matched), or undefined for none. */
export type ArticleNotes = (a: Article) => string | undefined;
/** The notes a channel's digest shows, if it has any to show (a hook: the digest knows nothing of watches). */
export type NotesFor = (channel: string, locale: Locale) => ArticleNotes | undefined;

export interface DigestRenderInput {
  selection: DigestSelection;
  topicFilter: string[];
  locale: Locale;
  topicName: (id: string) => string;
  /** Local date the digest belongs to, YYYY-MM-DD. */
  day: string;
  preview?: boolean;
  notes?: ArticleNotes;
  /** Edited articles listed under "Updated", after the new ones. */
  updates?: UpdateSelection;
  /** How an article is shown; planners rendering many digests pass a cached articleView. */
  view?: (a: Article) => ArticleView;
}

export function renderDigest(input: DigestRenderInput): Reply {
  const { selection, locale, topicName } = input;
  const view = input.view ?? ((a: Article) => articleView(a, topicName));
  const n = selection.shown.length + selection.more;
  const updates = input.updates;
  const updated = updates ? updates.shown.length + updates.more : 0;
  const title = t(locale, 'digest.title', { preview: input.preview === true, day: input.day, count: n, updated });
  if (!selection.shown.length) {
    const blocks: Block[] = updates?.shown.length ? [] : [{ kind: 'text', text: t(locale, 'digest.nothing-new') }];
    if (updates) blocks.push(...updateBlocks(updates, locale, topicName, 1));
    return { title, blocks, kind: 'digest' };
  }
  // Numbering runs on across topic groups, so "3." means the same entry everywhere.
  let next = 1;
  const blocks: Block[] = groupByTopic(selection.shown, input.topicFilter).map((g) => {
    const startIndex = next;
    next += g.items.length;
    return {
      kind: 'articles',
      heading: g.topic ? topicName(g.topic) : t(locale, 'digest.other-topics'),
      items: g.items.map((a) => withNote(view(a), input.notes?.(a))),
      startIndex,
    };
  });
  if (selection.more) {
    const hint = input.topicFilter.length ? `/topic ${input.topicFilter[0]}` : '/latest';
    blocks.push({
      kind: 'text',
      style: 'muted',
      text: t(locale, 'digest.more', { count: selection.more, hint }),
    });
  }
  if (updates) blocks.push(...updateBlocks(updates, locale, topicName, next));
  return { title, blocks, kind: 'digest' };
}
