// Picks the right reader for a feed body by looking at the body itself: servers label RSS as
// text/html, JSON Feed as text/plain, and so on, so Content-Type is only quoted in errors.
import type { ParsedFeed } from './types';
import { looksBinary, printable } from '../text/printable';
import { FeedParseError } from './errors';
import { parseJsonFeed } from './jsonfeed';
import { looksLikeHtml, trimStart } from './sniff';
import { parseXmlFeed } from './xml';

export { looksLikeXmlOrJson } from './sniff';
export { FeedParseError } from './errors';

// gzip's magic 1F 8B, whichever single-byte or UTF-8 decoding the body went through.
const GZIP = /^\u001f[\u008b\u2039\ufffd]/;

export function parseFeed(body: string, source: string, contentType?: string): ParsedFeed {
  const head = trimStart(body);
  if (head === '') throw new FeedParseError(source, 'empty response, not a feed');
  if (head.startsWith('{')) return parseJsonFeed(head, source);
  if (looksLikeHtml(head)) throw new FeedParseError(source, 'got an HTML page, not a feed');
  if (head.startsWith('<')) return parseXmlFeed(head, source);
  const label = contentType ? `Content-Type ${printable(contentType, 60)}, ` : '';
  // Never quote binary: its bytes would reach a terminal or a log line as they are.
  if (GZIP.test(head)) throw new FeedParseError(source, `not a feed (${label}gzip-compressed data: decompress it first)`);
  if (looksBinary(head.slice(0, 64))) throw new FeedParseError(source, `not a feed (${label}binary data, not text)`);
  throw new FeedParseError(source, `not a feed (${label}neither XML nor JSON; starts with "${printable(head, 40)}")`);
}
