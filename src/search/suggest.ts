// "Did you mean" for searches that found nothing: each word of the query that
// matches nothing is replaced by the nearest indexed words, each Chinese run
// that matches nothing by its longest parts that do occur.
import type MiniSearch from 'minisearch';
import { termKey, termOfKey } from './term-key';
import { isLatinTerm, tokenizeQuery, type Segment } from './tokenizer';

/** What suggestions need to know about the index's terms. */
export interface Vocabulary {
  /** Ids of the documents containing exactly `term`. */
  docs(term: string): ReadonlySet<string>;
  /** Indexed terms within `maxDistance` edits of `term`, with their document counts. */
  near(term: string, maxDistance: number): { term: string; count: number }[];
}

const CANDIDATES_PER_SEGMENT = 3;
/** Chinese runs longer than this are cut before looking for parts (the search is quadratic in length). */
const MAX_RUN_FOR_PARTS = 16;

/** Levenshtein distance, for ranking near words (MiniSearch only says they are within the limit). */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length]!;
}

function maxDistanceFor(word: string): number {
  return word.length <= 4 ? 1 : word.length <= 8 ? 2 : 3;
}

function wordCandidates(word: string, vocab: Vocabulary): string[] {
  if (vocab.docs(word).size > 0) return [word];
  return vocab
    .near(word, maxDistanceFor(word))
    .filter((c) => c.term !== word && isLatinTerm(c.term))
    .map((c) => ({ ...c, distance: editDistance(word, c.term) }))
    .sort((a, b) => a.distance - b.distance || b.count - a.count || (a.term < b.term ? -1 : 1))
    .slice(0, CANDIDATES_PER_SEGMENT)
    .map((c) => c.term);
}

function intersect(a: ReadonlySet<string>, b: ReadonlySet<string>): ReadonlySet<string> {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  const out = new Set<string>();
  for (const id of small) if (large.has(id)) out.add(id);
  return out;
}

/**
 * The longest parts (two characters or more) of a Chinese run whose bigrams
 * some document contains together, longest first; the run itself if it
 * occurs whole. Each start position is extended while documents remain, so
 * this costs one pass of set intersections per position.
 */
function hanCandidates(run: string, vocab: Vocabulary): string[] {
  const chars = [...run].slice(0, MAX_RUN_FOR_PARTS);
  if (chars.length < 2) return [run];
  const docsAt = Array.from({ length: chars.length - 1 }, (_, i) => vocab.docs(chars[i]! + chars[i + 1]!));
  const parts: string[] = [];
  for (let i = 0; i < docsAt.length; i++) {
    let docs = docsAt[i]!;
    if (!docs.size) continue;
    let end = i + 1;
    for (; end < docsAt.length; end++) {
      const next = intersect(docs, docsAt[end]!);
      if (!next.size) break;
      docs = next;
    }
    parts.push(chars.slice(i, end + 1).join(''));
  }
  const maximal = parts.filter((p, i) => !parts.some((q, j) => j !== i && q.length > p.length && q.includes(p)));
  return [...new Set(maximal)].sort((a, b) => [...b].length - [...a].length).slice(0, CANDIDATES_PER_SEGMENT);
}

function candidates(seg: Segment, vocab: Vocabulary): string[] {
  return seg.kind === 'han' ? hanCandidates(seg.text, vocab) : wordCandidates(seg.whole, vocab);
}

/**
 * Alternative queries, best first: every segment at its best candidate, then
 * one segment at a time swapped for its next candidates. Segments with no
 * candidate at all are left out. Empty when the query already matches as typed.
 */
export function suggestQueries(query: string, vocab: Vocabulary, limit = 5): string[] {
  const { segments } = tokenizeQuery(query);
  const options = segments.map((seg) => candidates(seg, vocab)).filter((c) => c.length > 0);
  const asTyped = segments.map((s) => (s.kind === 'han' ? s.text : s.whole)).join(' ');
  const best = options.map((c) => c[0]!);
  const out = new Set<string>();
  const add = (parts: string[]) => {
    const q = parts.join(' ');
    if (q && q !== asTyped) out.add(q);
  };
  add(best);
  options.forEach((c, i) => {
    for (const alt of c.slice(1)) add(best.map((b, j) => (j === i ? alt : b)));
  });
  return [...out].slice(0, Math.max(0, limit));
}

/** A MiniSearch index as suggestions see it (`ids`: article id by document number); document sets cached for one suggest call. */
export function indexVocabulary(mini: MiniSearch<{ id: number }>, ids: readonly string[]): Vocabulary {
  const docs = new Map<string, ReadonlySet<string>>();
  const idOf = (no: unknown) => ids[no as number]!;
  return {
    docs: (term) => {
      let found = docs.get(term);
      if (!found) {
        found = new Set(mini.search(termKey(term)).map((r) => idOf(r.id)));
        docs.set(term, found);
      }
      return found;
    },
    near: (term, maxDistance) => {
      const counts = new Map<string, number>();
      for (const r of mini.search(termKey(term), { fuzzy: maxDistance })) {
        for (const key of r.terms) counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return [...counts].map(([key, count]) => ({ term: termOfKey(key), count }));
    },
  };
}
