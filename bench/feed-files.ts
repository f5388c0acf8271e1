// Writes the corpus as feed files the bot's readers accept, one batch at a
// time: JSON Feed (content_text or content_html) and RSS 2.0 with
// content:encoded, alternating for the realistic profile so both readers
// carry the load. Each file stays under a byte and an entry budget (below
// FEED_MAX_MB's 10 MB default, so it is read whole like a fetched feed, and
// the entries-per-feed limit), so the bench never holds more than one batch
// of the corpus in memory.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CorpusPart, FeedItem } from './corpus';

export const DEFAULT_FILE_BYTES = 8 * 1024 * 1024;
export const DEFAULT_FILE_ENTRIES = 1000;

export type FeedFormat = 'json' | 'rss';

/** A file ready to ingest: a bundled sample snapshot, or a batch written to `dir`. */
export interface FeedFile {
  path: string;
  entries: number;
  bytes: number;
  sample: boolean;
  /** Visible characters of the generated articles it holds (0 for samples). */
  chars: number[];
}

function jsonItem(it: FeedItem): string {
  return JSON.stringify({
    id: it.guid,
    url: it.url,
    title: it.title,
    ...(it.html === undefined ? { content_text: it.text } : { content_html: it.html }),
    ...(it.published ? { date_published: it.published } : {}),
    ...(it.tags ? { tags: it.tags } : {}),
  });
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const xml = (s: string) => s.replace(/[&<>]/g, (c) => XML_ESCAPES[c]!);
/** A CDATA section; a `]]>` inside is split across two sections, as feed writers do. */
const cdata = (s: string) => `<![CDATA[${s.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

function rssItem(it: FeedItem): string {
  return [
    '<item>',
    `<title>${xml(it.title)}</title>`,
    `<link>${xml(it.url)}</link>`,
    `<guid isPermaLink="false">${xml(it.guid)}</guid>`,
    it.published ? `<pubDate>${new Date(it.published).toUTCString()}</pubDate>` : '',
    ...(it.tags ?? []).map((t) => `<category>${xml(t)}</category>`),
    `<content:encoded>${cdata(it.html ?? xml(it.text ?? ''))}</content:encoded>`,
    '</item>',
  ].join('');
}

function document(format: FeedFormat, items: string[]): string {
  if (format === 'json') return `{"version":"https://jsonfeed.org/version/1.1","title":"bench","items":[${items.join(',')}]}`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>bench</title><link>https://example.com/bench/</link>${items.join('\n')}</channel></rss>`;
}

/**
 * Turns the corpus stream into files in `dir`, yielding each once it is
 * written (the caller ingests it, then may delete it). `format(n)` picks the
 * n-th batch's format.
 */
export function* feedFiles(
  parts: Iterable<CorpusPart>,
  dir: string,
  opts: { format: (batch: number) => FeedFormat; maxBytes?: number; maxEntries?: number },
): Generator<FeedFile> {
  const maxBytes = opts.maxBytes ?? DEFAULT_FILE_BYTES;
  const maxEntries = opts.maxEntries ?? DEFAULT_FILE_ENTRIES;
  let batch = 0;
  let items: string[] = [];
  let chars: number[] = [];
  let bytes = 0;
  const flush = (): FeedFile => {
    const format = opts.format(batch);
    const body = document(format, items);
    const path = join(dir, `bench-${String(batch++).padStart(5, '0')}.${format === 'json' ? 'json' : 'xml'}`);
    writeFileSync(path, body);
    const file = { path, entries: items.length, bytes: Buffer.byteLength(body), sample: false, chars };
    items = [];
    chars = [];
    bytes = 0;
    return file;
  };
  for (const part of parts) {
    if ('sample' in part) {
      if (items.length) yield flush();
      yield { path: part.sample, entries: part.entries, bytes: 0, sample: true, chars: [] };
      continue;
    }
    const serialize = () => (opts.format(batch) === 'json' ? jsonItem(part.item) : rssItem(part.item));
    let text = serialize();
    const size = Buffer.byteLength(text) + 1;
    // 1 KB of slack for the document's own scaffolding.
    if (items.length && (items.length >= maxEntries || bytes + size > maxBytes - 1024)) {
      yield flush();
      // The next batch may be in the other format.
      text = serialize();
    }
    items.push(text);
    chars.push(part.item.chars);
    bytes += Buffer.byteLength(text) + 1;
  }
  if (items.length) yield flush();
}
