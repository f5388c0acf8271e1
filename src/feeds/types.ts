// What feed readers produce: a leaf module, so readers, ingest and the store share it
// without depending on each other.

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
