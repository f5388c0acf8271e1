// What the on-disk body index (body-index.ts) is fed: text in which every
// Chinese (or kana) character stands alone between spaces, so SQLite FTS5's
// unicode61 tokenizer makes one token per character at consecutive
// positions, and a Chinese word is an FTS5 phrase (`"卷 积"`); Latin words
// are left whole for the tokenizer (which lower-cases them and cuts
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
  lead: string;
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

/**
 * `text` (already normalised) as the index is fed it: Han characters spaced,
 * words kept, everything else a space. Pieces of compounds are appended to
 * `pieces`, vocabulary terms added to `vocab` (when given).
 * Built in a code-unit buffer decoded once: pushing each Han character as a
 * string of its own and joining cost more than the rest of indexing in
 * JavaScript (measured on the realistic bench corpus).
 */
export function spacedText(text: string, pieces: string[], vocab?: Set<string>): string {
  // At most one separator before each code unit.
  if (out.length < 2 * text.length) out = new Uint16Array(2 * text.length + 1024);
  const buf = out;
  let o = 0;
  scanText(
    text,
    (start, end) => {
      for (let i = start; i < end; i++) {
        const c = text.charCodeAt(i);
        // A low surrogate stays with the high one before it.
        if (o > 0 && !(c >= 0xdc00 && c <= 0xdfff && i > start)) buf[o++] = SPACE;
        buf[o++] = c;
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
  return decodeUnits(buf, o);
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
export function bodyRow(src: BodySource, leadChars: number, vocab?: Set<string>): BodyRow {
  const pieces: string[] = [];
  const summary = normalize(src.summary);
  return {
    title: spacedText(normalize(src.title), pieces, vocab),
    // The lead is the start of the body, kept apart so ranking without the head can weigh it.
    lead: spacedText(normalize(src.summary.slice(0, leadChars)), [], undefined),
    body: spacedText(summary, pieces, vocab),
    tags: spacedText(normalize(src.categories.join('\n')), pieces, vocab),
    pieces: pieces.join(' '),
  };
}

/** Query-side: a term or phrase as the index has it (Han spaced), ready to quote. */
export function spacedQuery(text: string): string {
  return spacedText(text, []);
}
