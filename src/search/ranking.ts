// Orders a query's matches for display without sorting every match.
// - Each match gets an ordering key: its prominence (how early it names the
//   query: title 1, down the lead towards 0) plus a share of its relevance
//   score relative to the best. Generated and real feeds alike mention
//   popular terms by the thousand; the article about a term names it in its
//   title or opening line.
// - Bigram matching cannot tell 注意力机制 written out from 注意力 … 动力机组 …
//   机制 scattered through a text, so the top WINDOW by key are checked for
//   the query's phrases verbatim (or as a glossary translation of the whole
//   phrase) and those containing more of them come first.
// - Within a group, and in the unchecked rest, only as many entries are put
//   in order as the requested page needs (linear-time selection, then a
//   sort of that few). Scores are rescaled group by group so they never
//   increase down the list.
import type { DocTable } from './doc-table';
import { phrasesFound } from './phrases';
import type { QueryPlan } from './query';
import type { ScoreVec } from './sparse';

export interface Hit {
  doc: number;
  score: number;
}

/**
 * The phrase groups worth checking verbatim. A query that is one exact term
 * (a two-character Chinese word, say) needs none: every match contains it,
 * and skipping the check saves a tenth of such a search.
 */
export function phrasesToCheck(plan: QueryPlan): string[][] {
  const only = plan.units.length === 1 ? plan.units[0]!.node : null;
  if (only?.op === 'term' && !only.prefix && only.fuzzy === false && plan.phrases.length === 1 && plan.phrases[0] === only.term) return [];
  return plan.phraseForms;
}

/** How much the relevance score (relative to the best match's) adds to prominence (0 … 1). */
const SCORE_SHARE = 0.1;
/** How many of the best candidates get the verbatim phrase check. */
export const WINDOW = 300;

/**
 * The factor that puts a group whose best score is `top` just below `floor`,
 * the last score shown before it, so scores never increase down the list.
 */
export function bandScale(top: number, floor: number): number {
  return top > 0 && top >= floor ? (0.9 * floor) / top : 1;
}

/** The k-th largest of `values` (k ≥ 1), by quickselect; reorders `values`. */
function kthLargest(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! > pivot) i++;
      while (values[j]! < pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return values[target]!;
  }
  return values[target]!;
}

/** Entries of one vector in display order, by key then newer first; orders only what is asked for. */
class Ordering {
  private sorted = 0;

  constructor(
    /** Positions into the vector; its first `sorted` are in order. */
    private members: Int32Array,
    private readonly keys: Float64Array,
    private readonly cmp: (i: number, j: number) => number,
  ) {}

  get size(): number {
    return this.members.length;
  }

  /** The first `k` positions in order. */
  first(k: number): Int32Array {
    const n = this.members.length;
    k = Math.min(k, n);
    if (k > this.sorted) {
      if (k * 4 >= n) {
        this.members.sort(this.cmp);
        this.sorted = n;
      } else {
        const parts = splitTop(this.members, this.keys, k, this.cmp);
        parts.top.sort(this.cmp);
        const next = new Int32Array(n);
        next.set(parts.top);
        next.set(parts.rest, k);
        this.members = next;
        this.sorted = k;
      }
    }
    return this.members.subarray(0, k);
  }
}

/** The `k` members with the largest keys (ties by `cmp`), unordered, and the others. */
function splitTop(
  members: Int32Array,
  keys: Float64Array,
  k: number,
  cmp: (i: number, j: number) => number,
): { top: Int32Array; rest: Int32Array } {
  const n = members.length;
  if (k >= n) return { top: members.slice(), rest: new Int32Array(0) };
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = keys[members[i]!]!;
  const threshold = kthLargest(values, k);
  const top = new Int32Array(k);
  const rest = new Int32Array(n - k);
  const ties: number[] = [];
  let t = 0;
  let r = 0;
  for (let i = 0; i < n; i++) {
    const m = members[i]!;
    const key = keys[m]!;
    if (key > threshold) top[t++] = m;
    else if (key === threshold) ties.push(m);
    else rest[r++] = m;
  }
  ties.sort(cmp);
  for (const m of ties) {
    if (t < k) top[t++] = m;
    else rest[r++] = m;
  }
  return { top, rest };
}

