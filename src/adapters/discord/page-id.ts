// The custom_id of a pagination button: `pg:<token>:<page>:<locale>`. The query itself
// stays in the bot's PaginationStore (custom_id is capped at 100 characters); the locale
// rides along so a page turned by someone else stays in the message's language.
import { isLocale, type Locale } from '../../i18n/catalog';

export interface PageId {
  token: string;
  page: number;
  locale: Locale;
}

export function encodePageId(id: PageId): string {
  return `pg:${id.token}:${id.page}:${id.locale}`;
}

/** Disabled buttons (◀ on page 1, the page counter) still need unique ids; these never decode. */
export function inertPageId(token: string, slot: 'prev' | 'label' | 'next'): string {
  return `pg:${token}:${slot}`;
}

export function decodePageId(customId: string): PageId | null {
  const m = /^pg:([\w-]{1,64}):(\d{1,6}):([a-z]{2,3})$/.exec(customId);
  const locale = m?.[3];
  if (!m || !isLocale(locale)) return null;
  const page = Number(m[2]);
  return page >= 1 ? { token: m[1]!, page, locale } : null;
}
