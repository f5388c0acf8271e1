// Parses an RSS (2.0, 0.9x, 1.0/RDF) or Atom 1.0 document into ParsedFeed, rejecting anything
// else (malformed XML, HTML pages, other XML vocabularies) with a FeedParseError.
import { XMLValidator } from 'fast-xml-parser';
import type { ParsedFeed } from './types';
import { readAtom } from './atom';
import { FeedParseError } from './errors';
import { countXmlNodes, MAX_FEED_ENTRIES, MAX_XML_ATTRIBUTES, MAX_XML_NODES, overLimit } from './limits';
import { readRss } from './rss';
import { looksLikeHtml, trimStart } from './sniff';
import { isElement, localName, parseXmlTree, type XmlElement } from './xml-tree';

export { FeedParseError } from './errors';

const HTML_PAGE = 'got an HTML page, not a feed';

// Sloppy feeds write `R&D` unescaped; repairing that is safer than dropping the whole feed.
const BARE_AMPERSAND = /&(?!(?:[A-Za-z_][\w.-]*|#\d+|#x[0-9A-Fa-f]+);)/g;

function validate(xml: string, source: string): string {
  let result = XMLValidator.validate(xml);
  if (result !== true && /char '&' is not expected/.test(result.err.msg)) {
    const repaired = xml.replace(BARE_AMPERSAND, '&amp;');
    result = XMLValidator.validate(repaired);
    if (result === true) return repaired;
  }
  if (result !== true) {
    throw new FeedParseError(source, `malformed XML at line ${result.err.line}: ${result.err.msg}`);
  }
  return xml;
}

function rootElement(xml: string, source: string): XmlElement {
  let nodes;
  try {
    nodes = parseXmlTree(xml);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    if (/external entit/i.test(msg)) {
      throw new FeedParseError(source, 'refused: the document declares external entities');
    }
    throw new FeedParseError(source, `malformed XML: ${msg}`);
  }
  const root = nodes.find(isElement);
  if (root === undefined) throw new FeedParseError(source, 'no root element');
  return root;
}

export function parseXmlFeed(xml: string, source: string): ParsedFeed {
  const body = trimStart(xml);
  if (body === '') throw new FeedParseError(source, 'empty document');
  if (looksLikeHtml(body)) throw new FeedParseError(source, HTML_PAGE);
  // Before validating or building anything: both cost hundreds of bytes per tag and attribute.
  const { nodes, entries, maxAttributes } = countXmlNodes(body);
  if (entries > MAX_FEED_ENTRIES) throw new FeedParseError(source, overLimit(entries, 'entries', MAX_FEED_ENTRIES));
  if (nodes > MAX_XML_NODES) throw new FeedParseError(source, overLimit(nodes, 'XML elements and attributes', MAX_XML_NODES));
  if (maxAttributes > MAX_XML_ATTRIBUTES) {
    throw new FeedParseError(source, overLimit(maxAttributes, 'attributes', MAX_XML_ATTRIBUTES, 'an element'));
  }
  const root = rootElement(validate(body, source), source);
  switch (localName(root.name)) {
    case 'rss':
    case 'RDF':
      return readRss(root, source);
    case 'feed':
      return readAtom(root, source);
    case 'html':
      throw new FeedParseError(source, HTML_PAGE);
    default:
      throw new FeedParseError(source, `not an RSS or Atom feed (root element <${root.name}>)`);
  }
}
