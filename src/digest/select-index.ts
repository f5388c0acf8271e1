// Digest selection for many subscriptions over one read of the candidates: what
// selectDigest (build.ts) computes for one subscription, answered here in O(log n + max)
// per subscription once each distinct topic filter has been sorted (once per filter).
// Pure; the reference semantics stay in selectDigest, and a test holds the two equal.
import type { CandidateKey } from '../store/types';

export interface KeySelection {
  /** Articles to show, newest first (firstSeenAt, then seq), at most `max`. */
  shown: CandidateKey[];
  /** Matching articles beyond the cap. */
  more: number;
  /** The newest candidate past the watermark, shown or not; null when there is none. */
  upTo: { seq: number; at: number } | null;
}

interface FilterView {
  /** Matching rows newest first, as selectDigest orders them. */
  newestFirst: CandidateKey[];
  /** Their seqs ascending, to count the ones past a watermark by binary search. */
  seqs: Float64Array;
}

const newestFirst = (a: CandidateKey, b: CandidateKey) => b.firstSeenAt - a.firstSeenAt || b.seq - a.seq;

/** Index of the first element greater than `x` in an ascending sequence. */
function upperBound(length: number, at: (i: number) => number, x: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (at(mid) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class SelectionIndex {
  private readonly views = new Map<string, FilterView>();

  /**
   * `rows`: every candidate past `from`, in ascending seq order (as the store returns them).
   * It answers for any watermark at or past `from`.
   */
  constructor(
    readonly rows: readonly CandidateKey[],
    readonly from: number,
  ) {}

  covers(watermark: number): boolean {
    return watermark >= this.from;
  }

  /** The same selection selectDigest makes from the candidates past `watermark`. */
  select(watermark: number, topicFilter: readonly string[], max: number): KeySelection {
    if (!this.covers(watermark)) throw new RangeError(`watermark ${watermark} is older than this index (${this.from})`);
    const last = this.rows[this.rows.length - 1];
    const upTo = last && last.seq > watermark ? { seq: last.seq, at: last.firstSeenAt } : null;
    const view = this.view(topicFilter);
    const matching = view.seqs.length - upperBound(view.seqs.length, (i) => view.seqs[i]!, watermark);
    const shown: CandidateKey[] = [];
    // When firstSeenAt rises with seq (one writer, a steady clock) the rows past the watermark
    // are exactly the first ones here; clocks that went back only make the walk skip a few.
    for (const row of view.newestFirst) {
      if (shown.length >= max || shown.length >= matching) break;
      if (row.seq > watermark) shown.push(row);
    }
    return { shown, more: Math.max(0, matching - max), upTo };
  }

  private view(topicFilter: readonly string[]): FilterView {
    const key = [...new Set(topicFilter)].sort().join('\u0000');
    let v = this.views.get(key);
    if (!v) {
      const wanted = new Set(topicFilter);
      const rows = wanted.size ? this.rows.filter((r) => r.topics.some((t) => wanted.has(t))) : this.rows;
      v = { newestFirst: [...rows].sort(newestFirst), seqs: Float64Array.from(rows, (r) => r.seq) };
      this.views.set(key, v);
    }
    return v;
  }
}
