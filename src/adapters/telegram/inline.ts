// Inline mode: "@FeedBot 扩散模型" in any chat offers matching articles to post there.
// An empty query offers the newest articles; the offset Telegram echoes back is the page.
import type { InlineQueryResultArticle } from 'telegraf/types';
import type { BotPort } from '../../core/port';
import { createRateGate, INLINE_LIMITS } from '../../core/throttle';
import type { ArticleView, Locale } from '../../core/types';
import { truncateToMeasure } from '../../text/measure';
import { renderArticle, safeHref } from './render';
import { splitReply } from './split';

export const INLINE_PAGE_SIZE = 10;
/** Telegram keeps this many seconds of answers per query; short, as new articles arrive. */
export const INLINE_CACHE_SECONDS = 30;
/** Telegram ignores offsets past this; a user scrolling that far wants /search. */
const MAX_INLINE_PAGES = 5;

export interface InlinePage {
  items: ArticleView[];
  /** '' when there is nothing more. */
  nextOffset: string;
}

export function findInline(bot: BotPort, query: string, offset: string, locale: Locale): InlinePage {
  const page = Math.min(MAX_INLINE_PAGES, Math.max(1, Number.parseInt(offset, 10) || 1));
  const found = bot.findArticles(query, { page, pageSize: INLINE_PAGE_SIZE, locale });
  const more = found.more && page < MAX_INLINE_PAGES;
  return { items: found.items, nextOffset: more ? String(page + 1) : '' };
}

export function inlineResult(a: ArticleView): InlineQueryResultArticle {
  // splitReply shrinks an oversized article, so the posted message always fits one message.
  const [part] = splitReply({ kind: 'info', blocks: [{ kind: 'articles', items: [a], startIndex: 1 }] });
  const block = part?.blocks[0];
  const fitted = block?.kind === 'articles' && block.items[0] ? block.items[0] : a;
  const href = safeHref(a.url);
  return {
    type: 'article',
    id: a.id.slice(0, 64),
    title: truncateToMeasure(a.title, 200) || '…',
    description: truncateToMeasure(a.snippet, 300),
    input_message_content: { message_text: renderArticle(fitted), parse_mode: 'HTML' },
    ...(href ? { url: href } : {}),
  };
}

/** Inline queries get their own per-user token bucket (commands are limited by the router). */
export function inlineGate(clock: () => number): (userId: number) => 'ok' | 'warn' | 'drop' {
  const gate = createRateGate(clock, INLINE_LIMITS);
  // The "channel" of an inline query is the user's own, so one flooder never uses up anyone else's allowance.
  return (userId) => gate(`telegram:${userId}`, `telegram:inline:${userId}`);
}
