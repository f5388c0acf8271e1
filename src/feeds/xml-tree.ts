// Parses XML into a small ordered element tree with fast-xml-parser, configured so that entity
// declarations in a DOCTYPE are never expanded (billion laughs) and never fetched (XXE).
import { decodeHTMLStrict } from 'entities';
import { XMLParser, type EntityDecoderOptions } from 'fast-xml-parser';

export interface XmlElement {
  name: string;
  /** Namespace URI the element's prefix (or the default namespace) is bound to; '' for none. */
  ns: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

const TEXT = '#text';
const ATTRS = ':@';
const ATTR_PREFIX = '@_';

/**
 * Decodes the predefined XML entities, numeric character references and the HTML named entities
 * (`&eacute;`, `&nbsp;`: feeds use them undeclared, meaning HTML's), in one pass, so `&amp;lt;`
 * stays `&lt;` for an HTML field to decode in turn. Entities declared in a DOCTYPE are dropped on
 * the floor (addInputEntities does nothing), so `&lol9;` or `&xxe;` stay literal text instead of
 * growing or reading files.
 */
const safeDecoder: EntityDecoderOptions = {
  setExternalEntities: () => {},
  addInputEntities: () => {},
  reset: () => {},
  setXmlVersion: () => {},
  decode: (text) => (text.includes('&') ? decodeHTMLStrict(text) : text),
};

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: ATTR_PREFIX,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  entityDecoder: safeDecoder,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

// preserveOrder output: each node is { tagName: children[], ':@'?: attrs } or { '#text': value }.
type RawNode = Record<string, unknown>;

/**
 * Namespaces feeds use without declaring them (`<dc:date>` in a feed with no xmlns:dc), by their
 * conventional prefixes; a declared prefix always wins.
 */
export const NS = {
  atom: 'http://www.w3.org/2005/Atom',
  atom03: 'http://purl.org/atom/ns#',
  rss10: 'http://purl.org/rss/1.0/',
  rss090: 'http://my.netscape.com/rdf/simple/0.9/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  dc: 'http://purl.org/dc/elements/1.1/',
  dcterms: 'http://purl.org/dc/terms/',
  content: 'http://purl.org/rss/1.0/modules/content/',
  itunes: 'http://www.itunes.com/dtds/podcast-1.0.dtd',
  media: 'http://search.yahoo.com/mrss/',
  xhtml: 'http://www.w3.org/1999/xhtml',
} as const;

const CONVENTIONAL: Record<string, string> = {
  atom: NS.atom,
  atom10: NS.atom,
  atom03: NS.atom03,
  rdf: NS.rdf,
  dc: NS.dc,
  dcterms: NS.dcterms,
  content: NS.content,
  itunes: NS.itunes,
  media: NS.media,
  xhtml: NS.xhtml,
};

/** Prefix → namespace URI in effect at an element ('' for the default namespace). */
export type Scope = Record<string, string>;

/** The namespace URI of an element name in a scope, undeclared conventional prefixes included. */
export function namespaceOf(name: string, scope: Scope): string {
  const colon = name.indexOf(':');
  const prefix = colon < 0 ? '' : name.slice(0, colon);
  if (Object.hasOwn(scope, prefix)) return scope[prefix]!;
  if (prefix === '') return '';
  return CONVENTIONAL[prefix] ?? `urn:undeclared-prefix:${prefix}`;
}

function convert(raw: RawNode[], scope: Scope): XmlNode[] {
  const out: XmlNode[] = [];
  for (const node of raw) {
    if (TEXT in node) {
      out.push(String(node[TEXT]));
      continue;
    }
    const name = Object.keys(node).find((k) => k !== ATTRS);
    if (name === undefined) continue;
    const attrs: Record<string, string> = {};
    const rawAttrs = (node[ATTRS] ?? {}) as Record<string, unknown>;
    let inner = scope;
    for (const [k, v] of Object.entries(rawAttrs)) {
      const attr = k.slice(ATTR_PREFIX.length);
      attrs[attr] = String(v);
      if (attr === 'xmlns' || attr.startsWith('xmlns:')) {
        if (inner === scope) inner = { ...scope };
        inner[attr === 'xmlns' ? '' : attr.slice(6)] = String(v).trim();
      }
    }
    const kids = node[name];
    out.push({ name, ns: namespaceOf(name, inner), attrs, children: Array.isArray(kids) ? convert(kids as RawNode[], inner) : [] });
  }
  return out;
}

/** Top-level nodes of an already-validated document (the parser throws on external entities). */
export function parseXmlTree(xml: string): XmlNode[] {
  return convert(parser.parse(xml) as RawNode[], {});
}

export function isElement(node: XmlNode): node is XmlElement {
  return typeof node !== 'string';
}

/** Name without its namespace prefix: `atom:link` → `link`. */
export function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

/** Child elements with this exact (prefixed) name, or, with `local`, this local name. */
export function childrenNamed(el: XmlElement, name: string, local = false): XmlElement[] {
  return el.children.filter((c): c is XmlElement => isElement(c) && (local ? localName(c.name) === name : c.name === name));
}

export function childNamed(el: XmlElement, name: string, local = false): XmlElement | undefined {
  return childrenNamed(el, name, local)[0];
}

/** Child elements with this local name in one of these namespaces. */
export function childrenIn(el: XmlElement, namespaces: readonly string[], name: string): XmlElement[] {
  return el.children.filter((c): c is XmlElement => isElement(c) && localName(c.name) === name && namespaces.includes(c.ns));
}

export function childIn(el: XmlElement, namespaces: readonly string[], name: string): XmlElement | undefined {
  for (const c of el.children) if (isElement(c) && localName(c.name) === name && namespaces.includes(c.ns)) return c;
  return undefined;
}

/**
 * The xml:base in force inside an element: its own, resolved against the one around it (or,
 * outermost, against the document's URL). A base that does not resolve to a URL is ignored.
 */
export function baseOf(el: XmlElement, outer: string | undefined, documentUrl?: string): string | undefined {
  const own = el.attrs['xml:base']?.trim();
  if (!own) return outer;
  try {
    return new URL(own, outer ?? documentUrl).href;
  } catch {
    return outer;
  }
}

/** All character data inside the element, in document order, XML entities decoded. */
export function textOf(el: XmlElement | undefined): string {
  if (el === undefined) return '';
  return el.children.map((c) => (isElement(c) ? textOf(c) : c)).join('');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The element's content re-serialised as markup, for Atom `type="xhtml"` content. */
export function innerMarkup(el: XmlElement): string {
  return el.children
    .map((c) => {
      if (!isElement(c)) return escapeHtml(c);
      const attrs = Object.entries(c.attrs)
        .map(([k, v]) => ` ${k}="${escapeHtml(v).replace(/"/g, '&quot;')}"`)
        .join('');
      return `<${c.name}${attrs}>${innerMarkup(c)}</${c.name}>`;
    })
    .join('');
}
