// An alert as a platform-neutral reply: the matching articles, newest last as they arrived,
// each with a note naming the watches it matched. Pure.
import { articleView, withNote } from '../core/reply';
import type { Block, Locale, Reply } from '../core/types';
import { t } from '../i18n/catalog';
import type { Watch } from '../store/watches';
import type { Article } from '../store/types';

export interface AlertMatch {
  article: Article;
  watches: Watch[];
}

/** At most this many watch names in one note; the rest are counted. */
const NOTE_WATCHES = 3;

/** The note line for an article that matched `watches`: `🔔 LoRA, 扩散模型 (cv) +2`. */
export function watchNote(watches: readonly Watch[], locale: Locale, topicName: (id: string) => string): string | undefined {
  if (!watches.length) return undefined;
  const names = watches.slice(0, NOTE_WATCHES).map((w) => (w.topic ? `${w.query} (${topicName(w.topic)})` : w.query));
  const more = watches.length > NOTE_WATCHES ? ` +${watches.length - NOTE_WATCHES}` : '';
  return t(locale, 'alert.note', { watches: names.join(', ') + more });
}

export interface AlertRenderInput {
  matches: AlertMatch[];
  locale: Locale;
  topicName: (id: string) => string;
  /** Most articles listed; the rest are counted. */
  maxEntries: number;
}

export function renderAlert(input: AlertRenderInput): Reply {
  const { matches, locale, topicName } = input;
  const shown = matches.slice(0, input.maxEntries);
  const blocks: Block[] = [
    {
      kind: 'articles',
      items: shown.map((m) => withNote(articleView(m.article, topicName), watchNote(m.watches, locale, topicName))),
    },
  ];
  const more = matches.length - shown.length;
  if (more > 0) blocks.push({ kind: 'text', style: 'muted', text: t(locale, 'alert.more', { count: more }) });
  return { title: t(locale, 'alert.title', { count: matches.length }), blocks, kind: 'list' };
}
