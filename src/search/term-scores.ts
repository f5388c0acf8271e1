// Scores of one query term over the index: what MiniSearch's search() would
// give that term alone (BM25 per field with field boosts; prefix and typo
// matches weighted down by how far they are from the term), computed straight
// from the postings into a score vector, without a result object per
// document or a sort — a test holds them equal to MiniSearch's — and with
// each match's prominence: where the term first appears (title, or how far
// into the lead), which postings record beside the count.
import { LEAD, TAGS, TITLE, type DocTable } from './doc-table';
import type { TermNode } from './query';
import { DOC_UNIT, POS_UNIT } from './postings';
import { Accumulator, EMPTY, type ScoreVec } from './sparse';
import { termKey } from './term-key';
import type { PostingList } from './postings';
import type { FieldPostings, TermIndex } from './term-index';

/** A match in the title is worth three in the lead or the tags. */
export const FIELD_BOOSTS: readonly number[] = (() => {
  const b: number[] = [];
  b[TITLE] = 3;
  b[LEAD] = 1;
  b[TAGS] = 1;
  return b;
})();

const DEFAULT_HALF_AT = 60;
/** Prominence of a first mention at the very start of the lead; the title counts 1. */
const LEAD_START = 0.8;
/**
 * Prominence of a tag match: a feed's categories say what an article is
 * about, but less precisely than its title or opening — about as much as a
 * mention at the end of the lead (0.8 × 60 / (60 + 240) = 0.16).
 */
const TAGS_PROMINENCE = 0.15;

/** Prominence per field (see TermScorer); the lead's halves every `leadHalfAt` characters (default 60; 0: no decay). */
export function fieldProminence(leadHalfAt = DEFAULT_HALF_AT): TermScorer['prominence'] {
  const start: number[] = [];
  const halfAt: number[] = [];
  start[TITLE] = 1;
  halfAt[TITLE] = 0;
  start[LEAD] = LEAD_START;
  halfAt[LEAD] = leadHalfAt;
  start[TAGS] = TAGS_PROMINENCE;
  halfAt[TAGS] = 0;
  return { start, halfAt };
}

/** MiniSearch's defaults, so scores match its own search(). */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;
const MAX_FUZZY = 6;

export interface TermScorer {
  terms: TermIndex;
  table: DocTable;
  acc: Accumulator;
  /** Boost per field, in field order. */
  boosts: readonly number[];
  /**
   * Prominence of a match, per field: `start` for a first occurrence at the
   * field's start, halving every `halfAt` characters further in (0: no decay).
   */
  prominence: { start: readonly number[]; halfAt: readonly number[] };
}

function addPostings(s: TermScorer, data: FieldPostings, weight: number): void {
  const alive = s.table.alive;
  for (const [field, postings] of data) {
    const f = fieldScoring(s, field, postings, weight);
    const packed = f.postings;
    for (let i = 0; i < packed.length; i++) {
      const p = packed[i]!;
      const tf = p % POS_UNIT;
      const doc = Math.floor(p / DOC_UNIT);
      // Discarded documents stay in the postings until MiniSearch vacuums them.
      if (tf !== 0 && alive[doc] === 1) s.acc.add(doc, matchScore(f, tf, doc), matchProminence(f, p));
    }
  }
}

/** BM25 of one match (length-aware: a long field mentioning the term once scores low). */
function matchScore(f: FieldScoring, tf: number, doc: number): number {
  return f.w * (BM25.d + (tf * (BM25.k + 1)) / (tf + f.norm + f.perLength * f.lengths[doc]!));
}

/** An article about the term names it early; one mentioning it in passing, anywhere. */
function matchProminence(f: FieldScoring, posting: number): number {
  const position = Math.floor(posting / POS_UNIT) % (DOC_UNIT / POS_UNIT);
  return f.halfAt ? (f.start * f.halfAt) / (f.halfAt + position) : f.start;
}

/** What one posting adds to its document: BM25 for the field, and where the term first appears. */
interface FieldScoring {
  postings: Float64Array | number[];
  w: number;
  norm: number;
  perLength: number;
  lengths: Float64Array;
  start: number;
  halfAt: number;
}

function fieldScoring(s: TermScorer, field: number, postings: PostingList, weight: number): FieldScoring {
  const { terms, table, boosts } = s;
  const total = terms.documentCount;
  const matching = postings.size;
  const idf = Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
  return {
    postings: postings.packed,
    w: weight * (boosts[field] ?? 1) * idf,
    norm: BM25.k * (1 - BM25.b),
    perLength: (BM25.k * BM25.b) / terms.averageFieldLength(field),
    lengths: table.fieldLength[field]!,
    start: s.prominence.start[field] ?? 0,
    halfAt: s.prominence.halfAt[field] ?? 0,
  };
}

