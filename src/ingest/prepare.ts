// Turning a reader's FeedEntry into a storable article: identity, title, text, topics.
import { createHash } from 'node:crypto';
import type { PreparedArticle } from '../store/articles';
import type { FeedEntry, FeedFormat } from '../feeds/types';
import type { Classifier } from '../topics/classify';
import { cleanEntryText, normalizeWhitespace } from '../text/normalize';
import { deriveTitle } from '../text/title';
import { canonicalUrl } from '../text/revision';

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

/**
 * How much of an article's text topic classification reads. Topics say what an article is
 * about, which its title and first pages tell; 64 KB is far more than a blog post's first
 * pages and keeps a 1 MB entry from costing every keyword rule a pass over all of it.
 * The whole text is still stored and searchable.
 */
export const CLASSIFY_WINDOW = 64 * 1024;

/**
 * The identity of an entry. A feed guid wins; then the link; entries with neither (page
 * snapshots) are identified by their full text, so the same excerpt seen in five snapshots
 * is one article while two excerpts that merely share an opening are two. Entries with no
 * text either (title-only feed items) are identified by their title: keyed on the empty text
 * they would all collapse into one article. A link is taken without its tracking parameters
 * (`utm_*`…), so a feed that retags its links keeps its articles.
 */
export function dedupKey(entry: FeedEntry): string {
  if (entry.guid) return `guid:${entry.guid.trim()}`;
  if (entry.url) return `url:${canonicalUrl(entry.url)}`;
  const text = normalizeWhitespace(entry.text);
  if (text || !entry.title) return `text:${sha1(text)}`;
  return `title:${sha1(normalizeWhitespace(entry.title))}`;
}

/** sha1 of `title\ntext`, fed in parts: the joined copy of a long text was never needed. */
function contentHash(title: string, text: string): string {
  return createHash('sha1').update(title).update('\n').update(text).digest('hex');
}

export function articleId(key: string): string {
  return sha1(key).slice(0, 12);
}

/**
 * The RSS, Atom and JSON Feed readers hand over text already cleaned (html-text.ts: invisible
 * characters gone, whitespace collapsed, trimmed; the conformance suites check it on every feed
 * they read), so a feed of a known format is not normalised a second time: that pass was a
 * twentieth of bulk ingest's CPU time. Entries of unknown provenance are.
 *
 * A feed's own title is stored whole (clipping is the renderer's business, where a platform
 * needs it); the placeholders (`[公式]`, `[Image]`) are the blog snapshots' own notation and are
 * removed only from snapshot text; in any other feed they are the author's words.
 */
export function prepareEntry(entry: FeedEntry, source: string, classifier: Classifier, format?: FeedFormat): PreparedArticle | null {
  const summary = format === 'snapshot' ? cleanEntryText(entry.text) : format ? entry.text : normalizeWhitespace(entry.text);
  const feedTitle = entry.title ? normalizeWhitespace(entry.title) : '';
  if (!summary && !feedTitle) return null;
  const title = feedTitle || deriveTitle(summary);
  const key = dedupKey(entry);
  const categories = [...new Set(entry.categories.map(normalizeWhitespace).filter(Boolean))];
  return {
    id: articleId(key),
    dedupKey: key,
    source,
    guid: entry.guid?.trim() || null,
    url: entry.url?.trim() || null,
    title,
    summary,
    contentHash: contentHash(title, summary),
    categories,
    topics: classifier.classify({
      title,
      summary: summary.length > CLASSIFY_WINDOW ? summary.slice(0, CLASSIFY_WINDOW) : summary,
      categories,
    }),
    publishedAt: entry.publishedAt ?? null,
    titleDerived: !feedTitle,
  };
}
