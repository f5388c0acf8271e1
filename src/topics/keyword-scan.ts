// Finding which of a taxonomy's keywords occur in a text, in one pass over it.
//
// Matching keyword by keyword cost a scan of the text per CJK keyword and a Set of every Latin
// word of the text (a string per word): a fifth of bulk ingest's CPU time. One pass instead walks
// each Latin word through a trie of the keywords' words (no strings made) and checks the CJK
// keywords only where their first non-ASCII character occurs; A-Z is folded on the way, so the
// text is not copied lower-cased first (that copy was a third of the cost). The work is linear in
// the text: per character, one trie step or one table lookup plus the few keywords anchored there.
//
// Semantics (what keywordMatcher used to do, per lower-cased keyword):
// - a keyword with a non-ASCII character matches as a substring (CJK has no word boundaries);
// - a keyword of [a-z0-9] matches a whole word of the text (a maximal [a-z0-9] run);
// - any other ASCII keyword ("feature map", "tf.example", "c++") matches where it occurs with
//   no word character on either side; each of its [a-z0-9] parts is then a whole word of the
//   text, so it is looked for only in texts that have all of them.

const ALPHABET = 36;

/** Stamps restart (with their arrays cleared) before they could overflow an Int32Array. */
export const STAMP_LIMIT = 2 ** 30;

/** Trie slot of a character code: 0-25 for a-z, 26-35 for 0-9, -1 for anything else. */
function slot(c: number): number {
  if (c >= 97 && c <= 122) return c - 97;
  if (c >= 48 && c <= 57) return c - 22;
  return -1;
}

/** Trie slots of ASCII, with A-Z read as a-z. */
const SLOT = Int8Array.from({ length: 128 }, (_, c) => slot(c >= 65 && c <= 90 ? c + 32 : c));

/** Marks a code unit lower-casing may change, in a scanner's table of non-ASCII code units. */
const FOLD = 0xffff;

const isWordChar = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);

interface Phrase {
  keyword: number;
  text: string;
  /** Where its first [a-z0-9] character is. */
  lead: number;
  /** Word ids (trie terminals) of its [a-z0-9] parts. */
  parts: number[];
}

interface Anchored {
  keyword: number;
  text: string;
  /** Offset of the anchor (first non-ASCII code unit) inside the keyword. */
  offset: number;
  /** The code unit after the anchor when it is not ASCII (so needs no folding), else -1. */
  after: number;
}

/** Keywords compiled for scanning. */
export interface KeywordScanner {
  /** Each given keyword's id: equal keywords (up to case) share one. */
  readonly ids: readonly number[];
  /** How many distinct ids there are (the size `found` needs). */
  readonly size: number;
  /**
   * Marks found[id] = stamp for every keyword occurring in `text` lower-cased. Stamping
   * instead of clearing lets one array serve every text.
   */
  scan(text: string, found: Int32Array, stamp: number): void;
}

