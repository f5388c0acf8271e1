// Reads Atom 1.0 element trees into ParsedFeed. Elements are matched by local name so a
// prefixed document (`<atom:feed>`) reads the same as a default-namespace one.
import type { FeedEntry, ParsedFeed } from './types';
import { parseFeedDate } from './dates';
import { compact, longest, nonEmpty, resolveUrl, uniqueCategories } from './entry-utils';
import { cleanText, htmlToText } from './html-text';
import { childNamed, childrenNamed, innerMarkup, textOf, type XmlElement } from './xml-tree';

/** Text of an Atom text construct (title, summary, content) according to its `type`. */
function textConstruct(el: XmlElement | undefined, asTitle = false): string {
  if (el === undefined || el.attrs.src !== undefined) return ''; // out-of-line content: nothing to read here
  const type = (el.attrs.type ?? 'text').trim().toLowerCase();
  if (type === 'xhtml' || type === 'application/xhtml+xml') return htmlToText(innerMarkup(el));
  // Titles declared as text still often carry markup; a plain-text title with a literal tag is rarer.
  if (type === 'html' || type === 'text/html' || asTitle) return htmlToText(textOf(el));
  return cleanText(textOf(el));
}

/** rel="alternate" (the default rel) is the entry's web page; otherwise fall back to the first link. */
function entryLink(entry: XmlElement): string {
  const links = childrenNamed(entry, 'link', true).filter((l) => (l.attrs.href ?? '').trim() !== '');
  const alternate = links.filter((l) => (l.attrs.rel ?? 'alternate').trim() === 'alternate');
  const best = alternate.find((l) => /html/i.test(l.attrs.type ?? 'text/html')) ?? alternate[0] ?? links[0];
  return best?.attrs.href ?? '';
}

function readEntry(entry: XmlElement, bases: (string | undefined)[]): FeedEntry {
  const base = entry.attrs['xml:base'];
  const categories = childrenNamed(entry, 'category', true).map((c) => c.attrs.term || c.attrs.label || '');
  const date = textOf(childNamed(entry, 'published', true) ?? childNamed(entry, 'updated', true));
  return compact({
    guid: nonEmpty(cleanText(textOf(childNamed(entry, 'id', true)))),
    url: resolveUrl(entryLink(entry), base, ...bases),
    title: nonEmpty(textConstruct(childNamed(entry, 'title', true), true)),
    text: longest(textConstruct(childNamed(entry, 'content', true)), textConstruct(childNamed(entry, 'summary', true))),
    categories: uniqueCategories(categories),
    publishedAt: parseFeedDate(date),
  });
}

export function readAtom(root: XmlElement, source: string): ParsedFeed {
  const bases = [root.attrs['xml:base'], entryLink(root) || undefined, source];
  return compact({
    source,
    title: nonEmpty(textConstruct(childNamed(root, 'title', true), true)),
    entries: childrenNamed(root, 'entry', true).map((e) => readEntry(e, bases)),
  });
}
