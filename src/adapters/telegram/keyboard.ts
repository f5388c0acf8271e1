// Page buttons under a paginated list. Telegram caps callback_data at 64 bytes, so a button
// carries only a PaginationStore token and the page it leads to: "pg:<token>:<page>".
import type { Pagination } from '../../core/types';

export const MAX_CALLBACK_BYTES = 64;
/** The "page x/y" button: pressing it only needs the spinner stopped. */
export const NOOP_DATA = 'pg:noop';

export interface InlineButton {
  text: string;
  callback_data: string;
}

export interface InlineKeyboard {
  inline_keyboard: InlineButton[][];
}

export function pageData(token: string, page: number): string {
  const data = `pg:${token}:${page}`;
  if (Buffer.byteLength(data, 'utf8') > MAX_CALLBACK_BYTES) throw new RangeError(`callback data too long: ${data.length} bytes`);
  return data;
}

export type PageButton = { kind: 'page'; token: string; page: number } | { kind: 'noop' } | { kind: 'other' };

/** Reads a button's callback_data; anything not ours (or malformed) is 'other'. */
export function parsePageData(data: string | undefined): PageButton {
  if (data === NOOP_DATA) return { kind: 'noop' };
  const m = /^pg:([A-Za-z0-9_-]{1,40}):(\d{1,6})$/.exec(data ?? '');
  if (!m) return { kind: 'other' };
  const page = Number(m[2]);
  return page >= 1 ? { kind: 'page', token: m[1]!, page } : { kind: 'other' };
}

/** ◀ / x/y / ▶ for a list with more than one page; undefined when there is nothing to page. */
export function pageKeyboard(p: Pagination | undefined, token: string): InlineKeyboard | undefined {
  if (!p || p.pages <= 1) return undefined;
  const row: InlineButton[] = [];
  if (p.page > 1) row.push({ text: '◀', callback_data: pageData(token, p.page - 1) });
  row.push({ text: `${p.page}/${p.pages}`, callback_data: NOOP_DATA });
  if (p.page < p.pages) row.push({ text: '▶', callback_data: pageData(token, p.page + 1) });
  return { inline_keyboard: [row] };
}
