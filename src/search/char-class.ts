// Character classes for the tokenizer's scanner: Han (Chinese and Japanese
// kana), word characters (other letters, digits and marks), the connectors
// that join compound words (`. _ -`), and everything else. Looked up in a
// table rather than tested with Unicode-property regular expressions, which
// cost more than the rest of tokenising put together.

export const OTHER = 0;
export const HAN = 1;
export const WORD = 2;
export const CONNECTOR = 3;

export type CharClass = typeof OTHER | typeof HAN | typeof WORD | typeof CONNECTOR;

/** The definitions; the table is just these, precomputed for the Basic Multilingual Plane. */
const HAN_RE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const WORD_RE = /[\p{L}\p{N}\p{M}]/u;

function classify(ch: string): CharClass {
  if (HAN_RE.test(ch)) return HAN;
  if (WORD_RE.test(ch)) return WORD;
  return ch === '.' || ch === '_' || ch === '-' ? CONNECTOR : OTHER;
}

let bmp: Uint8Array | undefined;
const astral = new Map<number, CharClass>();

function bmpTable(): Uint8Array {
  const table = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    // Lone surrogates are nothing; pairs are classified as the code point they form.
    if (c < 0xd800 || c > 0xdfff) table[c] = classify(String.fromCharCode(c));
  }
  return table;
}

function astralClass(cp: number): CharClass {
  let cls = astral.get(cp);
  if (cls === undefined) {
    cls = classify(String.fromCodePoint(cp));
    astral.set(cp, cls);
  }
  return cls;
}

/**
 * The class of the character starting at UTF-16 index `i`, and its width in
 * code units (2 for a surrogate pair), packed as `class | width << 2` so the
 * scanner's inner loop allocates nothing.
 */
export function classAt(text: string, i: number): number {
  bmp ??= bmpTable();
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const low = text.charCodeAt(i + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return astralClass(((c - 0xd800) << 10) + (low - 0xdc00) + 0x10000) | (2 << 2);
  }
  return bmp[c]! | (1 << 2);
}

/**
 * Walks `text` calling `onHan` for each maximal Han run and `onWord` for each
 * word: word characters joined by single connectors (`nn.functional`,
 * `gpt-4`; a trailing or doubled connector ends the word). Everything else
 * only separates. It cuts exactly where the regular expression
 * `([Han]+)|(W+(?:[._-]W+)*)` would, several times faster.
 */
export function scanText(text: string, onHan: (start: number, end: number) => void, onWord: (start: number, end: number) => void): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const at = classAt(text, i);
    const cls = at & 3;
    let j = i + (at >> 2);
    if (cls === HAN) {
      while (j < n) {
        const next = classAt(text, j);
        if ((next & 3) !== HAN) break;
        j += next >> 2;
      }
      onHan(i, j);
    } else if (cls === WORD) {
      for (;;) {
        let next = j < n ? classAt(text, j) : 0;
        while ((next & 3) === WORD) {
          j += next >> 2;
          next = j < n ? classAt(text, j) : 0;
        }
        // A connector continues the word only when a word character follows it.
        if ((next & 3) !== CONNECTOR || j + 1 >= n || (classAt(text, j + 1) & 3) !== WORD) break;
        j += 1;
      }
      onWord(i, j);
    }
    i = j;
  }
}

/** Letters, digits and marks: what the phrase-check form keeps (see normalize.matchForm). */
const KEEP_RE = /[\p{L}\p{N}\p{M}]/u;
let keepBmp: Uint8Array | undefined;
const keepAstral = new Map<number, boolean>();

function keepTable(): Uint8Array {
  const table = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) if (c < 0xd800 || c > 0xdfff) table[c] = KEEP_RE.test(String.fromCharCode(c)) ? 1 : 0;
  return table;
}

/**
 * Width (1 or 2 code units) of the character at `i`, negated when it is not
 * a letter, digit or mark.
 */
export function keepAt(text: string, i: number): number {
  keepBmp ??= keepTable();
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const low = text.charCodeAt(i + 1);
    if (low >= 0xdc00 && low <= 0xdfff) {
      const cp = ((c - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
      let keep = keepAstral.get(cp);
      if (keep === undefined) {
        keep = KEEP_RE.test(String.fromCodePoint(cp));
        keepAstral.set(cp, keep);
      }
      return keep ? 2 : -2;
    }
  }
  return keepBmp[c] ? 1 : -1;
}
