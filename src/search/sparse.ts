// Score vectors over document numbers, and the few operations the query
// engine needs on them. Each entry carries two numbers: the relevance score
// (BM25, combined as the plan says) and the prominence — how early the
// document names the match, 1 for the title down to 0 — which combines as
// "the least prominent required part" for all-of, "the most prominent
// alternative" for any-of. A vector is sorted by document number, so
// "all of" is a merge of sorted lists and never builds a hash map; "any of"
// goes through a dense scratch accumulator reused from query to query.

/** Documents (ascending), their scores and prominences; `size` entries are valid. */
export interface ScoreVec {
  docs: Int32Array;
  scores: Float64Array;
  prominence: Float64Array;
  size: number;
}

export const EMPTY: ScoreVec = { docs: new Int32Array(0), scores: new Float64Array(0), prominence: new Float64Array(0), size: 0 };

function alloc(n: number): ScoreVec {
  return { docs: new Int32Array(n), scores: new Float64Array(n), prominence: new Float64Array(n), size: 0 };
}

/**
 * A dense array of scores and prominences with a "touched" list: add
 * entries per document in any order, then collect them as a sorted vector.
 * An epoch stamp makes clearing free between uses.
 */
export class Accumulator {
  private values = new Float64Array(0);
  private proms = new Float64Array(0);
  private stamps = new Uint32Array(0);
  private touched = new Int32Array(0);
  private count = 0;
  private epoch = 0;

  /** Starts a new vector over document numbers below `capacity`. */
  begin(capacity: number): void {
    if (this.values.length < capacity) {
      const cap = Math.max(capacity, this.values.length * 2);
      this.values = new Float64Array(cap);
      this.proms = new Float64Array(cap);
      this.stamps = new Uint32Array(cap);
      this.touched = new Int32Array(cap);
      this.epoch = 0;
    }
    this.count = 0;
    this.epoch++;
    if (this.epoch === 0xffffffff) {
      this.stamps.fill(0);
      this.epoch = 1;
    }
  }

  /** Adds `score` to the document's score; its prominence becomes the larger of the two. */
  add(doc: number, score: number, prominence: number): void {
    if (this.stamps[doc] !== this.epoch) {
      this.stamps[doc] = this.epoch;
      this.values[doc] = score;
      this.proms[doc] = prominence;
      this.touched[this.count++] = doc;
    } else {
      this.values[doc]! += score;
      if (prominence > this.proms[doc]!) this.proms[doc] = prominence;
    }
  }

  /** Adds `prominence` to the document's prominence and keeps the larger score. */
  addProminence(doc: number, score: number, prominence: number): void {
    if (this.stamps[doc] !== this.epoch) {
      this.stamps[doc] = this.epoch;
      this.values[doc] = score;
      this.proms[doc] = prominence;
      this.touched[this.count++] = doc;
    } else {
      this.proms[doc]! += prominence;
      this.values[doc]! += score;
    }
  }

  /** Keeps the larger score and the larger prominence. */
  max(doc: number, score: number, prominence: number): void {
    if (this.stamps[doc] !== this.epoch) {
      this.stamps[doc] = this.epoch;
      this.values[doc] = score;
      this.proms[doc] = prominence;
      this.touched[this.count++] = doc;
    } else {
      if (score > this.values[doc]!) this.values[doc] = score;
      if (prominence > this.proms[doc]!) this.proms[doc] = prominence;
    }
  }

  /** The collected vector; sorts the touched list, or scans when most documents were touched. */
  collect(capacity: number): ScoreVec {
    const n = this.count;
    const out = alloc(n);
    const docs = out.docs;
    if (n * 16 < capacity) {
      docs.set(this.touched.subarray(0, n));
      docs.sort();
    } else {
      let k = 0;
      const stamps = this.stamps;
      const epoch = this.epoch;
      for (let d = 0; d < capacity && k < n; d++) if (stamps[d] === epoch) docs[k++] = d;
    }
    for (let i = 0; i < n; i++) {
      out.scores[i] = this.values[docs[i]!]!;
      out.prominence[i] = this.proms[docs[i]!]!;
    }
    out.size = n;
    return out;
  }
}

