// Reads an RSS (2.0, 1.0/RDF) or Atom document as a stream, one item at a time: for local
// imports far larger than a fetched feed may be. Each <item>/<entry> is built into a small
// element tree and handed, with the channel's metadata, to the same readers a whole document
// goes through, so an entry reads the same either way. Only one chunk's worth of finished
// items (and the one being read) is held at a time. The stream parser (saxes) is strict where
// the whole-document one is lenient: a document cut off before its root closes, or an illegal
// character, is refused rather than read in part (the feed-parser test suites: 2,633 of 2,706
// documents read identically, 42 refused by both, the rest malformed ones).
import { decodeHTMLStrict } from 'entities';
import { SaxesParser } from 'saxes';
import type { FeedEntry } from './types';
import { readAtom } from './atom';
import { FeedParseError } from './errors';
import { MAX_XML_ATTRIBUTES, overLimit } from './limits';
import { readRss } from './rss';
import { localName, namespaceOf, NS, type Scope, type XmlElement } from './xml-tree';

/** What the reader held at most at once: evidence that memory does not grow with the file. */
export interface StreamStats {
  /** Finished entries waiting to be consumed, at most. */
  peakQueuedEntries: number;
  /** Characters of text held in the item being built, at most. */
  peakItemChars: number;
}

/** Channel-level metadata kept for every item (title, link, xml:base): a few KB, never the items. */
const MAX_META_CHARS = 64 * 1024;

/**
 * Entities decoded as the whole-document reader decodes them: XML's five and HTML's named ones
 * (feeds use `&nbsp;` undeclared, meaning HTML's); any other name stays as written, so a
 * DOCTYPE's declarations (`&lol9;`, `&xxe;`) are never expanded.
 */
const HTML_ENTITIES = new Proxy({} as Record<string, string>, {
  get: (_target, name) => (typeof name === 'string' ? decodeHTMLStrict(`&${name};`) : undefined),
});

type Kind = 'rss' | 'rdf' | 'atom';

export async function* readXmlEntries(
  chunks: AsyncIterable<string>,
  source: string,
  opts: { maxEntries: number; stats?: StreamStats },
): AsyncGenerator<FeedEntry> {
  const stats = opts.stats ?? { peakQueuedEntries: 0, peakItemChars: 0 };
  const parser = new SaxesParser({ position: true });
  parser.ENTITIES = HTML_ENTITIES;
  let kind: Kind | undefined;
  let root: XmlElement | undefined;
  let channel: XmlElement | undefined;
  let metaChars = 0;
  /** Open elements being built: an item and its descendants, or a metadata element. */
  const stack: XmlElement[] = [];
  /** Namespace scopes of all open elements, the document's first. */
  const scopes: Scope[] = [{}];
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
    const meta = metaParent()!;
    const holder: XmlElement = { ...meta, children: [...meta.children, item] };
    let entry: FeedEntry | undefined;
    if (kind === 'atom') entry = readAtom(holder, source).entries[0];
    else if (kind === 'rss') entry = readRss({ ...root!, children: [holder] }, source).entries[0];
    else entry = readRss({ ...root!, children: [...(channel ? [channel] : []), item] }, source).entries[0];
    // An <item> the reader does not take (another vocabulary's) is no entry.
    if (!entry) return;
    if (++entries > opts.maxEntries) throw new FeedParseError(source, overLimit(entries, 'entries', opts.maxEntries, 'a local file'));
    queue.push(entry);
  };

  parser.on('opentag', (tag) => {
    depth++;
    const attrs = tag.attributes as Record<string, string>;
    const names = Object.keys(attrs);
    if (names.length > MAX_XML_ATTRIBUTES) {
      throw new FeedParseError(source, overLimit(names.length, 'attributes', MAX_XML_ATTRIBUTES, 'an element'));
    }
    let scope = scopes.at(-1)!;
    for (const a of names) {
      if (a === 'xmlns' || a.startsWith('xmlns:')) {
        if (scope === scopes.at(-1)) scope = { ...scope };
        scope[a === 'xmlns' ? '' : a.slice(6)] = attrs[a]!.trim();
      }
    }
    scopes.push(scope);
    const el: XmlElement = { name: tag.name, ns: namespaceOf(tag.name, scope), attrs, children: [] };
    if (depth === 1) {
      const local = localName(tag.name);
      if (local === 'html') throw new FeedParseError(source, 'got an HTML page, not a feed');
      kind = local === 'rss' ? 'rss' : local === 'RDF' ? 'rdf' : local === 'feed' ? 'atom' : undefined;
      if (!kind) throw new FeedParseError(source, `not an RSS or Atom feed (root element <${tag.name}>)`);
      if (kind === 'atom' && el.ns !== '' && el.ns !== NS.atom && el.ns !== NS.atom03) {
        throw new FeedParseError(source, `not an Atom feed (<${local}> in namespace ${el.ns}; Atom 1.0 and 0.3 are read)`);
      }
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
    scopes.pop();
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