interface Group {
  order: Ordering;
  max: number;
  min: number;
  scale: number;
}

function groupOf(members: Int32Array, keys: Float64Array, cmp: (i: number, j: number) => number): Group {
  let max = -Infinity;
  let min = Infinity;
  for (const m of members) {
    const k = keys[m]!;
    if (k > max) max = k;
    if (k < min) min = k;
  }
  return { order: new Ordering(members, keys, cmp), max, min, scale: 1 };
}

interface Source {
  vec: ScoreVec;
  keys: Float64Array;
  groups: Group[];
}

/** One vector's groups: the window by phrases found (most first), then the unchecked rest. */
function sourceOf(vec: ScoreVec, phraseForms: readonly (readonly string[])[], table: DocTable, window: number): Source {
  const n = vec.size;
  const { scores, prominence } = vec;
  let best = 0;
  for (let i = 0; i < n; i++) if (scores[i]! > best) best = scores[i]!;
  // On the score's scale, so displayed scores read like relevance, not like a fraction.
  const keys = new Float64Array(n);
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    keys[i] = best * prominence[i]! + SCORE_SHARE * scores[i]!;
    all[i] = i;
  }
  const cmp = (i: number, j: number) => keys[j]! - keys[i]! || table.newerFirst(vec.docs[i]!, vec.docs[j]!);
  const phrases = phraseForms.length;
  if (!phrases) return { vec, keys, groups: [groupOf(all, keys, cmp)] };
  const { top, rest } = splitTop(all, keys, window, cmp);
  const byFound: number[][] = Array.from({ length: phrases + 1 }, () => []);
  for (const i of top) {
    const doc = vec.docs[i]!;
    byFound[phrases - phrasesFound(phraseForms, table.titleText.get(doc), table.leadText.get(doc), table.tagText.get(doc))]!.push(i);
  }
  const groups = byFound.map((members) => groupOf(Int32Array.from(members), keys, cmp));
  groups.push(groupOf(rest, keys, cmp));
  return { vec, keys, groups };
}

/** A query's matches in display order, materialised a page at a time. */
export class RankedList {
  readonly total: number;
  private readonly parts: { source: Source; group: Group }[];

  /** The lowest score the list shows (Infinity when empty): a list that follows it scores below. */
  readonly floor: number;

  /**
   * `full` matches every unit; `partial` (if any) some, and is listed after
   * them. Scores stay below `ceiling` (the floor of a list shown before this one).
   */
  constructor(
    table: DocTable,
    phraseForms: readonly (readonly string[])[],
    full: ScoreVec,
    partial?: ScoreVec,
    ceiling = Infinity,
    window = WINDOW,
  ) {
    const sources = [full, ...(partial ? [partial] : [])].filter((v) => v.size > 0).map((v) => sourceOf(v, phraseForms, table, window));
    this.parts = sources.flatMap((source) => source.groups.filter((g) => g.order.size > 0).map((group) => ({ source, group })));
    this.total = full.size + (partial?.size ?? 0);
    let floor = ceiling;
    for (const { group } of this.parts) {
      group.scale = bandScale(group.max, floor);
      floor = group.min * group.scale;
    }
    this.floor = floor;
  }

  page(offset: number, limit: number): Hit[] {
    const out: Hit[] = [];
    let skip = offset;
    for (const { source, group } of this.parts) {
      if (out.length >= limit) break;
      const size = group.order.size;
      if (skip >= size) {
        skip -= size;
        continue;
      }
      const wanted = group.order.first(skip + limit - out.length);
      for (let i = skip; i < wanted.length; i++) {
        const pos = wanted[i]!;
        out.push({ doc: source.vec.docs[pos]!, score: source.keys[pos]! * group.scale });
      }
      skip = 0;
    }
    return out;
  }
}