/** One field's scored postings; reused from call to call, never handed out. */
interface FieldScratch {
  docs: Int32Array;
  scores: Float64Array;
  prominence: Float64Array;
  size: number;
}

const scratch: FieldScratch[] = [];

/** Scores `f`'s live postings into scratch slot `j`, ascending by document. */
function scoreField(f: FieldScoring, alive: Uint8Array, j: number): FieldScratch {
  const packed = f.postings;
  let into = scratch[j];
  if (!into || into.docs.length < packed.length) {
    const n = Math.max(packed.length, (into?.docs.length ?? 0) * 2, 1024);
    into = scratch[j] = { docs: new Int32Array(n), scores: new Float64Array(n), prominence: new Float64Array(n), size: 0 };
  }
  let n = 0;
  for (let i = 0; i < packed.length; i++) {
    const p = packed[i]!;
    const tf = p % POS_UNIT;
    const doc = Math.floor(p / DOC_UNIT);
    if (tf === 0 || alive[doc] !== 1) continue;
    into.docs[n] = doc;
    into.scores[n] = matchScore(f, tf, doc);
    into.prominence[n++] = matchProminence(f, p);
  }
  into.size = n;
  return into;
}

/**
 * The term's own postings as a vector without the accumulator: each field's
 * list is already ascending by document, so the fields are scored one by one
 * and merged, a document's scores added in the order the accumulator would
 * add them (the same sums, bit for bit), with no pass over every document
 * number and one allocation (the result). Most Chinese query terms (bigrams)
 * take this path; they have no prefix or typo matches.
 */
function exactVector(s: TermScorer, data: FieldPostings): ScoreVec {
  const alive = s.table.alive;
  const parts: FieldScratch[] = [];
  let cap = 0;
  for (const [field, list] of data) {
    const part = scoreField(fieldScoring(s, field, list, 1), alive, parts.length);
    parts.push(part);
    cap += part.size;
  }
  if (!cap) return EMPTY;
  const out: ScoreVec = { docs: new Int32Array(cap), scores: new Float64Array(cap), prominence: new Float64Array(cap), size: 0 };
  const k = parts.length;
  const at = new Int32Array(k);
  let n = 0;
  for (;;) {
    let doc = 0x7fffffff;
    for (let j = 0; j < k; j++) {
      const part = parts[j]!;
      if (at[j]! < part.size && part.docs[at[j]!]! < doc) doc = part.docs[at[j]!]!;
    }
    if (doc === 0x7fffffff) break;
    let score = 0;
    let prominence = 0;
    let first = true;
    for (let j = 0; j < k; j++) {
      const part = parts[j]!;
      const i = at[j]!;
      if (i >= part.size || part.docs[i] !== doc) continue;
      if (first) {
        score = part.scores[i]!;
        prominence = part.prominence[i]!;
        first = false;
      } else {
        score += part.scores[i]!;
        if (part.prominence[i]! > prominence) prominence = part.prominence[i]!;
      }
      at[j] = i + 1;
    }
    out.docs[n] = doc;
    out.scores[n] = score;
    out.prominence[n++] = prominence;
  }
  out.size = n;
  return out;
}

/**
 * Scores of the documents `node` matches: the term itself, then its prefix
 * and typo matches. `withoutTypos`, for a typo-tolerant node, is handed the
 * scores the same node without typo tolerance has (what scoreTerm gives it,
 * bit for bit: the same sums, taken before the typo matches are added), so a
 * query needing both (merged.ts) reads the term's postings once.
 */
export function scoreTerm(s: TermScorer, node: TermNode, withoutTypos?: (scores: ScoreVec) => void): ScoreVec {
  const key = termKey(node.term);
  const capacity = s.table.capacity;
  if (!node.prefix && node.fuzzy === false) {
    const own = s.terms.exact(key);
    return own ? exactVector(s, own) : EMPTY;
  }
  s.acc.begin(capacity);
  const exact = s.terms.exact(key);
  if (exact) addPostings(s, exact, 1);
  let prefixed: Set<string> | undefined;
  if (node.prefix) {
    for (const [k, data] of s.terms.withPrefix(key)) {
      const distance = k.length - key.length;
      if (!distance) continue;
      (prefixed ??= new Set()).add(k);
      addPostings(s, data, (PREFIX_WEIGHT * k.length) / (k.length + 0.3 * distance));
    }
  }
  if (node.fuzzy !== false) {
    withoutTypos?.(s.acc.collect(capacity));
    const maxDistance = node.fuzzy < 1 ? Math.min(MAX_FUZZY, Math.round(key.length * node.fuzzy)) : node.fuzzy;
    if (maxDistance) {
      for (const [k, [data, distance]] of s.terms.near(key, maxDistance)) {
        if (!distance || prefixed?.has(k)) continue;
        addPostings(s, data, (FUZZY_WEIGHT * k.length) / (k.length + distance));
      }
    }
  }
  return s.acc.collect(capacity);
}
