// The index side of tokenising, fused and memoised: normalised text straight
// to the keys MiniSearch stores (`tokenizeNormalized` then `termKey`), without
// the intermediate segments and terms. Indexing runs this over every article
// at start-up, so it is the hot path; `tokenizer.ts` stays the definition,
// and a test holds the two equal. Han keys — four in five of all keys — are
// first handed out as small integer codes (a number per distinct character,
// combined for a bigram), so indexing can count them without building and
// hashing a string per occurrence; `hanKey` spells a code out when needed.
import { scanText } from './char-class';
import { hexCodePoint, HAN_KEY } from './term-key';
import { wordSegment, wordTerms } from './tokenizer';

/** Words repeat (Zipf): their terms are computed once per distinct spelling. */
const wordCache = new Map<string, readonly string[]>();
/** Bounds the cache; a corpus with more distinct words than this just recomputes the rest. */
const MAX_CACHED_WORDS = 200_000;

function termsOfWord(raw: string): readonly string[] {
  let terms = wordCache.get(raw);
  if (!terms) {
    terms = wordTerms(wordSegment(raw));
    if (wordCache.size < MAX_CACHED_WORDS) wordCache.set(raw, terms);
  }
  return terms;
}

/** Han characters get numbers 1 … MAX_CHARS in order of first sight; codes stay small integers. */
const CHAR_BITS = 15;
const MAX_CHARS = (1 << CHAR_BITS) - 1;
/** Single characters' codes sit above every bigram's. */
const SINGLE = 1 << (2 * CHAR_BITS);
const charNumber = new Int32Array(0x40000);
const charOfNumber: number[] = [0];

function numberOf(cp: number): number {
  if (cp >= charNumber.length) return 0;
  let n = charNumber[cp]!;
  if (n === 0 && charOfNumber.length <= MAX_CHARS) {
    n = charOfNumber.length;
    charOfNumber.push(cp);
    charNumber[cp] = n;
  }
  return n;
}

/** The key a Han code stands for. */
export function hanKey(code: number): string {
  if (code >= SINGLE) return HAN_KEY + hexCodePoint(charOfNumber[code - SINGLE]!);
  return HAN_KEY + hexCodePoint(charOfNumber[code >>> CHAR_BITS]!) + hexCodePoint(charOfNumber[code & MAX_CHARS]!);
}

/** Receives a document's keys: Han ones as codes (see hanKey), the rest as strings, with where each starts. */
export interface KeyVisitor {
  han(code: number, offset: number): void;
  word(key: string, offset: number): void;
}

/**
 * Calls the visitor with each index key of `text` (already `normalize`d)
 * and the offset where it starts, in order and as often as it occurs: each
 * Han run's overlapping bigrams and its last character, each word's terms.
 */
export function visitIndexKeys(text: string, visitor: KeyVisitor): void {
  scanText(
    text,
    (start, end) => {
      let cp = text.codePointAt(start)!;
      let prev = numberOf(cp);
      let prevCp = cp;
      let at = start;
      for (let i = start + (cp > 0xffff ? 2 : 1); i < end; i += cp > 0xffff ? 2 : 1) {
        cp = text.codePointAt(i)!;
        const n = numberOf(cp);
        // Past the numbering's capacity (over 32,767 distinct characters): spell the key out.
        if (prev && n) visitor.han((prev << CHAR_BITS) | n, at);
        else visitor.word(HAN_KEY + hexCodePoint(prevCp) + hexCodePoint(cp), at);
        prev = n;
        prevCp = cp;
        at = i;
      }
      if (prev) visitor.han(SINGLE + prev, at);
      else visitor.word(HAN_KEY + hexCodePoint(prevCp), at);
    },
    (start, end) => {
      for (const t of termsOfWord(text.slice(start, end))) visitor.word(t, start);
    },
  );
}

/** Calls `visit` with each index key of `text` (already `normalize`d), spelled out, and where it starts. */
export function forEachIndexKey(text: string, visit: (key: string, offset: number) => void): void {
  visitIndexKeys(text, { han: (code, offset) => visit(hanKey(code), offset), word: visit });
}

/** The index keys of `text` (already `normalize`d), as `forEachIndexKey` visits them. */
export function indexKeys(text: string): string[] {
  const keys: string[] = [];
  forEachIndexKey(text, (k) => keys.push(k));
  return keys;
}
