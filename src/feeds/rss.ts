// Reads RSS 2.0 / 0.9x and RSS 1.0 (RDF) element trees into ParsedFeed. Elements are matched by
// namespace, so `<rss:title>` in an RDF document without a default namespace is the title, while
// `<atom:link>` or `<media:title>` in an item are not mistaken for the item's own.
import type { FeedEntry, ParsedFeed } from './types';
import { parseFeedDate } from './dates';
import { compact, longest, nonEmpty, resolveUrl, uniqueCategories } from './entry-utils';
import { cleanText, htmlToText } from './html-text';
import { baseOf, childIn, childrenIn, innerMarkup, isElement, localName, NS, textOf, type XmlElement } from './xml-tree';

/** RSS 2.0 has no namespace (a few feeds declare one of these); RSS 1.0 and 0.90 do. */
const RSS_NAMESPACES = ['', NS.rss10, NS.rss090, 'http://backend.userland.com/rss2', 'http://blogs.law.harvard.edu/tech/rss'];

function isHttpUrl(s: string): boolean {
  return /^https?:\/\/\S+$/i.test(s);
}

interface Context {
  /** How the feed writes its own elements: the usual namespaces plus the root's (`<r:rss xmlns:r=…>`). */
  rss: string[];
  /** The feed's URL, when it has one: what a relative xml:base is relative to, and the last base for links. */
  documentUrl?: string;
  /** The channel's own link: a relative item link is relative to the site before the feed's URL. */
  siteLink?: string;
}

/** RSS elements by name, case-insensitively: `<PubDate>` and `<TiTlE>` occur and mean the same. */
function rssChildren(el: XmlElement, v: Context, name: string): XmlElement[] {
  const lower = name.toLowerCase();
  return el.children.filter((c): c is XmlElement => isElement(c) && v.rss.includes(c.ns) && localName(c.name).toLowerCase() === lower);
}

const rssChild = (el: XmlElement, v: Context, name: string) => rssChildren(el, v, name)[0];

/** The item's text from an element whose content is HTML (escaped or CDATA). */
const htmlOf = (el: XmlElement | undefined) => htmlToText(textOf(el));

/** `<xhtml:body>` / `<body xmlns="…xhtml">`: inline XHTML markup, not escaped text. */
function xhtmlBody(item: XmlElement): string {
  const body = childIn(item, [NS.xhtml], 'body');
  return body ? htmlToText(innerMarkup(body)) : '';
}

/** media:description directly in the item or in its media:group / media:content. */
function mediaDescription(item: XmlElement): string {
  const holders = [item, ...childrenIn(item, [NS.media], 'group'), ...childrenIn(item, [NS.media], 'content')];
  for (const h of holders) {
    const text = htmlOf(childIn(h, [NS.media], 'description'));
    if (text) return text;
  }
  return '';
}

/**
 * The item's web page: the last `<link>` that gives a web address (as text or, written Atom-style,
 * as href), resolved against the xml:base in force; a permalink guid or rdf:about otherwise.
 */
function itemUrl(item: XmlElement, v: Context, base: string | undefined, guid: string): string | undefined {
  let url: string | undefined;
  for (const link of rssChildren(item, v, 'link')) {
    const raw = textOf(link).trim() || link.attrs.href || '';
    url = resolveUrl(raw, baseOf(link, base, v.documentUrl), v.siteLink, v.documentUrl) ?? url;
  }
  if (url) return url;
  const guidEl = rssChild(item, v, 'guid');
  // RSS says a guid is a permalink unless isPermaLink="false"; use it when there is no <link>.
  const guidIsLink = guidEl !== undefined && guidEl.attrs.isPermaLink?.trim().toLowerCase() !== 'false';
  if (guidIsLink && isHttpUrl(guid)) return guid;
  const about = item.attrs['rdf:about']?.trim() ?? '';
  return isHttpUrl(about) ? about : undefined;
}

/**
 * The item's date: publication dates first (RSS, Dublin Core, Atom, DCMI terms), then the last
 * update. Of repeated elements the last counts, as later values override earlier ones.
 */
function itemDate(item: XmlElement, v: Context): string | undefined {
  const candidates = [
    rssChildren(item, v, 'pubDate'),
    childrenIn(item, [NS.dc], 'date'),
    childrenIn(item, [NS.atom, NS.atom03], 'published'),
    childrenIn(item, [NS.dcterms], 'issued'),
    childrenIn(item, [NS.dcterms], 'created'),
    childrenIn(item, [NS.atom, NS.atom03], 'updated'),
    childrenIn(item, [NS.dcterms], 'modified'),
  ];
  for (const els of candidates) {
    for (let i = els.length - 1; i >= 0; i--) {
      const date = parseFeedDate(cleanText(textOf(els[i])));
      if (date) return date;
    }
  }
  return undefined;
}

function readItem(item: XmlElement, v: Context, base: string | undefined): FeedEntry {
  const about = item.attrs['rdf:about'];
  const guid = cleanText(textOf(rssChild(item, v, 'guid'))) || cleanText(about ?? '');
  const itemBase = baseOf(item, base, v.documentUrl);

  // Titles are treated as HTML: many feeds put escaped markup in them.
  const title = htmlOf(
    rssChild(item, v, 'title') ??
      childIn(item, [NS.dc], 'title') ??
      childIn(item, [NS.dcterms], 'title') ??
      childIn(item, [NS.media], 'title'),
  );
  const text =
    longest(
      htmlOf(rssChild(item, v, 'description')),
      htmlOf(childIn(item, [NS.content], 'encoded')),
      xhtmlBody(item),
      htmlOf(childIn(item, [NS.dc], 'description')),
    ) ||
    // Podcasts often carry their only text here.
    longest(htmlOf(childIn(item, [NS.itunes], 'summary')), htmlOf(childIn(item, [NS.itunes], 'subtitle'))) ||
    mediaDescription(item);
  const categories = uniqueCategories([...rssChildren(item, v, 'category'), ...childrenIn(item, [NS.dc], 'subject')].map((c) => htmlOf(c)));
  return compact({
    guid: nonEmpty(guid),
    url: itemUrl(item, v, itemBase, guid),
    title: nonEmpty(title),
    text,
    categories,
    publishedAt: itemDate(item, v),
  });
}

/** RSS 2.0 has items inside <channel>; RSS 1.0 (RDF) has them beside it. */
export function readRss(root: XmlElement, source: string): ParsedFeed {
  const documentUrl = isHttpUrl(source) ? source : undefined;
  const v: Context = { rss: [...new Set([...RSS_NAMESPACES, root.ns])], ...(documentUrl ? { documentUrl } : {}) };
  const channel = rssChild(root, v, 'channel');
  // Only an explicit xml:base outranks the channel link; the document's own URL comes last.
  const rootBase = baseOf(root, undefined, documentUrl);
  const channelBase = channel ? baseOf(channel, rootBase, documentUrl) : rootBase;
  const items = [
    ...(channel ? rssChildren(channel, v, 'item') : []),
    ...(localName(root.name) === 'RDF' ? rssChildren(root, v, 'item') : []),
  ];
  const siteLink = channel ? resolveUrl(textOf(rssChild(channel, v, 'link')), channelBase, source) : undefined;
  if (siteLink) v.siteLink = siteLink;
  const title = channel ? htmlOf(rssChild(channel, v, 'title') ?? childIn(channel, [NS.dc], 'title')) : '';
  return compact({
    source,
    format: 'rss' as const,
    title: nonEmpty(title),
    entries: items.map((item) => readItem(item, v, channelBase)),
  });
}
