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
const words = new Map<string, WordInfo>();
/** Bounds the cache of compound words; a corpus with more just recomputes the rest. */
const MAX_CACHED_WORDS = 50_000;
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

function wordInfo(raw: string): WordInfo {
  let info = words.get(raw);
  if (info) return info;
  if (!MAY_HAVE_PIECES.test(raw)) {
    // Most words: themselves, no pieces; not worth a cache entry.
    const lower = raw.toLowerCase();
    return vocabTerm(lower) ? { pieces: [], vocab: [lower] } : NONE;
  }
  const lower = raw.toLowerCase();
  const tokens = lower.split(TOKEN_SPLIT).filter(Boolean);
  const terms = wordTerms(wordSegment(raw));
  const pieces = terms.filter((t) => t !== lower && !tokens.includes(t) && !TOKEN_SPLIT.test(t));
  const vocab = [...new Set([...tokens, ...pieces])].filter(vocabTerm);
  info = pieces.length || vocab.length ? { pieces, vocab } : NONE;
  if (words.size < MAX_CACHED_WORDS) words.set(raw, info);
  return info;
}

/**
 * `text` (already normalised) as the index is fed it: Han characters spaced,
 * words kept, everything else a space. Pieces of compounds are appended to
 * `pieces`, vocabulary terms added to `vocab` (when given).
 */
export function spacedText(text: string, pieces: string[], vocab?: Set<string>): string {
  const out: string[] = [];
  scanText(
    text,
    (start, end) => {
      for (let i = start; i < end;) {
        const cp = text.codePointAt(i)!;
        const width = cp > 0xffff ? 2 : 1;
        out.push(text.slice(i, i + width));
        i += width;
      }
    },
    (start, end) => {
      const raw = text.slice(start, end);
      out.push(raw);
      const info = wordInfo(raw);
      if (info === NONE) return;
      for (const p of info.pieces) pieces.push(p);
      if (vocab) for (const v of info.vocab) vocab.add(v);
    },
  );
  return out.join(' ');
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
