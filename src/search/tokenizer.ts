// Turns mixed Chinese/English text into index terms, and queries into the
// same terms. Chinese has no spaces, so runs of Han characters become
// overlapping bigrams (a dictionary-free stand-in for word segmentation);
// Latin words are lower-cased and compounds such as `tf_export`,
// `nn.functional` or `PrefixTuning` are findable whole and by their parts.
import { scanText } from './char-class';
import { normalize } from './normalize';

/** A maximal run of Chinese (or Japanese kana) characters, already Simplified. */
export interface HanSegment {
  kind: 'han';
  text: string;
}

/** A Latin (or other spaced-script) word, possibly a compound joined by `_`, `.` or `-`. */
export interface WordSegment {
  kind: 'word';
  /** The whole word, lower-cased: `nn.functional`, `prefixtuning`. */
  whole: string;
  /** Pieces a query may find separately: split at `_ . -` and camelCase, lower-cased. */
  pieces: string[];
}

export type Segment = HanSegment | WordSegment;

export interface QueryTokens {
  segments: Segment[];
  /** Every distinct term the query's segments produce, at most MAX_QUERY_TERMS. */
  terms: string[];
  /** The Latin terms among `terms`: the only ones eligible for typo tolerance. */
  latin: Set<string>;
}

/** Bounds the work one query can cause, whatever its length. */
export const MAX_QUERY_TERMS = 32;

/** Longer "words" are hashes, base64 or URLs run together: index their pieces only. */
const MAX_WORD_LENGTH = 64;

const HAN_CHAR_RE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
// Case boundaries: `prefixTuning` → prefix|Tuning, `TFRecord` → TF|Record, `Word2Vec` → Word2|Vec.
const CAMEL_SPLIT_RE = /(?<=[\p{Ll}\p{N}])(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})/u;
const LETTERS_OR_DIGITS_RE = /\p{N}+|[\p{L}\p{M}]+/gu;
// Only words with a connector or a capital after their first letter can have pieces.
const MAY_HAVE_PIECES_RE = /[._\-]|.\p{Lu}/u;
const HAS_DIGIT_RE = /\p{N}/u;

/** True for terms with no Chinese in them. */
export function isLatinTerm(term: string): boolean {
  return !HAN_CHAR_RE.test(term);
}

/** True for terms that contain Chinese characters. */
export function isHanTerm(term: string): boolean {
  return HAN_CHAR_RE.test(term);
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

/** Query-side pieces of a word: split at connectors and case changes only. */
function wordPieces(raw: string): string[] {
  if (!MAY_HAVE_PIECES_RE.test(raw)) return [];
  const pieces = raw.split(/[._\-]/).flatMap((p) => p.split(CAMEL_SPLIT_RE));
  return pieces.length > 1 ? unique(pieces.map((p) => p.toLowerCase())) : [];
}

/** A word segment for the raw (normalised, not yet lower-cased) text of a word. */
export function wordSegment(raw: string): WordSegment {
  return { kind: 'word', whole: raw.toLowerCase(), pieces: wordPieces(raw) };
}

/** `segment` for text that is already `normalize`d (see `scanText` for where it cuts). */
export function segmentNormalized(text: string): Segment[] {
  const segments: Segment[] = [];
  scanText(
    text,
    (start, end) => segments.push({ kind: 'han', text: text.slice(start, end) }),
    (start, end) => segments.push(wordSegment(text.slice(start, end))),
  );
  return segments;
}

/**
 * Normalises `text` and cuts it into Han runs and words, in order. Everything
 * else (spaces, punctuation, symbols such as `@`) only separates segments.
 */
export function segment(text: string): Segment[] {
  return segmentNormalized(normalize(text));
}

/**
 * Index terms of a Han run: overlapping bigrams, plus the run's last character
 * alone. With the last character every character occurrence begins some
 * term, so a one-character query can prefix-search the bigrams and miss none.
 */
export function hanTerms(run: string): string[] {
  const chars = [...run];
  if (chars.length === 1) return chars;
  const terms: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) terms.push(chars[i]! + chars[i + 1]!);
  terms.push(chars[chars.length - 1]!);
  return terms;
}

/** Query terms of a Han run: bigrams only; a single character stands for itself. */
export function hanQueryTerms(run: string): string[] {
  const chars = [...run];
  if (chars.length === 1) return chars;
  const terms: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) terms.push(chars[i]! + chars[i + 1]!);
  return unique(terms);
}

/**
 * Index terms of a word: the whole word, its query pieces, and letter/digit
 * pieces (`word2vec` → `word`, `2`, `vec`). One-letter pieces are dropped as
 * noise; digits are kept (`gpt-4` → `4`).
 */
export function wordTerms(word: WordSegment): string[] {
  if (!word.pieces.length && !HAS_DIGIT_RE.test(word.whole)) return word.whole.length <= MAX_WORD_LENGTH ? [word.whole] : [];
  const sub = word.pieces.length ? word.pieces : [word.whole];
  const alnum = sub.flatMap((p) => p.match(LETTERS_OR_DIGITS_RE) ?? []);
  const parts = [...word.pieces, ...alnum].filter((p) => p !== word.whole && isIndexablePiece(p));
  const whole = word.whole.length <= MAX_WORD_LENGTH ? [word.whole] : [];
  return unique([...whole, ...parts]);
}

/** `tokenize` for text that is already `normalize`d. */
export function tokenizeNormalized(text: string): string[] {
  const terms: string[] = [];
  for (const seg of segmentNormalized(text)) {
    if (seg.kind === 'han') terms.push(...hanTerms(seg.text));
    else terms.push(...wordTerms(seg));
  }
  return terms;
}

/** Index tokenizer: every term of `text`, repeated as often as it occurs (term frequency matters). */
export function tokenize(text: string): string[] {
  return tokenizeNormalized(normalize(text));
}

function isIndexablePiece(piece: string): boolean {
  return piece.length <= MAX_WORD_LENGTH && (piece.length > 1 || HAS_DIGIT_RE.test(piece));
}

/**
 * The pieces a query word may also be found by, together: only when every
 * piece is itself indexed (so `AdamW` does not degrade to just `adam`).
 */
export function queryPieces(word: WordSegment): string[] {
  return word.pieces.length > 1 && word.pieces.every(isIndexablePiece) ? word.pieces : [];
}

function segmentQueryTerms(seg: Segment): string[] {
  return seg.kind === 'han' ? hanQueryTerms(seg.text) : unique([seg.whole, ...queryPieces(seg)]);
}

/**
 * Query tokenizer: the query's segments (for the planner, which groups and
 * expands them) and the terms they produce. Segments past MAX_QUERY_TERMS
 * terms are dropped, and a Han run that would cross the limit is shortened.
 */
export function tokenizeQuery(text: string): QueryTokens {
  const segments: Segment[] = [];
  const terms = new Set<string>();
  for (const seg of segment(text)) {
    const room = MAX_QUERY_TERMS - terms.size;
    if (room <= 0) break;
    let kept: Segment = seg;
    let segTerms = segmentQueryTerms(seg).filter((t) => !terms.has(t));
    if (segTerms.length > room) {
      if (seg.kind !== 'han') break;
      kept = { kind: 'han', text: [...seg.text].slice(0, room + 1).join('') };
      segTerms = segmentQueryTerms(kept)
        .filter((t) => !terms.has(t))
        .slice(0, room);
    }
    segments.push(kept);
    for (const t of segTerms) terms.add(t);
  }
  const all = [...terms];
  return { segments, terms: all, latin: new Set(all.filter(isLatinTerm)) };
}
