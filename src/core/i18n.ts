// Picking the caller's language. Commands write both languages side by side; this
// chooses one. zh* locales get Chinese, everything else English.
import type { Locale, Localized } from './types';

export function localeFrom(tag: string | undefined | null, fallback: Locale): Locale {
  if (!tag) return fallback;
  return /^zh/i.test(tag) ? 'zh' : 'en';
}

/** Shorthand for a bilingual string. */
export const L = (zh: string, en: string): Localized => ({ zh, en });
