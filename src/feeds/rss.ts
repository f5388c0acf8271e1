// Reads RSS 2.0 / 0.9x and RSS 1.0 (RDF) element trees into ParsedFeed.
import type { FeedEntry, ParsedFeed } from './types';
import { parseFeedDate } from './dates';
import { compact, longest, nonEmpty, resolveUrl, uniqueCategories } from './entry-utils';
import { cleanText, htmlToText } from './html-text';
import { childNamed, childrenNamed, localName, textOf, type XmlElement } from './xml-tree';

function isHttpUrl(s: string): boolean {
  return /^https?:\/\/\S+$/i.test(s);
}

function readItem(item: XmlElement, base: string | undefined, source: string): FeedEntry {
  const guidEl = childNamed(item, 'guid');
  const about = item.attrs['rdf:about'];
  const guid = cleanText(textOf(guidEl)) || cleanText(about ?? '');
  const link = textOf(childNamed(item, 'link'));
  // RSS says a guid is a permalink unless isPermaLink="false"; use it when there is no <link>.
  const guidIsLink = guidEl !== undefined && guidEl.attrs.isPermaLink?.trim().toLowerCase() !== 'false';
  const url =
    resolveUrl(link, base, source) ??
    (guidIsLink && isHttpUrl(guid) ? guid : undefined) ??
    (about !== undefined && isHttpUrl(about.trim()) ? about.trim() : undefined);

  // Titles are treated as HTML: many feeds put escaped markup in them.
  const title = htmlToText(textOf(childNamed(item, 'title') ?? childNamed(item, 'dc:title')));
  const text = longest(
    htmlToText(textOf(childNamed(item, 'description'))),
    htmlToText(textOf(childNamed(item, 'content:encoded'))),
    htmlToText(textOf(childNamed(item, 'dc:description'))),
  );
  const categories = uniqueCategories(
    [...childrenNamed(item, 'category'), ...childrenNamed(item, 'dc:subject')].map((c) => htmlToText(textOf(c))),
  );
  const date = cleanText(textOf(childNamed(item, 'pubDate') ?? childNamed(item, 'dc:date')));
  return compact({
    guid: nonEmpty(guid),
    url,
    title: nonEmpty(title),
    text,
    categories,
    publishedAt: parseFeedDate(date),
  });
}

/** RSS 2.0 has items inside <channel>; RSS 1.0 (RDF) has them beside it. */
export function readRss(root: XmlElement, source: string): ParsedFeed {
  const channel = childNamed(root, 'channel', true);
  const items = [
    ...(channel ? childrenNamed(channel, 'item', true) : []),
    ...(localName(root.name) === 'RDF' ? childrenNamed(root, 'item', true) : []),
  ];
  const base = channel ? textOf(childNamed(channel, 'link')).trim() : undefined;
  const title = channel ? htmlToText(textOf(childNamed(channel, 'title'))) : '';
  return compact({
    source,
    title: nonEmpty(title),
    entries: items.map((item) => readItem(item, isHttpUrl(base ?? '') ? base : undefined, source)),
  });
}
