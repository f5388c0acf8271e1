// Replies as Telegram HTML (parse_mode=HTML). Every piece of feed or user text passes
// through escapeHtml, because Telegram rejects the whole message on one stray "<" or "&".
import type { ArticleView, Block, Reply } from '../../core/types';

export const TELEGRAM_TEXT_LIMIT = 4096;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttr(text: string): string {
  return escapeHtml(text).replace(/"/g, '&quot;');
}

/** The link target to use for a URL, or undefined unless it is http(s): feeds may carry javascript: links. */
export function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * HTML already made, per view and number: splitting renders a digest once per article it
 * tries to add, and a planner shows one view in many digests. Views are immutable.
 */
const articleMemo = new WeakMap<ArticleView, Map<number | undefined, string>>();

/** Title line, meta line (topics · date) and snippet of one article. */
export function renderArticle(a: ArticleView, index?: number): string {
  let byIndex = articleMemo.get(a);
  if (!byIndex) articleMemo.set(a, (byIndex = new Map<number | undefined, string>()));
  let html = byIndex.get(index);
  if (html === undefined) byIndex.set(index, (html = makeArticle(a, index)));
  return html;
}

function makeArticle(a: ArticleView, index?: number): string {
  const href = safeHref(a.url);
  const title = href ? `<a href="${escapeAttr(href)}">${escapeHtml(a.title)}</a>` : escapeHtml(a.title);
  const lines = [`<b>${index === undefined ? '' : `${index}. `}${title}</b>`];
  const meta = [a.topics.join(', '), a.date ?? ''].filter(Boolean).join(' · ');
  if (meta) lines.push(`<i>${escapeHtml(meta)}</i>`);
  if (a.note) lines.push(escapeHtml(a.note));
  if (a.snippet) lines.push(escapeHtml(a.snippet));
  return lines.join('\n');
}

export function renderBlock(b: Block): string {
  switch (b.kind) {
    case 'text': {
      const text = escapeHtml(b.text);
      if (b.style === 'heading') return `<b>${text}</b>`;
      if (b.style === 'muted') return `<i>${text}</i>`;
      return text;
    }
    case 'fields':
      return b.items.map((f) => `<b>${escapeHtml(f.label)}</b>: ${escapeHtml(f.value)}`).join('\n');
    case 'articles': {
      const start = b.startIndex ?? 1;
      const items = b.items.map((a, i) => renderArticle(a, start + i));
      return [b.heading ? `<b>${escapeHtml(b.heading)}</b>` : '', ...items].filter(Boolean).join('\n\n');
    }
  }
}

/** The whole reply as one HTML message body. Empty blocks are dropped so no part is blank. */
export function renderReply(reply: Reply): string {
  const parts: string[] = [];
  if (reply.title) parts.push(`<b>${escapeHtml(reply.title)}</b>`);
  for (const b of reply.blocks) {
    const html = renderBlock(b);
    if (html) parts.push(html);
  }
  const body = parts.join('\n\n');
  return reply.kind === 'error' ? `⚠️ ${body}` : body;
}

export function hasArticles(reply: Reply): boolean {
  return reply.blocks.some((b) => b.kind === 'articles' && b.items.length > 0);
}

export interface MessageOptions {
  parse_mode: 'HTML';
  /** A list of links would otherwise preview only its first one, pushing the list off screen. */
  link_preview_options?: { is_disabled: true };
}

export function messageOptions(reply: Reply): MessageOptions {
  const list = reply.kind === 'list' || reply.kind === 'digest' || hasArticles(reply);
  return list ? { parse_mode: 'HTML', link_preview_options: { is_disabled: true } } : { parse_mode: 'HTML' };
}
