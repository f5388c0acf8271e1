// Parses XML into a small ordered element tree with fast-xml-parser, configured so that entity
// declarations in a DOCTYPE are never expanded (billion laughs) and never fetched (XXE).
import { XMLParser, type EntityDecoderOptions } from 'fast-xml-parser';

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

const TEXT = '#text';
const ATTRS = ':@';
const ATTR_PREFIX = '@_';

const XML_PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function codePoint(cp: number, whole: string): string {
  return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : whole;
}

/**
 * Decodes only the five predefined XML entities and numeric character references. Entities
 * declared in a DOCTYPE are dropped on the floor (addInputEntities does nothing), so `&lol9;` or
 * `&xxe;` stay literal text instead of growing or reading files. HTML names such as `&nbsp;` are
 * also left for htmlToText, which knows them.
 */
const safeDecoder: EntityDecoderOptions = {
  setExternalEntities: () => {},
  addInputEntities: () => {},
  reset: () => {},
  setXmlVersion: () => {},
  decode: (text) =>
    text.includes('&')
      ? text.replace(/&(?:#(\d{1,8})|#x([0-9a-fA-F]{1,7})|(lt|gt|amp|quot|apos));/g, (whole, dec, hex, name) =>
          dec !== undefined
            ? codePoint(Number.parseInt(dec as string, 10), whole)
            : hex !== undefined
              ? codePoint(Number.parseInt(hex as string, 16), whole)
              : (XML_PREDEFINED[name as string] ?? whole),
        )
      : text,
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

function convert(raw: RawNode[]): XmlNode[] {
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
    for (const [k, v] of Object.entries(rawAttrs)) attrs[k.slice(ATTR_PREFIX.length)] = String(v);
    const kids = node[name];
    out.push({ name, attrs, children: Array.isArray(kids) ? convert(kids as RawNode[]) : [] });
  }
  return out;
}

/** Top-level nodes of an already-validated document (the parser throws on external entities). */
export function parseXmlTree(xml: string): XmlNode[] {
  return convert(parser.parse(xml) as RawNode[]);
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
  return el.children.filter(
    (c): c is XmlElement => isElement(c) && (local ? localName(c.name) === name : c.name === name),
  );
}

export function childNamed(el: XmlElement, name: string, local = false): XmlElement | undefined {
  return childrenNamed(el, name, local)[0];
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
