// Parses a JSON Feed (1.0 / 1.1, https://jsonfeed.org) into ParsedFeed.
import type { FeedEntry, ParsedFeed } from './types';
import { parseFeedDate } from './dates';
import { compact, longest, nonEmpty, plainText, resolveUrl, uniqueCategories } from './entry-utils';
import { FeedParseError } from './errors';
import { cleanText, htmlToText } from './html-text';
import { countJsonContainers, MAX_FEED_ENTRIES, MAX_JSON_CONTAINERS, overLimit } from './limits';
import { trimStart } from './sniff';

export { FeedParseError } from './errors';

// The spec's URL form; some publishers (and gofeed's test data) write the bare number.
const VERSION = /^(?:https?:\/\/jsonfeed\.org\/version\/1(\.\d+)?\/?|1(?:\.\d+)?)$/i;

function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : '';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True when the value is a JSON object declaring a JSON Feed version. */
export function isJsonFeed(value: unknown): value is Record<string, unknown> {
  return isObject(value) && VERSION.test(str(value.version).trim());
}

function readItem(item: Record<string, unknown>, bases: (string | undefined)[]): FeedEntry {
  const tags = Array.isArray(item.tags) ? item.tags.map(str) : [];
  return compact({
    guid: nonEmpty(cleanText(str(item.id))),
    url: resolveUrl(str(item.url), ...bases) ?? resolveUrl(str(item.external_url), ...bases),
    // JSON Feed titles are plain text by spec, but publishers put HTML in them as often as in RSS.
    title: nonEmpty(htmlToText(str(item.title))),
    text: longest(htmlToText(str(item.content_html)), plainText(str(item.content_text))) || plainText(str(item.summary)),
    categories: uniqueCategories(tags),
    publishedAt: parseFeedDate(str(item.date_published)) ?? parseFeedDate(str(item.date_modified)),
  });
}

/** Reads an already-parsed JSON value as a JSON Feed. */
export function readJsonFeed(value: unknown, source: string): ParsedFeed {
  if (!isJsonFeed(value)) {
    throw new FeedParseError(source, 'JSON but not a JSON Feed (missing or unknown "version")');
  }
  if (value.items !== undefined && !Array.isArray(value.items)) {
    throw new FeedParseError(source, 'JSON Feed "items" is not an array');
  }
  const items = (value.items ?? []) as unknown[];
  if (items.length > MAX_FEED_ENTRIES) throw new FeedParseError(source, overLimit(items.length, 'entries', MAX_FEED_ENTRIES));
  const bases = [str(value.home_page_url) || undefined, str(value.feed_url) || undefined, source];
  return compact({
    source,
    format: 'json' as const,
    title: nonEmpty(htmlToText(str(value.title))),
    entries: items.filter(isObject).map((item) => readItem(item, bases)),
  });
}

export function parseJsonFeed(json: string, source: string): ParsedFeed {
  // JSON.parse turns 10 MB of `{},` into 3.5 million objects: count them before building any.
  const containers = countJsonContainers(json);
  if (containers > MAX_JSON_CONTAINERS) {
    throw new FeedParseError(source, overLimit(containers, 'JSON objects and arrays', MAX_JSON_CONTAINERS));
  }
  let value: unknown;
  try {
    value = JSON.parse(trimStart(json));
  } catch (err) {
    throw new FeedParseError(source, `invalid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  return readJsonFeed(value, source);
}
