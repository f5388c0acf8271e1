// Picks the right reader for a feed body by looking at the body itself: servers label RSS as
// text/html, JSON Feed as text/plain, and so on, so Content-Type is only quoted in errors.
import type { ParsedFeed } from './types';
import { FeedParseError } from './errors';
import { parseJsonFeed } from './jsonfeed';
import { looksLikeHtml, trimStart } from './sniff';
import { parseXmlFeed } from './xml';

export { looksLikeXmlOrJson } from './sniff';
export { FeedParseError } from './errors';

export function parseFeed(body: string, source: string, contentType?: string): ParsedFeed {
  const head = trimStart(body);
  if (head === '') throw new FeedParseError(source, 'empty response, not a feed');
  if (head.startsWith('{')) return parseJsonFeed(head, source);
  if (looksLikeHtml(head)) throw new FeedParseError(source, 'got an HTML page, not a feed');
  if (head.startsWith('<')) return parseXmlFeed(head, source);
  const label = contentType ? `Content-Type ${contentType}, ` : '';
  const start = head.slice(0, 40).replace(/\s+/g, ' ');
  throw new FeedParseError(source, `not a feed (${label}neither XML nor JSON; starts with "${start}")`);
}