export function compileKeywords(keywords: readonly string[]): KeywordScanner {
  // Which rule applies depends on the keyword as written: one with a non-ASCII character (even
  // one that lower-cases to ASCII, like the Kelvin sign) matches as a substring.
  const kindOf = (k: string) => (/^[\x00-\x7f]+$/.test(k) ? 'ascii' : 'substring');
  const idByKey = new Map<string, number>();
  const distinct: { kind: string; text: string }[] = [];
  const ids = keywords.map((k) => {
    const kind = kindOf(k);
    const text = k.toLowerCase();
    const key = `${kind}:${text}`;
    let id = idByKey.get(key);
    if (id === undefined) {
      id = distinct.length;
      idByKey.set(key, id);
      distinct.push({ kind, text });
    }
    return id;
  });
  // Trie over [a-z0-9]: next[node * ALPHABET + slot] is the child node (0: none; node 0 is the root).
  let next = new Int32Array(ALPHABET * 16);
  let nodes = 1;
  const wordAt: number[] = [-1];
  const wordIds = new Map<string, number>();
  /** Keyword id of each one-word keyword, by word id (-1 for words only phrases use). */
  const wordKeyword: number[] = [];
  const addWord = (w: string): number => {
    const known = wordIds.get(w);
    if (known !== undefined) return known;
    let node = 0;
    for (let i = 0; i < w.length; i++) {
      const at = node * ALPHABET + slot(w.charCodeAt(i));
      if (!next[at]) {
        if ((nodes + 1) * ALPHABET > next.length) {
          const grown = new Int32Array(next.length * 2);
          grown.set(next);
          next = grown;
        }
        wordAt.push(-1);
        next[at] = nodes++;
      }
      node = next[at]!;
    }
    const id = wordKeyword.length;
    wordAt[node] = id;
    wordIds.set(w, id);
    wordKeyword.push(-1);
    return id;
  };
  const phrases: Phrase[] = [];
  const anchored = new Map<number, Anchored[]>();
  /** Substring keywords with no non-ASCII character to anchor on (the empty one matches anything). */
  const unanchored: { keyword: number; text: string }[] = [];
  distinct.forEach(({ kind, text: k }, id) => {
    if (kind === 'substring') {
      const offset = k.search(/[^\x00-\x7f]/);
      if (offset < 0) {
        unanchored.push({ keyword: id, text: k });
        return;
      }
      const c = k.charCodeAt(offset);
      const list = anchored.get(c) ?? [];
      const after = offset + 1 < k.length && k.charCodeAt(offset + 1) >= 128 ? k.charCodeAt(offset + 1) : -1;
      list.push({ keyword: id, text: k, offset, after });
      anchored.set(c, list);
    } else if (/^[a-z0-9]+$/.test(k)) {
      wordKeyword[addWord(k)] = id;
    } else {
      phrases.push({
        keyword: id,
        text: k,
        lead: Math.max(0, k.search(/[a-z0-9]/)),
        parts: k
          .split(/[^a-z0-9]+/)
          .filter(Boolean)
          .map(addWord),
      });
    }
  });
  // What a non-ASCII code unit asks for, by table so it costs one array read: nothing (0), a
  // look at the keywords anchored on it (their bucket; an emoji's first half may be one), or
  // only the check that lower-casing leaves it alone (FOLD, see FOLDS).
  const nonAscii = new Uint16Array(0x10000);
  for (let c = 128; c < 0x10000; c++) if (FOLDS[c]) nonAscii[c] = FOLD;
  const buckets: Anchored[][] = [[]];
  for (const [c, list] of anchored) {
    nonAscii[c] = buckets.length;
    buckets.push(list);
  }
  const trie = next;
  const words = new Int32Array(wordKeyword.length);
  let wordStamp = 0;
  const nextWordStamp = () => {
    if (wordStamp >= STAMP_LIMIT) {
      words.fill(0);
      wordStamp = 0;
    }
    return ++wordStamp;
  };
  // Where the words that begin a phrase start, recorded during the pass (reused between texts).
  const leads = new Uint8Array(wordKeyword.length);
  for (const p of phrases) if (p.parts.length) leads[p.parts[0]!] = 1;
  const leadWord: number[] = [];
  const leadAt: number[] = [];

  /** Notes a word of the text that is in the trie (w >= 0); returns the new count of lead words. */
  const endWord = (w: number, start: number, seen: number, found: Int32Array, stamp: number, leadCount: number): number => {
    if (w < 0) return leadCount;
    words[w] = seen;
    const k = wordKeyword[w]!;
    if (k >= 0) found[k] = stamp;
    if (!leads[w]) return leadCount;
    leadWord[leadCount] = w;
    leadAt[leadCount] = start;
    return leadCount + 1;
  };

  /** The pass; false when it met a character lower-casing would change (other than A-Z). */
  const pass = (s: string, found: Int32Array, stamp: number, lowered: boolean): boolean => {
    const seen = nextWordStamp();
    let leadCount = 0;
    let node = 0; // trie node of the current word; -1 once it left the trie
    let start = -1; // where the current word started, -1 outside words
    const n = s.length;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 128) {
        const sl = SLOT[c]!;
        if (sl >= 0) {
          if (start < 0) start = i;
          if (node >= 0) node = trie[node * ALPHABET + sl]! || -1;
          continue;
        }
      } else {
        const b = nonAscii[c]!;
        if (b) {
          // A surrogate pair is checked whole at its first half: most (emoji) lower-case to themselves.
          if (!lowered && FOLDS[c] && !(c >= 0xd800 && c <= 0xdbff && foldsAsPair(s, i))) return false;
          if (b !== FOLD) {
            const bucket = buckets[b]!;
            for (let j = 0; j < bucket.length; j++) {
              const a = bucket[j]!;
              // The character after the anchor rules most candidates out before a full compare.
              if (found[a.keyword] === stamp || (a.after >= 0 && s.charCodeAt(i + 1) !== a.after)) continue;
              if (i >= a.offset && foldedAt(s, a.text, i - a.offset)) found[a.keyword] = stamp;
            }
          }
        }
      }
      if (start >= 0) {
        if (node > 0) leadCount = endWord(wordAt[node]!, start, seen, found, stamp, leadCount);
        node = 0;
        start = -1;
      }
    }
    if (start >= 0 && node > 0) leadCount = endWord(wordAt[node]!, start, seen, found, stamp, leadCount);
    for (const u of unanchored) if (found[u.keyword] !== stamp && lowerOf(s, lowered).includes(u.text)) found[u.keyword] = stamp;
    for (const p of phrases) {
      if (!p.parts.every((w) => words[w] === seen)) continue;
      if (!p.parts.length) {
        if (boundedIn(lowerOf(s, lowered), p.text)) found[p.keyword] = stamp;
        continue;
      }
      // A bounded occurrence starts its first part as a whole word, `lead` characters in.
      const first = p.parts[0]!;
      for (let j = 0; j < leadCount; j++) {
        if (leadWord[j] !== first) continue;
        const at = leadAt[j]! - p.lead;
        if (at >= 0 && foldedAt(s, p.text, at) && bounded(s, at, at + p.text.length)) {
          found[p.keyword] = stamp;
          break;
        }
      }
    }
    return true;
  };

  return {
    ids,
    size: distinct.length,
    scan(text, found, stamp) {
      // A-Z is folded as the pass goes, so most texts are never copied lower-cased; one with any
      // other cased character (É, Σ, the Kelvin sign) is lower-cased whole, exactly as before.
      if (!pass(text, found, stamp, false)) pass(text.toLowerCase(), found, stamp, true);
    },
  };
}

