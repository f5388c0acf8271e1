// Quoting what a user typed inside a message to them: one short, printable line. An error
// about a 4,000-character argument must not echo it back as four more messages.
import { truncateGraphemes } from '../text/graphemes';

/** The most of a user's text any message quotes, in user-perceived characters. */
export const QUOTE_MAX = 40;

/** Controls and bidi overrides (which could flip the surrounding message) become spaces. */
const UNPRINTABLE = /[\p{Cc}\u202a-\u202e\u2066-\u2069]+/gu;

/**
 * `text` on one line, cut to `max` characters with "…" when longer. Only a bounded prefix
 * is ever looked at, so the cost does not grow with the text.
 */
export function clipQuote(text: string, max = QUOTE_MAX): string {
  // Enough code units for `max` clusters of several units each, plus whitespace to collapse.
  const window = max * 8 + 16;
  const cut = text.length > window;
  let head = cut ? text.slice(0, window) : text;
  if (cut && /[\ud800-\udbff]$/.test(head)) head = head.slice(0, -1);
  const line = head.replace(UNPRINTABLE, ' ').replace(/\s+/g, ' ').trim();
  const clipped = truncateGraphemes(line, max);
  // A text cut before cleaning always says so, even when what is left fits.
  return cut && !clipped.endsWith('…') ? truncateGraphemes(clipped, max - 1, '') + '…' : clipped;
}
