// Helpers for building platform-neutral replies.
import { t, type MessageArgs } from '../i18n/catalog';
import type { UserError } from './errors';
import type { ArticleView, Block, Locale, MessageId, Reply } from './types';
import { snippet } from '../text/snippet';

export const SNIPPET_GRAPHEMES = 120;
/** An article's note line (see ArticleView.note), in graphemes. */
export const NOTE_MAX = 160;

/** The view with a note line, cut to one line of NOTE_MAX graphemes. */
export function withNote(view: ArticleView, note: string | undefined): ArticleView {
  return note ? { ...view, note: snippet(note, NOTE_MAX) } : view;
}

/** A catalog message as an error reply, shown only to the caller. */
export function errorReply<K extends MessageId>(locale: Locale, id: K, ...args: MessageArgs<K>): Reply {
  return { blocks: [{ kind: 'text', text: t(locale, id, ...args) }], kind: 'error', ephemeral: true, messageId: id };
}

export function userErrorReply(locale: Locale, err: UserError): Reply {
  return { blocks: [{ kind: 'text', text: err.text(locale) }], kind: 'error', ephemeral: true, messageId: err.id };
}

/**
 * Snapshot excerpts open with the heading their title was derived from; repeating it in
 * the snippet wastes the one line a list has, so the snippet starts after it.
 */
export function bodyAfterTitle(summary: string, title: string): string {
  // A clipped title ends mid-sentence; cutting the body there would start the snippet mid-word.
  if (title.endsWith('…')) return summary;
  const head = title.split(' · ')[0]!;
  const at = head.length >= 4 ? summary.indexOf(head) : -1;
  if (at < 0 || at > 12) return summary;
  const rest = summary.slice(at + head.length).replace(/^[\s,，。:：;；!！?？、)）]+/, '');
  return rest.length >= 20 ? rest : summary;
}

/** The fields of a stored article a reply shows (the store's Article has them all). */
export interface ArticleFields {
  id: string;
  title: string;
  url: string | null;
  summary: string;
  topics: string[];
  publishedAt: string | null;
}

export function articleView(a: ArticleFields, topicName: (id: string) => string): ArticleView {
  return {
    id: a.id,
    title: a.title,
    ...(a.url ? { url: a.url } : {}),
    snippet: snippet(bodyAfterTitle(a.summary, a.title), SNIPPET_GRAPHEMES),
    topics: a.topics.map(topicName),
    ...(a.publishedAt ? { date: a.publishedAt.slice(0, 10) } : {}),
  };
}

/** Plain-text rendering of a reply, used by the console and by tests. */
export function replyToPlainText(reply: Reply): string {
  const out: string[] = [];
  if (reply.title) out.push(reply.title);
  for (const b of reply.blocks) out.push(blockToText(b));
  if (reply.pagination && reply.pagination.pages > 1) out.push(`— ${reply.pagination.page}/${reply.pagination.pages} —`);
  return out.filter(Boolean).join('\n\n');
}

function blockToText(b: Block): string {
  switch (b.kind) {
    case 'text':
      return b.text;
    case 'fields':
      return b.items.map((f) => `${f.label}: ${f.value}`).join('\n');
    case 'articles': {
      const start = b.startIndex ?? 1;
      const items = b.items.map((a, i) => {
        const meta = [a.topics.join(', '), a.date].filter(Boolean).join(' · ');
        return [`${start + i}. ${a.title}`, meta && `   ${meta}`, a.note && `   ${a.note}`, `   ${a.snippet}`, a.url && `   ${a.url}`]
          .filter(Boolean)
          .join('\n');
      });
      return [b.heading, ...items].filter(Boolean).join('\n');
    }
  }
}