/**
 * Code units lower-casing may change, beyond A-Z: the rest of the text is matched as it is. High
 * surrogates are listed so their pair gets checked; a low one is settled with its high one (or,
 * alone, stays as it is).
 */
const FOLDS = (() => {
  const table = new Uint8Array(0x10000);
  for (let c = 128; c < 0x10000; c++) {
    const ch = String.fromCharCode(c);
    if ((c >= 0xd800 && c <= 0xdbff) || ch.toLowerCase() !== ch) table[c] = 1;
  }
  return table;
})();

/** True when the surrogate pair at i lower-cases to itself (an emoji, a rare CJK ideograph). */
function foldsAsPair(s: string, i: number): boolean {
  const lo = s.charCodeAt(i + 1);
  if (!(lo >= 0xdc00 && lo <= 0xdfff)) return true; // a lone surrogate: left as it is
  const pair = s.slice(i, i + 2);
  return pair.toLowerCase() === pair;
}

/** `k` (lower-case) occurs in `s` at `at`, with A-Z in `s` read as a-z. */
function foldedAt(s: string, k: string, at: number): boolean {
  if (at + k.length > s.length) return false;
  for (let j = 0; j < k.length; j++) {
    let c = s.charCodeAt(at + j);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== k.charCodeAt(j)) return false;
  }
  return true;
}

const bounded = (s: string, from: number, to: number) =>
  (from === 0 || !isWordChar(s.charCodeAt(from - 1))) && (to >= s.length || !isWordChar(s.charCodeAt(to)));

/** `k` occurs in `lower` with no word character on either side. */
function boundedIn(lower: string, k: string): boolean {
  for (let i = lower.indexOf(k); i >= 0; i = lower.indexOf(k, i + 1)) if (bounded(lower, i, i + k.length)) return true;
  return false;
}

const lowerOf = (s: string, lowered: boolean) => (lowered ? s : s.toLowerCase());
