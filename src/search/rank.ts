// Final ordering of matched articles. Bigram matching cannot tell 注意力机制
// written out from 注意力 … 动力机组 … 机制 scattered through a text, so
// articles containing the query's phrases verbatim are ranked first, then by
// score; the bands are stacked so reported scores still never increase.
import type { Scores } from './evaluate';

export interface Ranked {
  id: string;
  score: number;
}

/** The phrase-checkable form of an article: normalizeForMatch'd title and body. */
export interface PhraseText {
  title: string;
  body: string;
}

export interface RankOptions {
  phrases: readonly string[];
  textOf: (id: string) => PhraseText | undefined;
  /** Orders equal scores (newer first). */
  tieBreak: (a: string, b: string) => number;
  /** How many top-scoring candidates get the (string-scanning) phrase check. */
  window?: number;
}

const DEFAULT_WINDOW = 1000;
/** A phrase in the title multiplies the score by up to this much more (shared across the query's phrases). */
const TITLE_PHRASE_BONUS = 1;

/**
 * Candidates in bands, best first: by how many of the phrases they contain
 * (title or body), each band sorted by score, where phrases in the title add
 * a bonus. Candidates beyond the window form a last, unchecked band.
 */
export function phraseBands(scores: Scores, opts: RankOptions): Ranked[][] {
  const byScore = (a: Ranked, b: Ranked) => b.score - a.score || opts.tieBreak(a.id, b.id);
  const ranked = [...scores].map(([id, score]) => ({ id, score })).sort(byScore);
  const phrases = opts.phrases;
  if (!phrases.length) return [ranked];
  const window = opts.window ?? DEFAULT_WINDOW;
  const bands: Ranked[][] = Array.from({ length: phrases.length + 1 }, () => []);
  for (const hit of ranked.slice(0, window)) {
    const text = opts.textOf(hit.id);
    let found = 0;
    let inTitle = 0;
    for (const p of phrases) {
      if (text?.title.includes(p)) inTitle++;
      else if (!text?.body.includes(p)) continue;
      found++;
    }
    const score = hit.score * (1 + (TITLE_PHRASE_BONUS * inTitle) / phrases.length);
    bands[phrases.length - found]!.push({ id: hit.id, score });
  }
  for (const band of bands) band.sort(byScore);
  bands.push(ranked.slice(window));
  return bands;
}

/**
 * Concatenates bands, scaling each band's scores down where needed so no
 * article scores above one ranked before it.
 */
export function stackBands(bands: Ranked[][]): Ranked[] {
  const out: Ranked[] = [];
  let floor = Infinity;
  for (const band of bands) {
    if (!band.length) continue;
    const top = band[0]!.score;
    const scale = top > 0 && top >= floor ? (0.9 * floor) / top : 1;
    for (const hit of band) out.push(scale === 1 ? hit : { id: hit.id, score: hit.score * scale });
    floor = out[out.length - 1]!.score;
  }
  return out;
}
