// What the on-disk body index (body-index.ts) is fed: text in which a run of
// Chinese (or kana) characters is written as its overlapping bigrams and then
// its last character alone (`卷积网络` → `卷积 积网 网络 络`), so SQLite
// FTS5's unicode61 tokenizer makes one token per character position, every
// character starts a token, and a Chinese word is an FTS5 phrase of its
// bigrams (`"卷积 积网"`). Bigrams rather than single characters: a phrase of
// common characters that rarely stand together (对比学习) is then a phrase of
// rare tokens, read from short lists, where single characters made FTS5 check
// the positions in every article having all four (with no match at all: 9 ms
// at 100k short articles, 34 ms at 100k long ones; 0.1 ms with bigrams).
// Latin words are left whole for the tokenizer (which lower-cases them and cuts
// `tf_export` at the connector). What unicode61 cannot see — the camelCase
// and letter/digit pieces of a compound (`UpsamplingBilinear2d` →
// upsampling, bilinear2d, bilinear, 2) — goes in a column of its own. Measured
// on realistic articles: transforming in JavaScript and letting unicode61
// tokenise is 3–4× faster than emitting bigram tokens for a custom tokenizer.
import { scanText } from './char-class';
import { normalize } from './normalize';
import { wordSegment, wordTerms } from './tokenizer';

/** One FTS5 row: the columns body-index.ts declares, in order. */
export interface BodyRow {
  title: string;
  body: string;
  tags: string;
  pieces: string;
}

export interface BodySource {
  title: string;
  summary: string;
  categories: readonly string[];
}

interface WordInfo {
  /** Pieces unicode61 would not cut the word into. */
  pieces: readonly string[];
  /** The word's terms for the typo/prefix vocabulary (see vocabTerm). */
  vocab: readonly string[];
}

const NONE: WordInfo = { pieces: [], vocab: [] };
/**
 * Every word's info by its raw form, so a word seen before costs one lookup
 * (no lower-casing, no regular expressions, no allocation). Cleared when full:
 * a corpus with more distinct words than this just recomputes the rare ones.
 */
const words = new Map<string, WordInfo>();
const MAX_CACHED_WORDS = 200_000;
const MAX_TERM_LENGTH = 64;
const HAS_LETTER = /\p{L}/u;
const HEX_WITH_DIGIT = /^(?=.*\d)[0-9a-f]+$/;
/** How unicode61 cuts a word: at anything but letters, digits and marks. */
const TOKEN_SPLIT = /[^\p{L}\p{N}\p{M}]+/u;

/**
 * Whether a term goes in the typo/prefix vocabulary: Latin, with a letter,
 * 3–64 characters, and not a number or a hash.
 */
export function vocabTerm(term: string): boolean {
  return term.length >= 3 && term.length <= MAX_TERM_LENGTH && HAS_LETTER.test(term) && !HEX_WITH_DIGIT.test(term);
}

/** Only a word with a connector, a digit or a capital after its first letter can have pieces. */
const MAY_HAVE_PIECES = /[._\-\p{N}]|.\p{Lu}/u;

function computeWordInfo(raw: string): WordInfo {
  const lower = raw.toLowerCase();
  if (!MAY_HAVE_PIECES.test(raw)) return vocabTerm(lower) ? { pieces: [], vocab: [lower] } : NONE;
  const tokens = lower.split(TOKEN_SPLIT).filter(Boolean);
  const terms = wordTerms(wordSegment(raw));
  const pieces = terms.filter((t) => t !== lower && !tokens.includes(t) && !TOKEN_SPLIT.test(t));
  const vocab = [...new Set([...tokens, ...pieces])].filter(vocabTerm);
  return pieces.length || vocab.length ? { pieces, vocab } : NONE;
}

function wordInfo(raw: string): WordInfo {
  let info = words.get(raw);
  if (info) return info;
  info = computeWordInfo(raw);
  if (words.size >= MAX_CACHED_WORDS) words.clear();
  words.set(raw, info);
  return info;
}

const SPACE = 0x20;
/** The output being built, as UTF-16 code units; grown as needed and reused (indexing is synchronous). */
let out = new Uint16Array(1 << 16);

