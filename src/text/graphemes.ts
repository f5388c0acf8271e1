// Grapheme-cluster primitives: count and cut user-perceived characters without
// ever splitting an emoji sequence, a flag, a combining mark or a surrogate pair.
// Segmentation is lazy and windowed, so truncating a 100 KB article costs about as
// much as truncating its first few hundred characters.

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

/** Code units segmented at a time. Node 20's Segmenter is quadratic in the input length. */
const WINDOW = 256;

// Hand-checked subsets of the UAX #29 properties, enough to skip the Segmenter (~15 µs
// a call) for most of a Chinese or English article. Anything outside them goes to ICU.

/** Never Extend, SpacingMark, ZWJ, CR, Hangul or a regional indicator: after a clean end, always a new cluster. */
const isSimple = (c: number): boolean =>
  (c >= 0x20 && c <= 0x7e) ||
  c === 0x0a ||
  (c >= 0x4e00 && c <= 0x9fff) ||
  (c >= 0x3000 && c <= 0x3029) || // 0x302A–0x302F are combining tone marks
  (c >= 0x3030 && c <= 0x303f) ||
  (c >= 0xff01 && c <= 0xff60);

/** Combining diacritics, variation selectors, skin tones: Extend, so they stay with the base before them. */
const isExtend = (cp: number): boolean =>
  (cp >= 0x0300 && cp <= 0x036f) || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0x1f3fb && cp <= 0x1f3ff);

/** Not CR, ZWJ or Prepend: nothing simple joins onto it. */
const endsCleanly = (cp: number): boolean =>
  isSimple(cp) || isExtend(cp) || (cp >= 0x1f000 && cp <= 0x1faff) || (cp >= 0x20000 && cp <= 0x3ffff);

/**
 * Not a control or Prepend: followed by Extend characters and then a clean boundary, it
 * is the whole cluster. (A flag's first half qualifies too: its partner is not simple.)
 */
const isPlainBase = (cp: number): boolean =>
  (isSimple(cp) && cp !== 0x0a) || (cp >= 0x1f000 && cp <= 0x1faff) || (cp >= 0x20000 && cp <= 0x3ffff);

const width = (cp: number): number => (cp > 0xffff ? 2 : 1);

/**
 * The grapheme clusters of `text`, lazily, in linear time.
 *
 * Plain characters with their combining marks are recognised by hand; the rest goes to
 * Intl.Segmenter in short stretches, because V8 before 12.x (Node 20 included) takes
 * quadratic time to iterate one long string's segments. Stretches are sound because
 * UAX #29 decides a boundary from the text before it and the single character after
 * it: a boundary inside a stretch is a boundary of the whole text, and restarting at a
 * boundary changes nothing. A stretch ends at a boundary that is certain by the rules
 * above; failing that, at a window's edge, where only the last cluster is doubtful.
 */
export function* clusters(text: string): Generator<string, void, undefined> {
  const n = text.length;
  const boundaryAt = (j: number): boolean => {
    if (j === n) return true;
    if (!isSimple(text.charCodeAt(j))) return false;
    const before = text.codePointAt(j - 1) as number;
    const prev = before >= 0xdc00 && before <= 0xdfff && j >= 2 ? (text.codePointAt(j - 2) as number) : before;
    return endsCleanly(prev);
  };
  let i = 0; // always a cluster boundary
  let size = WINDOW;
  while (i < n) {
    const cp = text.codePointAt(i) as number;
    if (isPlainBase(cp)) {
      let k = i + width(cp);
      for (let e = text.codePointAt(k); e !== undefined && isExtend(e); e = text.codePointAt(k)) k += width(e);
      if (boundaryAt(k)) {
        yield text.slice(i, k);
        i = k;
        continue;
      }
    }
    const max = Math.min(n, i + size);
    let end = i + 1;
    while (end < max && !boundaryAt(end)) end++;
    const certain = boundaryAt(end);
    // Half a surrogate pair at an uncertain edge would segment as a control character.
    if (!certain && isHighSurrogate(text.charCodeAt(end - 1))) end--;
    let next = i;
    for (const { index, segment } of segmenter.segment(text.slice(i, end))) {
      if (!certain && i + index + segment.length === end) break;
      yield segment;
      next = i + index + segment.length;
    }
    // One cluster longer than the window (Zalgo text): widen the window and retry.
    size = next === i ? size * 2 : WINDOW;
    i = next;
  }
}

/** All grapheme clusters of `text`. */
export function graphemes(text: string): string[] {
  return Array.from(clusters(text));
}

/** Number of user-perceived characters (an emoji family or a flag counts as one). */
export function graphemeLength(text: string): number {
  let n = 0;
  for (const _ of clusters(text)) n++;
  return n;
}

/**
 * The first `count` grapheme clusters of `text` (fewer if it has fewer), plus whether
 * that is all of it. Work is proportional to `count`, not to the text's length.
 */
export function leadingGraphemes(text: string, count: number): { clusters: string[]; complete: boolean } {
  const out: string[] = [];
  for (const c of clusters(text)) {
    if (out.length === count) return { clusters: out, complete: false };
    out.push(c);
  }
  return { clusters: out, complete: true };
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
