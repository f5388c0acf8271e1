// Shapes of what the store keeps and what feed readers hand to it.

/** One entry as a feed reader produced it: plain text only, markup already stripped. */
export interface FeedEntry {
  /** Feed-provided id (RSS guid, Atom id, JSON Feed id) when there is one. */
  guid?: string;
  url?: string;
  /** Feed-provided title; snapshot entries have none and get a derived one at ingest. */
  title?: string;
  /** The entry's text (summary or content), plain text, whitespace normalised. */
  text: string;
  /** Feed categories as written by the feed (`Python`, `NLP`, RSS <category>). */
  categories: string[];
  /** ISO 8601 date or date-time, when the feed gives a valid one. */
  publishedAt?: string;
}

/** Which reader produced a feed; ingest applies the blog snapshots' own clean-up only to 'snapshot'. */
export type FeedFormat = 'snapshot' | 'rss' | 'atom' | 'json';

export interface ParsedFeed {
  /** Where it came from: a file path or URL. Used as the article's `source`. */
  source: string;
  format?: FeedFormat;
  title?: string;
  entries: FeedEntry[];
}

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
}
