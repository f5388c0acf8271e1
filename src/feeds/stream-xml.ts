// Reads an RSS (2.0, 1.0/RDF) or Atom document as a stream, one item at a time: for local
// imports far larger than a fetched feed may be. Each <item>/<entry> is built into a small
// element tree and handed, with the channel's metadata, to the same readers a whole document
// goes through, so an entry reads the same either way. Only one chunk's worth of finished
// items (and the one being read) is held at a time.
import { SaxesParser } from 'saxes';
import type { FeedEntry } from '../store/types';
import { readAtom } from './atom';
import { FeedParseError } from './errors';
import { MAX_XML_ATTRIBUTES, overLimit } from './limits';
import { readRss } from './rss';
import { localName, type XmlElement } from './xml-tree';

/** What the reader held at most at once: evidence that memory does not grow with the file. */
export interface StreamStats {
  /** Finished entries waiting to be consumed, at most. */
  peakQueuedEntries: number;
  /** Characters of text held in the item being built, at most. */
  peakItemChars: number;
}

/** Channel-level metadata kept for every item (title, link, xml:base): a few KB, never the items. */
const MAX_META_CHARS = 64 * 1024;

const XML_PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Entity names other than XML's five stay as written, as the whole-document reader leaves them:
 * htmlToText decodes the HTML ones it knows, and a DOCTYPE's declarations are never expanded.
 */
const LITERAL_ENTITIES = new Proxy(XML_PREDEFINED, {
  get: (target, name) => (typeof name === 'string' ? (target[name] ?? `&${name};`) : undefined),
});

type Kind = 'rss' | 'rdf' | 'atom';

export async function* readXmlEntries(
  chunks: AsyncIterable<string>,
  source: string,
  opts: { maxEntries: number; stats?: StreamStats },
): AsyncGenerator<FeedEntry> {
  const stats = opts.stats ?? { peakQueuedEntries: 0, peakItemChars: 0 };
  const parser = new SaxesParser({ position: true });
  parser.ENTITIES = LITERAL_ENTITIES;
  let kind: Kind | undefined;
  let root: XmlElement | undefined;
  let channel: XmlElement | undefined;
  let metaChars = 0;
  /** Open elements being built: an item and its descendants, or a metadata element. */
  const stack: XmlElement[] = [];
  let depth = 0;
  let itemDepth = -1;
  let metaDepth = -1;
  let itemChars = 0;
  let entries = 0;
  const queue: FeedEntry[] = [];

  const isItem = (name: string, d: number) =>
    (kind === 'rss' && d === 3 && localName(name) === 'item') ||
    (kind === 'rdf' && d === 2 && localName(name) === 'item') ||
    (kind === 'atom' && d === 2 && localName(name) === 'entry');
  // Elements of the channel (RSS 2.0), beside it (RDF) or of the feed (Atom) that are not items.
  const metaParent = () => (kind === 'rss' ? channel : root);
  const isMeta = (d: number) => (kind === 'rss' ? d === 3 : d === 2);

  const finishItem = (item: XmlElement) => {
    if (++entries > opts.maxEntries) throw new FeedParseError(source, overLimit(entries, 'entries', opts.maxEntries, 'a local file'));
    const meta = metaParent()!;
    const holder: XmlElement = { ...meta, children: [...meta.children, item] };
    let entry: FeedEntry | undefined;
    if (kind === 'atom') entry = readAtom(holder, source).entries[0];
    else if (kind === 'rss') entry = readRss({ ...root!, children: [holder] }, source).entries[0];
    else entry = readRss({ ...root!, children: [channel ?? { name: 'channel', attrs: {}, children: [] }, item] }, source).entries[0];
    if (entry) queue.push(entry);
  };

  parser.on('opentag', (tag) => {
    depth++;
    const attrs = tag.attributes as Record<string, string>;
    if (Object.keys(attrs).length > MAX_XML_ATTRIBUTES) {
      throw new FeedParseError(source, overLimit(Object.keys(attrs).length, 'attributes', MAX_XML_ATTRIBUTES, 'an element'));
    }
    const el: XmlElement = { name: tag.name, attrs, children: [] };
    if (depth === 1) {
      const local = localName(tag.name);
      if (local === 'html') throw new FeedParseError(source, 'got an HTML page, not a feed');
      kind = local === 'rss' ? 'rss' : local === 'RDF' ? 'rdf' : local === 'feed' ? 'atom' : undefined;
      if (!kind) throw new FeedParseError(source, `not an RSS or Atom feed (root element <${tag.name}>)`);
      root = { ...el };
      return;
    }
    if (itemDepth < 0 && metaDepth < 0) {
      if (kind === 'rss' && depth === 2 && localName(tag.name) === 'channel') {
        channel = el;
        return;
      }
      if (kind === 'rdf' && depth === 2 && localName(tag.name) === 'channel') {
        channel = el;
        metaDepth = depth;
        stack.push(el);
        return;
      }
      if (isItem(tag.name, depth)) {
        itemDepth = depth;
        itemChars = 0;
        stack.push(el);
        return;
      }
      if (isMeta(depth) && metaChars < MAX_META_CHARS) {
        metaDepth = depth;
        metaParent()?.children.push(el);
        stack.push(el);
        return;
      }
      return;
    }
    stack.at(-1)?.children.push(el);
    stack.push(el);
  });

  const onText = (text: string) => {
    const top = stack.at(-1);
    if (!top) return;
    if (itemDepth >= 0) {
      itemChars += text.length;
      if (itemChars > stats.peakItemChars) stats.peakItemChars = itemChars;
    } else {
      metaChars += text.length;
      if (metaChars > MAX_META_CHARS) return;
    }
    top.children.push(text);
  };
  parser.on('text', onText);
  parser.on('cdata', onText);

  parser.on('closetag', () => {
    if (itemDepth === depth) {
      const item = stack.pop()!;
      itemDepth = -1;
      finishItem(item);
    } else if (metaDepth === depth) {
      stack.pop();
      metaDepth = -1;
    } else if (stack.length && (itemDepth >= 0 || metaDepth >= 0)) {
      stack.pop();
    }
    depth--;
  });

  const drain = function* () {
    if (queue.length > stats.peakQueuedEntries) stats.peakQueuedEntries = queue.length;
    while (queue.length) yield queue.shift()!;
  };

  try {
    for await (const chunk of chunks) {
      parser.write(chunk);
      yield* drain();
    }
    parser.close();
  } catch (err) {
    if (err instanceof FeedParseError) throw err;
    const msg = (err instanceof Error ? err.message : String(err)).replace(/^(?:[^:]*:)?(\d+):(\d+): /, 'line $1: ');
    throw new FeedParseError(source, `malformed XML at ${msg}`);
  }
  if (!kind) throw new FeedParseError(source, 'no root element');
  yield* drain();
}
