// Measuring text as a platform counts it, and cutting it to a measured length without
// breaking a grapheme cluster.
import { leadingGraphemes } from './graphemes';

/**
 * Size of a string as a platform counts it. Must be additive —
 * measure(a + b) === measure(a) + measure(b) — as UTF-16 units and code points are.
 */
export type Measure = (s: string) => number;

/** Telegram (4096) and JavaScript's own `.length`. */
export const utf16Length: Measure = (s) => s.length;

/** Unicode code points, for platforms that count characters rather than UTF-16 units. */
export const codePointLength: Measure = (s) => {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
};

/** `text` cut on a grapheme boundary and ended with `…` so that its measure is ≤ `max`. */
export function truncateToMeasure(text: string, max: number, measure: Measure = utf16Length, ellipsis = '…'): string {
  if (measure(text) <= max) return text;
  const room = max - measure(ellipsis);
  if (room < 0) return '';
  // Every cluster measures at least 1, so `room` clusters is as many as could fit.
  const { clusters } = leadingGraphemes(text, room);
  let out = '';
  let used = 0;
  for (const g of clusters) {
    const m = measure(g);
    if (used + m > room) break;
    out += g;
    used += m;
  }
  return out + ellipsis;
}