/** Where the last Han run's lone last character was written, for the query form (see queryText). */
interface LastRun {
  /** Output length before it (and its separator) and after it. */
  from: number;
  to: number;
  /** Characters in the run. */
  chars: number;
}

/**
 * `text` (already normalised) as the index is fed it: Han runs as bigrams
 * and their last character, words kept, everything else a space. Pieces of
 * compounds are appended to `pieces`, vocabulary terms added to `vocab` (when given).
 * Built in a code-unit buffer decoded once: pushing each Han character as a
 * string of its own and joining cost more than the rest of indexing in
 * JavaScript (measured on the realistic bench corpus).
 */
export function spacedText(text: string, pieces: string[], vocab?: Set<string>): string {
  // Measured first: spaceInto may replace the buffer.
  const n = spaceInto(text, pieces, vocab, null);
  return decodeUnits(out, n);
}

/** Writes `text` as the index has it into `out`; returns its length. */
function spaceInto(text: string, pieces: string[], vocab: Set<string> | undefined, last: LastRun | null): number {
  // At most three code units out per code unit in (a bigram, its separator, the lone last character).
  if (out.length < 3 * text.length + 2) out = new Uint16Array(3 * text.length + 1024);
  const buf = out;
  let o = 0;
  scanText(
    text,
    (start, end) => {
      let prev = -1;
      let chars = 0;
      for (let i = start; i < end;) {
        // A surrogate pair is one character.
        const c = text.charCodeAt(i);
        const w = c >= 0xd800 && c <= 0xdbff && i + 1 < end ? 2 : 1;
        if (prev >= 0) {
          if (o > 0) buf[o++] = SPACE;
          for (let k = prev; k < i + w; k++) buf[o++] = text.charCodeAt(k);
        }
        prev = i;
        i += w;
        chars++;
      }
      const from = o;
      if (o > 0) buf[o++] = SPACE;
      for (let k = prev; k < end; k++) buf[o++] = text.charCodeAt(k);
      if (last) {
        last.from = from;
        last.to = o;
        last.chars = chars;
      }
    },
    (start, end) => {
      if (o > 0) buf[o++] = SPACE;
      for (let i = start; i < end; i++) buf[o++] = text.charCodeAt(i);
      const info = wordInfo(text.slice(start, end));
      if (info === NONE) return;
      for (const p of info.pieces) pieces.push(p);
      if (vocab) for (const v of info.vocab) vocab.add(v);
    },
  );
  return o;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The first `n` code units of `buf` as a string. */
function decodeUnits(buf: Uint16Array, n: number): string {
  if (LITTLE_ENDIAN) return Buffer.from(buf.buffer, buf.byteOffset, n * 2).toString('utf16le');
  let s = '';
  for (let i = 0; i < n; i += 8192) s += String.fromCharCode(...buf.subarray(i, Math.min(n, i + 8192)));
  return s;
}

/** An article's FTS5 row; `vocab` collects its Latin terms. */
export function bodyRow(src: BodySource, vocab?: Set<string>): BodyRow {
  const pieces: string[] = [];
  return {
    title: spacedText(normalize(src.title), pieces, vocab),
    // The lead is not a column of its own: the head weighs it (an article whose lead has a query's
    // words is a head match), and a copy of it cost a third of a short article's index work.
    body: spacedText(normalize(src.summary), pieces, vocab),
    tags: spacedText(normalize(src.categories.join('\n')), pieces, vocab),
    pieces: pieces.join(' '),
  };
}

/**
 * Query-side: a term or phrase as the index has it, and whether its last
 * token is a prefix. A Han run that ends the text may go on in an article
 * (`卷积` in `卷积网络`), so it is only its bigrams; a single character is a
 * prefix of the token it starts.
 */
export function queryText(text: string): { text: string; prefix: boolean } {
  const last: LastRun = { from: -1, to: -1, chars: 0 };
  let o = spaceInto(text, [], undefined, last);
  let prefix = false;
  if (last.to === o && o > 0) {
    if (last.chars > 1) o = last.from;
    else prefix = true;
  }
  return { text: decodeUnits(out, o), prefix };
}
