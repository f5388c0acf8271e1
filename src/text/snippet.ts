// One-line previews of article text for digests and search results: whitespace
// flattened, cut on grapheme boundaries, preferably at a word or clause break.
import { leadingGraphemes } from './graphemes';

export { graphemeLength, truncateGraphemes } from './graphemes';

const ELLIPSIS = '…';

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

/** Clusters after which a cut reads naturally, in Chinese and in English. */
const BREAK = /^(?:\s|[，。；、,.;！？!?：:])$/u;

/** How far back from the budget we look for a natural break (fraction of the budget). */
const BREAK_WINDOW = 0.2;

/**
 * A single-line snippet of at most `maxGraphemes` user-perceived characters,
 * ending with `…` when the text had to be cut.
 */
export function snippet(text: string, maxGraphemes: number): string {
  const max = Math.floor(maxGraphemes);
  if (!(max > 0)) return '';
  const trimmed = text.trim();

  // Flatten only a bounded raw prefix: collapsing whitespace only ever shortens text,
  // and the flattened prefix is a prefix of the flattened whole.
  let window = max * 4 + 64;
  for (;;) {
    const whole = window >= trimmed.length;
    // Keep surrogate pairs whole at the window's edge so the clusters before it segment right.
    const end = whole ? trimmed.length : window - (isHighSurrogate(trimmed.charCodeAt(window - 1)) ? 1 : 0);
    const flat = trimmed.slice(0, end).replace(/\s+/g, ' ');
    const { clusters, complete } = leadingGraphemes(flat, max + 1);
    // The last cluster of a partial window may continue past it, so only a surplus counts.
    if (clusters.length > max) return cut(clusters, max);
    if (whole && complete) return clusters.join('');
    window *= 2;
  }
}

function cut(clusters: string[], max: number): string {
  const budget = max - 1; // one cluster is reserved for the ellipsis
  if (budget === 0) return ELLIPSIS;
  const earliest = Math.max(1, Math.ceil(budget * (1 - BREAK_WINDOW)));
  // clusters[budget] is the first one dropped: if it is itself a break, the hard cut is already natural.
  let end = budget;
  for (let k = budget; k >= earliest; k--) {
    if (BREAK.test(clusters[k])) {
      end = k;
      break;
    }
  }
  // Drop dangling spaces and punctuation so the ellipsis follows a word, not "，…".
  while (end > 1 && BREAK.test(clusters[end - 1])) end--;
  return clusters.slice(0, end).join('') + ELLIPSIS;
}
