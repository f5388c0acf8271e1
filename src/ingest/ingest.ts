// Storing a parsed feed: one transaction per source, so a bad source never half-writes.
import { FeedParseError } from '../feeds/errors';
import { MAX_FEED_ENTRIES, overLimit } from '../feeds/limits';
import type { ArticleStore } from '../store/articles';
import type { Article } from '../store/types';
import type { ParsedFeed } from '../feeds/types';
import type { Classifier } from '../topics/classify';
import { distinguishTitle } from '../text/title';
import { prepareEntry } from './prepare';

export interface IngestDeps {
  store: ArticleStore;
  classifier: Classifier;
  now: () => number;
}

export interface IngestReport {
  source: string;
  entries: number;
  added: Article[];
  updated: number;
  unchanged: number;
  skipped: number;
}

export function ingestFeed(deps: IngestDeps, feed: ParsedFeed): IngestReport {
  const { store, classifier } = deps;
  // The readers refuse these before parsing; this covers any ParsedFeed. Storing one would hold
  // the (synchronous) database for minutes and flood every digest: refused whole, like any bad source.
  if (feed.entries.length > MAX_FEED_ENTRIES) {
    throw new FeedParseError(feed.source, overLimit(feed.entries.length, 'entries', MAX_FEED_ENTRIES));
  }
  const report: IngestReport = { source: feed.source, entries: feed.entries.length, added: [], updated: 0, unchanged: 0, skipped: 0 };
  const retitled = new Set<string>();
  const run = store.db.transaction(() => {
    const now = deps.now();
    // A feed that repeats a guid (or link) lists one article twice; the first, newest-first
    // listing wins. Upserting both would report a fresh article as "updated" and flip it on every poll.
    const seen = new Set<string>();
    for (const entry of feed.entries) {
      const prepared = prepareEntry(entry, feed.source, classifier, feed.format);
      if (!prepared || seen.has(prepared.dedupKey)) {
        report.skipped++;
        continue;
      }
      seen.add(prepared.dedupKey);
      const { outcome, article } = store.upsert(prepared, now);
      if (outcome === 'added') {
        report.added.push(article);
        if (!entry.title) for (const id of disambiguate(store, article, now)) retitled.add(id);
      } else if (outcome === 'updated') report.updated++;
      else report.unchanged++;
    }
  });
  run.immediate();
  // Only articles whose titles disambiguation changed need re-reading.
  if (retitled.size) report.added = report.added.map((a) => (retitled.has(a.id) ? (store.get(a.id) ?? a) : a));
  return report;
}

/** Derived titles that collide get the words that tell the articles apart. */
function disambiguate(store: ArticleStore, article: Article, now: number): string[] {
  const twins = store.findByTitle(article.title).filter((a) => a.id !== article.id && !a.guid);
  if (!twins.length) return [];
  const other = twins[0]!;
  store.setTitle(article.id, distinguishTitle(article.title, article.summary, other.summary), now);
  for (const twin of twins) store.setTitle(twin.id, distinguishTitle(twin.title, twin.summary, article.summary), now);
  return [article.id, ...twins.map((t) => t.id)];
}
