// Finding which of a taxonomy's keywords occur in a text, in one pass over it.
//
// Matching keyword by keyword cost a scan of the text per CJK keyword and a Set of every Latin
// word of the text (a string per word): a fifth of bulk ingest's CPU time. One pass instead walks
// each Latin word through a trie of the keywords' words (no strings made) and checks the CJK
// keywords only where their first non-ASCII character occurs. The work is linear in the text:
// per character, one trie step or one table lookup plus the few keywords anchored there.
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

const isWordChar = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);

interface Phrase {
  keyword: number;
  text: string;
  /** Word ids (trie terminals) of its [a-z0-9] parts. */
  parts: number[];
}

interface Anchored {
  keyword: number;
  text: string;
  /** Offset of the anchor (first non-ASCII code unit) inside the keyword. */
  offset: number;
}

/** Keywords compiled for scanning. */
export interface KeywordScanner {
  /** Each given keyword's id: equal keywords (up to case) share one. */
  readonly ids: readonly number[];
  /** How many distinct ids there are (the size `found` needs). */
  readonly size: number;
  /**
   * Marks found[id] = stamp for every keyword occurring in `lower` (a lower-cased text).
   * Stamping instead of clearing lets one array serve every text.
   */
  scan(lower: string, found: Int32Array, stamp: number): void;
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
      list.push({ keyword: id, text: k, offset });
      anchored.set(c, list);
    } else if (/^[a-z0-9]+$/.test(k)) {
      wordKeyword[addWord(k)] = id;
    } else {
      phrases.push({
        keyword: id,
        text: k,
        parts: k
          .split(/[^a-z0-9]+/)
          .filter(Boolean)
          .map(addWord),
      });
    }
  });
  // Anchor lookup by code unit: a table, so a CJK character costs one array read.
  const anchorOf = new Uint16Array(0x10000);
  const buckets: Anchored[][] = [[]];
  for (const [c, list] of anchored) {
    anchorOf[c] = buckets.length;
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

  return {
    ids,
    size: distinct.length,
    scan(s, found, stamp) {
      const seen = nextWordStamp();
      let node = 0; // trie node of the current word; -1 once it left the trie
      let inWord = false;
      const n = s.length;
      for (let i = 0; i <= n; i++) {
        const c = i < n ? s.charCodeAt(i) : 32;
        if (c < 128) {
          const sl = slot(c);
          if (sl >= 0) {
            if (node >= 0) node = trie[node * ALPHABET + sl]! || -1;
            inWord = true;
            continue;
          }
          // Upper-case ASCII letters are word characters too (a text not lower-cased).
          if (c >= 65 && c <= 90) {
            node = -1;
            inWord = true;
            continue;
          }
        } else {
          const b = anchorOf[c]!;
          if (b) {
            for (const a of buckets[b]!) {
              if (found[a.keyword] !== stamp && i >= a.offset && s.startsWith(a.text, i - a.offset)) found[a.keyword] = stamp;
            }
          }
        }
        if (inWord) {
          if (node > 0) {
            const w = wordAt[node]!;
            if (w >= 0) {
              words[w] = seen;
              const k = wordKeyword[w]!;
              if (k >= 0) found[k] = stamp;
            }
          }
          node = 0;
          inWord = false;
        }
      }
      for (const u of unanchored) if (s.includes(u.text)) found[u.keyword] = stamp;
      for (const p of phrases) {
        if (!p.parts.every((w) => words[w] === seen)) continue;
        const k = p.text;
        for (let i = s.indexOf(k); i >= 0; i = s.indexOf(k, i + 1)) {
          const end = i + k.length;
          if ((i === 0 || !isWordChar(s.charCodeAt(i - 1))) && (end >= n || !isWordChar(s.charCodeAt(end)))) {
            found[p.keyword] = stamp;
            break;
          }
        }
      }
    },
  };
}
