// Reads Atom 1.0 and 0.3 element trees into ParsedFeed. Elements are matched in the feed's own
// namespace (either Atom's, or none), so `<media:title>` in an entry is not its title.
import type { FeedEntry, ParsedFeed } from './types';
import { parseFeedDate } from './dates';
import { compact, longest, nonEmpty, plainText, resolveUrl, uniqueCategories } from './entry-utils';
import { cleanText, htmlToText } from './html-text';
import { baseOf, childIn, childrenIn, innerMarkup, NS, textOf, type XmlElement } from './xml-tree';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Base64 that decodes to UTF-8 text, or undefined: binary payloads (images) are no article text. */
function base64Text(raw: string): string | undefined {
  const compacted = raw.replace(/\s+/g, '');
  if (compacted.length % 4 !== 0 || !BASE64.test(compacted)) return undefined;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(compacted, 'base64'));
    return /[\u0000-\u0008\u000e-\u001f]/.test(text) ? undefined : text;
  } catch {
    return undefined;
  }
}

/**
 * Text of an Atom text construct (title, summary, content) by its `type` (Atom 1.0) or
 * `mode` (Atom 0.3): plain text, escaped HTML, inline XHTML/XML, or base64 for other media types.
 */
function textConstruct(el: XmlElement | undefined, asTitle = false): string {
  if (el === undefined || el.attrs.src !== undefined) return ''; // out-of-line content: nothing to read here
  const type = (el.attrs.type ?? 'text').trim().toLowerCase();
  const mode = el.attrs.mode?.trim().toLowerCase();
  if (mode === 'base64' || !isTextual(type)) {
    const decoded = base64Text(textOf(el));
    // A "custom" type over plain text (`type="application/x-custom"`) is read as written.
    if (decoded !== undefined) return htmlToText(decoded);
    if (mode === 'base64') return '';
  }
  if (mode === 'xml' || type === 'xhtml' || /[/+]xml$/.test(type)) return htmlToText(innerMarkup(el));
  // Titles declared as text still often carry markup; a plain-text title with a literal tag is rarer.
  if (type === 'html' || type === 'text/html' || mode === 'escaped' || asTitle) return htmlToText(textOf(el));
  return plainText(textOf(el));
}

/** Atom 1.0's three types, any text/* and XML media type; anything else is base64 (RFC 4287 §4.1.3.3). */
function isTextual(type: string): boolean {
  return ['text', 'html', 'xhtml'].includes(type) || type.startsWith('text/') || /[/+]xml$/.test(type);
}

interface Vocabulary {
  atom: string[];
  /** xml:base in force. */
  base: string | undefined;
  /** The feed's web page: what a relative link is relative to when no xml:base says otherwise. */
  feedLink?: string | undefined;
  documentUrl: string | undefined;
}

/** rel="alternate" (the default rel) is the entry's web page, preferring an HTML one; otherwise the first link. */
function bestLink(el: XmlElement, v: Vocabulary): string | undefined {
  const links = childrenIn(el, v.atom, 'link')
    .map((l) => ({ l, href: (l.attrs.href ?? '').trim(), rel: (l.attrs.rel ?? 'alternate').trim().toLowerCase() }))
    .filter((x) => x.href !== '');
  const alternate = links.filter((x) => x.rel === 'alternate' || x.rel.endsWith('/relation/alternate'));
  const html = alternate.find((x) => /html/i.test(x.l.attrs.type ?? 'text/html'));
  const best = html ?? alternate[0] ?? links.find((x) => x.rel !== 'self' && x.rel !== 'enclosure') ?? links[0];
  return best ? resolveUrl(best.href, baseOf(best.l, v.base, v.documentUrl), v.feedLink, v.documentUrl) : undefined;
}

/**
 * The entry's date: publication (published; Atom 0.3 issued, created), else its last update
 * (updated; 0.3 modified). Of repeated elements the last counts, as later values override.
 */
function entryDate(entry: XmlElement, v: Vocabulary): string | undefined {
  for (const name of ['published', 'issued', 'created', 'updated', 'modified']) {
    const els = childrenIn(entry, v.atom, name);
    for (let i = els.length - 1; i >= 0; i--) {
      const date = parseFeedDate(cleanText(textOf(els[i])));
      if (date) return date;
    }
  }
  return undefined;
}

function readEntry(entry: XmlElement, outer: Vocabulary): FeedEntry {
  const v = { ...outer, base: baseOf(entry, outer.base, outer.documentUrl) };
  const categories = childrenIn(entry, v.atom, 'category').map((c) => c.attrs.term || c.attrs.label || textOf(c));
  return compact({
    guid: nonEmpty(cleanText(textOf(childIn(entry, v.atom, 'id')))),
    url: bestLink(entry, v),
    title: nonEmpty(textConstruct(childIn(entry, v.atom, 'title'), true)),
    text: longest(textConstruct(childIn(entry, v.atom, 'content')), textConstruct(childIn(entry, v.atom, 'summary'))),
    categories: uniqueCategories(categories),
    publishedAt: entryDate(entry, v),
  });
}

export function readAtom(root: XmlElement, source: string): ParsedFeed {
  const documentUrl = /^https?:\/\//i.test(source) ? source : undefined;
  const v: Vocabulary = {
    atom: [...new Set([root.ns, NS.atom, NS.atom03])],
    base: baseOf(root, undefined, documentUrl),
    documentUrl,
  };
  v.feedLink = bestLink(root, v);
  return compact({
    source,
    format: 'atom' as const,
    title: nonEmpty(textConstruct(childIn(root, v.atom, 'title'), true)),
    entries: childrenIn(root, v.atom, 'entry').map((e) => readEntry(e, v)),
  });
}
