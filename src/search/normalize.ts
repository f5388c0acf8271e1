// Text normalisation shared by indexing and querying. Both sides must agree
// exactly, or a term written one way in an article and another way in a query
// can never meet: full-width and compatibility forms are folded by NFKC, and
// Traditional Chinese is folded into Simplified with OpenCC.
import { Converter, Locale } from 'opencc-js/t2cn';

// `t` → `cn` is OpenCC's plain Traditional→Simplified chain. It covers the
// Taiwan and Hong Kong character sets alike and, unlike `twp`, leaves word
// choice alone, so it never rewrites a correct Simplified text into other words.
const convertT2S = Converter({ from: 't', to: 'cn' });

function dictPairs(): [string, string][] {
  const pairs: [string, string][] = [];
  for (const group of Locale.to.cn ?? []) {
    for (const dict of group) {
      if (typeof dict !== 'string') {
        pairs.push(...dict.map(([from, to]): [string, string] => [from, to]));
        continue;
      }
      for (const entry of dict.split('|')) {
        const [from, to] = entry.split(' ');
        if (from && to !== undefined) pairs.push([from, to]);
      }
    }
  }
  return pairs;
}

/**
 * Characters at least one of which must occur in a text for OpenCC to change
 * it. Converting is the costliest step of tokenising and most articles are
 * already Simplified, so looking for these first skips it for nearly all of
 * them. Any character of a dictionary key is a valid sentinel for that key; a
 * Traditional-only one is picked where there is one, so that ordinary
 * Simplified text rarely trips the check.
 */
function sentinelChars(): Set<string> {
  const pairs = dictPairs().filter(([from, to]) => from !== to);
  const single = new Set(pairs.map(([from]) => from).filter((from) => [...from].length === 1));
  const sentinels = new Set(single);
  for (const [from] of pairs) {
    const chars = [...from];
    if (chars.length > 1) sentinels.add(chars.find((c) => single.has(c)) ?? chars[0]!);
  }
  return sentinels;
}

let sentinels: Set<string> | undefined;

/** Folds Traditional Chinese characters and phrases into Simplified ones. */
export function toSimplified(text: string): string {
  sentinels ??= sentinelChars();
  for (const c of text) {
    if (sentinels.has(c)) return convertT2S(text);
  }
  return text;
}

/**
 * Normalises text for tokenising: NFKC (full-width letters, digits and
 * punctuation become ASCII; compatibility ideographs become unified ones), then
 * Traditional→Simplified. Case is kept: the tokenizer reads camelCase
 * boundaries before lower-casing.
 */
export function normalize(text: string): string {
  return toSimplified(text.normalize('NFKC'));
}

/**
 * The form used for phrase (substring) checks: normalised, lower-cased, and
 * with every run of spaces and punctuation turned into one space, so
 * `Word-Embedding` and `word  embedding` both contain `word embedding`.
 */
export function normalizeForMatch(text: string): string {
  return matchForm(normalize(text));
}

/** `normalizeForMatch` for text that is already `normalize`d. */
export function matchForm(normalized: string): string {
  return normalized.toLowerCase().replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ').trim();
}
