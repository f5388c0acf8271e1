// Parses an RSS (2.0, 0.9x, 1.0/RDF) or Atom 1.0 document into ParsedFeed, rejecting anything
// else (malformed XML, HTML pages, other XML vocabularies) with a FeedParseError.
import { XMLValidator } from 'fast-xml-parser';
import type { ParsedFeed } from './types';
import { readAtom } from './atom';
import { FeedParseError } from './errors';
import { countXmlNodes, MAX_FEED_ENTRIES, MAX_XML_ATTRIBUTES, MAX_XML_NODES, overLimit } from './limits';
import { readRss } from './rss';
import { looksLikeHtml, trimStart } from './sniff';
import { isElement, localName, NS, parseXmlTree, type XmlElement } from './xml-tree';

export { FeedParseError } from './errors';

const HTML_PAGE = 'got an HTML page, not a feed';

// Sloppy feeds write `R&D` unescaped; repairing that is safer than dropping the whole feed.
const BARE_AMPERSAND = /&(?!(?:[A-Za-z_][\w.-]*|#\d+|#[xX][0-9A-Fa-f]+);)/g;
const TRUNCATED_END_TAG = /<\/[A-Za-z_][\w:.-]*\s*$/;
const MISMATCHED = /^Expected closing tag '([^']+)' \(opened in line \d+, col \d+\) instead of closing tag '([^']+)'/;
/** Each repair re-validates the whole document: a few keep the work linear, and real feeds need at most one or two. */
const MAX_REPAIRS = 4;

function offsetOf(xml: string, line: number, col: number): number {
  let at = 0;
  for (let l = 1; l < line; l++) {
    const nl = xml.indexOf('\n', at);
    if (nl < 0) return -1;
    at = nl + 1;
  }
  return at + col - 1;
}

/**
 * One small fix for a typical publishing slip, or undefined: bare `&`, a last end tag cut off
 * before its `>`, or an end tag misspelt (`<title>…</subtitle>`) where the parser knows the
 * name it expects.
 */
function repair(xml: string, err: { msg: string; line: number; col: number }): string | undefined {
  if (/char '&' is not expected/.test(err.msg)) {
    // `&#X41;` is HTML's spelling of XML's `&#x41;`.
    const repaired = xml.replace(/&#X(?=[0-9A-Fa-f]+;)/g, '&#x').replace(BARE_AMPERSAND, '&amp;');
    return repaired === xml ? undefined : repaired;
  }
  if (TRUNCATED_END_TAG.test(xml)) return `${xml.trimEnd()}>`;
  // A declaration after a leading comment: `<!-- … --><?xml version="1.0"?>`.
  if (/XML declaration allowed only at the start/.test(err.msg)) {
    const at = offsetOf(xml, err.line, 1);
    const decl = at < 0 ? null : /<\?xml[^?]*\?>/.exec(xml.slice(at));
    if (decl) return `${xml.slice(0, at + decl.index)}${xml.slice(at + decl.index + decl[0].length)}`;
  }
  const m = MISMATCHED.exec(err.msg);
  if (m) {
    const at = offsetOf(xml, err.line, err.col);
    const found = at < 0 ? -1 : xml.indexOf(`</${m[2]}`, Math.max(0, at - m[2]!.length - 3));
    if (found >= 0 && found <= at + 2) return `${xml.slice(0, found)}</${m[1]}${xml.slice(found + 2 + m[2]!.length)}`;
  }
  return undefined;
}

function validate(xml: string, source: string): string {
  let doc = xml;
  let result = XMLValidator.validate(doc);
  for (let i = 0; result !== true && i < MAX_REPAIRS; i++) {
    const repaired = repair(doc, result.err);
    if (repaired === undefined) break;
    const next = XMLValidator.validate(repaired);
    // A repair that moves the first error nowhere later is not helping: report the original.
    if (next !== true && next.err.line < result.err.line) break;
    doc = repaired;
    result = next;
  }
  if (result !== true) {
    throw new FeedParseError(source, `malformed XML at line ${result.err.line}: ${result.err.msg}`);
  }
  return doc;
}

const NOT_PROCESSED = 'DTDs and entity declarations are not processed';

/** The DOCTYPE, if any, before the root element. */
function doctypeOf(xml: string): string | undefined {
  const start = xml.slice(0, 65_536).search(/<!DOCTYPE\b/i);
  if (start < 0) return undefined;
  const gt = xml.indexOf('>', start);
  const bracket = xml.indexOf('[', start);
  // An internal subset `[ … ]` holds `>`s of its own; the DOCTYPE ends at `]>`.
  const end = bracket >= 0 && (gt < 0 || bracket < gt) ? xml.indexOf(']>', bracket) + 2 : gt + 1;
  return xml.slice(start, end > start ? end : undefined);
}

function rootElement(xml: string, source: string): XmlElement {
  let nodes;
  try {
    nodes = parseXmlTree(xml);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    if (/external entit/i.test(msg)) {
      throw new FeedParseError(source, `refused: the document declares external entities (${NOT_PROCESSED})`);
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
  // fast-xml-parser fails on a parameter entity with "Invalid entity name %"; say what is going on.
  const parameterEntity = /<!ENTITY\s+%[^>]*/i.exec(doctypeOf(body) ?? '')?.[0];
  if (parameterEntity !== undefined) {
    const kind = /\s(?:SYSTEM|PUBLIC)\s/i.test(parameterEntity) ? 'external' : 'parameter';
    throw new FeedParseError(source, `refused: the document declares ${kind} entities (${NOT_PROCESSED})`);
  }
  const root = rootElement(validate(body, source), source);
  switch (localName(root.name)) {
    case 'rss':
    case 'RDF':
      return readRss(root, source);
    case 'feed':
      // Atom's drafts (Echo, Pie) and other vocabularies share the name; without a namespace it is Atom written sloppily.
      if (root.ns !== '' && root.ns !== NS.atom && root.ns !== NS.atom03) {
        throw new FeedParseError(source, `not an Atom feed (<${localName(root.name)}> in namespace ${root.ns}; Atom 1.0 and 0.3 are read)`);
      }
      return readAtom(root, source);
    case 'html':
      throw new FeedParseError(source, HTML_PAGE);
    default:
      throw new FeedParseError(source, `not an RSS or Atom feed (root element <${root.name}>)`);
  }
}