/** First index ≥ `from` in `docs[0, size)` whose value is ≥ `target` (galloping, then binary search). */
function seek(docs: Int32Array, size: number, from: number, target: number): number {
  let step = 1;
  let lo = from;
  let hi = from;
  while (hi < size && docs[hi]! < target) {
    lo = hi + 1;
    hi += step;
    step *= 2;
  }
  if (hi > size) hi = size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (docs[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Documents in every vector, scored by the weighted sum of their scores
 * divided by `divisor`. Prominence: the least of the vectors' (`'min'`: a
 * phrase is as prominent as its least prominent part) or their weighted
 * mean (`'mean'`: a query's several words). Walks the shortest vector and
 * gallops through the others.
 */
export function intersect(vecs: readonly ScoreVec[], weights: readonly number[], divisor: number, prominence: 'min' | 'mean'): ScoreVec {
  if (!vecs.length || vecs.some((v) => v.size === 0)) return EMPTY;
  // One vector, unscaled (a one-word query): itself.
  if (vecs.length === 1 && (weights[0] ?? 1) === divisor) return vecs[0]!;
  const order = vecs.map((_, i) => i).sort((a, b) => vecs[a]!.size - vecs[b]!.size);
  const first = vecs[order[0]!]!;
  const w0 = weights[order[0]!] ?? 1;
  const totalWeight = vecs.reduce((sum, _, j) => sum + (weights[j] ?? 1), 0);
  const cursors = new Array<number>(vecs.length).fill(0);
  const out = alloc(first.size);
  let n = 0;
  outer: for (let i = 0; i < first.size; i++) {
    const doc = first.docs[i]!;
    let sum = w0 * first.scores[i]!;
    let prom = prominence === 'min' ? first.prominence[i]! : w0 * first.prominence[i]!;
    for (let k = 1; k < order.length; k++) {
      const j = order[k]!;
      const v = vecs[j]!;
      const at = seek(v.docs, v.size, cursors[j]!, doc);
      cursors[j] = at;
      if (at >= v.size) break outer;
      if (v.docs[at] !== doc) continue outer;
      const w = weights[j] ?? 1;
      sum += w * v.scores[at]!;
      prom = prominence === 'min' ? Math.min(prom, v.prominence[at]!) : prom + w * v.prominence[at]!;
    }
    out.docs[n] = doc;
    out.scores[n] = sum / divisor;
    out.prominence[n++] = prominence === 'min' ? prom : prom / totalWeight;
  }
  out.size = n;
  return out;
}

/**
 * Documents in any vector, scored by the weighted sum of the scores they
 * have divided by `divisor`; prominence likewise (a missing vector counts 0).
 */
export function union(
  acc: Accumulator,
  capacity: number,
  vecs: readonly ScoreVec[],
  weights: readonly number[],
  divisor: number,
): ScoreVec {
  if (vecs.every((v) => v.size === 0)) return EMPTY;
  const totalWeight = vecs.reduce((sum, _, j) => sum + (weights[j] ?? 1), 0);
  acc.begin(capacity);
  vecs.forEach((v, j) => {
    const w = weights[j] ?? 1;
    for (let i = 0; i < v.size; i++) acc.addProminence(v.docs[i]!, (w * v.scores[i]!) / divisor, (w * v.prominence[i]!) / totalWeight);
  });
  return acc.collect(capacity);
}

/** Documents in any vector, each with its best weighted score and its best prominence. */
export function best(acc: Accumulator, capacity: number, vecs: readonly ScoreVec[], weights: readonly number[]): ScoreVec {
  if (vecs.length === 1 && (weights[0] ?? 1) === 1) return vecs[0]!;
  acc.begin(capacity);
  vecs.forEach((v, j) => {
    const w = weights[j] ?? 1;
    for (let i = 0; i < v.size; i++) acc.max(v.docs[i]!, w * v.scores[i]!, v.prominence[i]!);
  });
  return acc.collect(capacity);
}

function pick(vec: ScoreVec, keep: (i: number) => boolean): ScoreVec {
  const out = alloc(vec.size);
  let n = 0;
  for (let i = 0; i < vec.size; i++) {
    if (!keep(i)) continue;
    out.docs[n] = vec.docs[i]!;
    out.scores[n] = vec.scores[i]!;
    out.prominence[n++] = vec.prominence[i]!;
  }
  out.size = n;
  return out;
}

/** The entries whose document passes `keep`. */
export function filter(vec: ScoreVec, keep: (doc: number) => boolean): ScoreVec {
  return pick(vec, (i) => keep(vec.docs[i]!));
}

/** The entries of `vec` whose document is not in `other`. */
export function without(vec: ScoreVec, other: ScoreVec): ScoreVec {
  if (!other.size) return vec;
  let j = 0;
  return pick(vec, (i) => {
    const d = vec.docs[i]!;
    j = seek(other.docs, other.size, j, d);
    return !(j < other.size && other.docs[j] === d);
  });
}

/**
 * The entries of `vec` whose document is in `docs` (ascending): a walk of
 * `docs` galloping through `vec`, so picking a few documents out of a large
 * vector costs a few searches, not a pass over it.
 */
export function among(vec: ScoreVec, docs: Int32Array): ScoreVec {
  const out = alloc(Math.min(vec.size, docs.length));
  let n = 0;
  let j = 0;
  for (let i = 0; i < docs.length && j < vec.size; i++) {
    const d = docs[i]!;
    j = seek(vec.docs, vec.size, j, d);
    if (j < vec.size && vec.docs[j] === d) {
      out.docs[n] = d;
      out.scores[n] = vec.scores[j]!;
      out.prominence[n++] = vec.prominence[j]!;
    }
  }
  out.size = n;
  return out;
}
