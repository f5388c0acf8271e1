// Parsing a body into a ParsedFeed, routing page snapshots and RSS/Atom/JSON feeds to their readers.
import { parseFeed } from '../feeds/detect';
import { looksLikeXmlOrJson } from '../feeds/sniff';
import { looksLikeSnapshot, parseSnapshot } from '../feeds/snapshot';
import type { ParsedFeed } from '../feeds/types';

/**
 * A page snapshot (plain text with its `LATEST UPDATES` mark) goes to the snapshot reader;
 * everything else to parseFeed, which rejects what is no feed at all — an empty body, or a
 * plain-text "Service unavailable" served with 200 — instead of storing it as an article.
 */
export function parseBody(body: string, source: string, contentType?: string): ParsedFeed {
  if (!looksLikeXmlOrJson(body) && looksLikeSnapshot(body)) return parseSnapshot(body, source);
  return parseFeed(body, source, contentType);
}
