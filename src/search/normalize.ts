// Text normalisation shared by indexing and querying. Both sides must agree
// exactly, or a term written one way in an article and another way in a query
// can never meet: full-width and compatibility forms are folded by NFKC, and
// Traditional Chinese is folded into Simplified with OpenCC.
import { Converter, Locale } from 'opencc-js/t2cn';
import { keepAt } from './char-class';

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

const CHANGES = 1;
const STARTS_PHRASE = 2;
/** On a high surrogate: the astral character it starts needs a closer look. */
const ASTRAL = 4;

/** What `mayChange` consults: per-UTF-16-unit flags, and the cases they point to. */
interface ChangeTable {
  units: Uint8Array;
  astral: Set<number>;
  phrasesByFirst: Map<number, string[]>;
}

const isCompatIdeograph = (cp: number) => (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x2f800 && cp <= 0x2fa1f);

function changeTable(): ChangeTable {
  const pairs = dictPairs().filter(([from, to]) => from !== to);
  const single = new Set(pairs.map(([from]) => from).filter((from) => [...from].length === 1));
  const units = new Uint8Array(0x10000);
  const astral = new Set<number>();
  const phrasesByFirst = new Map<number, string[]>();
  const mark = (cp: number, flag: number) => {
    if (cp <= 0xffff) units[cp]! |= flag;
    else units[String.fromCodePoint(cp).charCodeAt(0)]! |= ASTRAL;
  };
  for (const c of single) {
    const cp = c.codePointAt(0)!;
    mark(cp, CHANGES);
    if (cp > 0xffff) astral.add(cp);
  }
  for (let cp = 0xf900; cp <= 0xfaff; cp++) units[cp]! |= CHANGES;
  for (let cp = 0x2f800; cp <= 0x2fa1f; cp++) mark(cp, CHANGES);
  for (const [from] of pairs) {
    const chars = [...from];
    if (chars.length < 2 || chars.some((c) => single.has(c))) continue;
    const first = chars[0]!.codePointAt(0)!;
    mark(first, STARTS_PHRASE);
    phrasesByFirst.set(first, [...(phrasesByFirst.get(first) ?? []), from]);
  }
  return { units, astral, phrasesByFirst };
}

let table: ChangeTable | undefined;

/**
 * True for every text OpenCC would change, and for few others. Converting is
 * the costliest step of tokenising and most articles are already Simplified,
 * so it only runs when the text holds a character the dictionaries change, a
 * phrase they change that has no such character (反覆 → 反复), or a CJK
 * compatibility ideograph (the converter's own normalisation step rewrites
 * those). Any other text converts to itself, so skipping it changes no
 * result. (One "sentinel" character per phrase, as before, tripped on 一, 不,
 * 以 … in nearly every Simplified text.) A flag table, not a regular
 * expression: a 3,000-character class costs ~30 ns a character in V8.
 */
function mayChange(text: string): boolean {
  table ??= changeTable();
  const { units, astral, phrasesByFirst } = table;
  for (let i = 0; i < text.length; i++) {
    const flags = units[text.charCodeAt(i)]!;
    if (flags === 0) continue;
    if (flags & CHANGES) return true;
    const cp = flags & ASTRAL ? text.codePointAt(i)! : text.charCodeAt(i);
    if (flags & ASTRAL && (astral.has(cp) || isCompatIdeograph(cp))) return true;
    for (const phrase of phrasesByFirst.get(cp) ?? []) if (text.startsWith(phrase, i)) return true;
  }
  return false;
}

/** Folds Traditional Chinese characters and phrases into Simplified ones. */
export function toSimplified(text: string): string {
  return mayChange(text) ? convertT2S(text) : text;
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

/**
 * `normalizeForMatch` for text that is already `normalize`d: lower-cased,
 * runs of letters, digits and marks joined by single spaces. The same as
 * `.replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ').trim()`, by table lookup.
 */
export function matchForm(normalized: string): string {
  const s = normalized.toLowerCase();
  const n = s.length;
  const runs: string[] = [];
  let i = 0;
  while (i < n) {
    let w = keepAt(s, i);
    while (w < 0) {
      i -= w;
      if (i >= n) break;
      w = keepAt(s, i);
    }
    if (i >= n) break;
    const start = i;
    while (w > 0) {
      i += w;
      if (i >= n) break;
      w = keepAt(s, i);
    }
    runs.push(start === 0 && i >= n ? s : s.slice(start, i));
  }
  return runs.join(' ');
}
