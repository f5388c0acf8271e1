// Small helpers shared by the RSS, Atom and JSON Feed readers.
import { cleanText } from './html-text';
import { MAX_CATEGORY_LENGTH, MAX_ENTRY_CATEGORIES } from './limits';

/**
 * Cleaned plain text (Atom type="text", JSON Feed content_text). HTML editors leak `&nbsp;` into
 * such fields often enough that readers would see it in snippets; it is never meant literally.
 */
export function plainText(text: string): string {
  return cleanText(text.includes('&nbsp;') ? text.replace(/&nbsp;/g, ' ') : text);
}

/** The longer of the candidate texts: a feed's full content beats its teaser when both exist. */
export function longest(...texts: string[]): string {
  return texts.reduce((best, t) => (t.length > best.length ? t : best), '');
}

/**
 * Cleaned, non-empty, de-duplicated (case-insensitively) categories in feed order: at most
 * MAX_ENTRY_CATEGORIES, none longer than a label ever is (each becomes a browsable topic).
 */
export function uniqueCategories(raw: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const r of raw) {
    if (out.length >= MAX_ENTRY_CATEGORIES) break;
    const c = cleanText(r);
    const key = c.toLowerCase();
    if (c && c.length <= MAX_CATEGORY_LENGTH && !seen.has(key)) {
      seen.add(key);
      out.push(c);
    }
  }
  return out;
}

/** An absolute http(s) URL for a possibly relative link, resolved against the first base that works. */
export function resolveUrl(link: string, ...bases: (string | undefined)[]): string | undefined {
  const l = cleanText(link);
  if (!l) return undefined;
  for (const base of [undefined, ...bases]) {
    try {
      const url = new URL(l, base);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
    } catch {
      // not resolvable against this base; try the next
    }
  }
  // Only web links are worth showing; `javascript:` or `tag:` in a link field is not one.
  return undefined;
}

/** Drops undefined fields so entries compare (deepEqual) and serialise cleanly. */
export function compact<T extends object>(obj: T): T {
  for (const key of Object.keys(obj) as (keyof T)[]) {
    if (obj[key] === undefined) delete obj[key];
  }
  return obj;
}

/** Undefined for an empty string, so optional fields are absent rather than blank. */
export function nonEmpty(s: string | undefined): string | undefined {
  return s ? s : undefined;
}
