// Shapes of what the store keeps.

/** An article as stored. */
export interface Article {
  /** Stable id (short hash), the same across restarts and re-ingests. */
  id: string;
  /** Monotonic insertion order; with firstSeenAt it forms the digest watermark. */
  seq: number;
  source: string;
  guid: string | null;
  url: string | null;
  title: string;
  /** Entry text with whitespace normalised (placeholders like [公式] removed). */
  summary: string;
  contentHash: string;
  categories: string[];
  /** Taxonomy topic ids, multi-label. */
  topics: string[];
  publishedAt: string | null;
  /** Epoch milliseconds when this bot first saw the entry. */
  firstSeenAt: number;
  updatedAt: number;
  /** Set once the text or title was edited after first being stored: the latest edit's sequence number. */
  editedSeq?: number;
}

/** The fields digest selection reads for every candidate; the rest is fetched for the few shown. */
export interface CandidateKey {
  seq: number;
  id: string;
  topics: string[];
  firstSeenAt: number;
}
