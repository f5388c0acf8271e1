// Reading a source (file or URL) into a ParsedFeed, routing page snapshots and
// RSS/Atom/JSON feeds to their readers.
import { parseFeed } from '../feeds/detect';
import { looksLikeXmlOrJson } from '../feeds/sniff';
import { loadSource, type LoadOptions } from '../feeds/read';
import { parseSnapshot } from '../feeds/snapshot';
import type { ParsedFeed } from '../store/types';

/** Plain text that is not XML/JSON is a page snapshot; everything else is a feed. */
export function parseBody(body: string, source: string, contentType?: string): ParsedFeed {
  if (!looksLikeXmlOrJson(body)) return parseSnapshot(body, source);
  return parseFeed(body, source, contentType);
}

export async function readSource(source: string, opts: LoadOptions): Promise<ParsedFeed> {
  const { body, contentType } = await loadSource(source, opts);
  return parseBody(body, source, contentType);
}
