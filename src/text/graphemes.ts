// Grapheme-cluster primitives: count and cut user-perceived characters without
// ever splitting an emoji sequence, a flag, a combining mark or a surrogate pair.
// Cutting segments only a bounded prefix, so truncating a 100 KB article costs
// about as much as truncating its first few hundred characters.

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

/** All grapheme clusters of `text`. Linear in the length; use for text you will consume whole. */
export function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/** Number of user-perceived characters (an emoji family or a flag counts as one). */
export function graphemeLength(text: string): number {
  let n = 0;
  for (const _ of segmenter.segment(text)) n++;
  return n;
}

/**
 * The first `count` grapheme clusters of `text` (fewer if it has fewer), plus whether
 * that is all of it. Segments a window that grows only as needed.
 *
 * Why the window is sound: UAX #29 decides a boundary from the text before it and the
 * one character after it, so every boundary strictly inside the window is also a
 * boundary of the whole text; only the cluster touching the window's end is doubtful.
 */
export function leadingGraphemes(text: string, count: number): { clusters: string[]; complete: boolean } {
  if (count <= 0) return { clusters: [], complete: text.length === 0 };
  let window = count * 2 + 16;
  for (;;) {
    const whole = window >= text.length;
    let end = whole ? text.length : window;
    // Never leave half a surrogate pair at the window's edge: it would segment as a control.
    if (!whole && isHighSurrogate(text.charCodeAt(end - 1))) end--;
    const clusters: string[] = [];
    for (const { index, segment } of segmenter.segment(whole ? text : text.slice(0, end))) {
      if (clusters.length === count) return { clusters, complete: false };
      if (!whole && index + segment.length === end) break;
      clusters.push(segment);
    }
    if (whole) return { clusters, complete: true };
    if (clusters.length === count) return { clusters, complete: false };
    window *= 2;
  }
}

/**
 * `text` if it has at most `max` grapheme clusters, else a prefix cut on a cluster
 * boundary followed by `ellipsis`, the whole thing at most `max` clusters long.
 * Pass `''` as the ellipsis for a bare cut.
 */
export function truncateGraphemes(text: string, max: number, ellipsis = '…'): string {
  const limit = Math.max(0, Math.floor(max));
  const { clusters, complete } = leadingGraphemes(text, limit + 1);
  if (complete && clusters.length <= limit) return text;
  const room = limit - graphemeLength(ellipsis);
  if (room < 0) return '';
  return clusters.slice(0, room).join('') + ellipsis;
}
