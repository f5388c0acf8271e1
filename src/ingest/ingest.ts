// Storing a parsed feed: one transaction per source, so a bad source never half-writes.
// Everything that is not writing — preparing entries (text, titles, topics), telling twins
// apart — happens before the transaction, which is a tight loop of writes: a second ingest
// (another process) waits milliseconds for the lock, not as long as this one takes to think.
import { FeedParseError } from '../feeds/errors';
import { MAX_FEED_ENTRIES, overLimit } from '../feeds/limits';
import type { ArticleStore } from '../store/articles';
import type { Article } from '../store/types';
import type { FeedEntry, FeedFormat, ParsedFeed } from '../feeds/types';
import type { Classifier } from '../topics/classify';
import type { Control } from './control';
import { prepareEntry } from './prepare';
import { MemoryStage, type Stage } from './stage';
import { distinguishTwins, type Twin } from './twins';

export interface IngestDeps {
  store: ArticleStore;
  classifier: Classifier;
  now: () => number;
}

/** An added article as the report lists it: everything but its (possibly huge) text. */
export type AddedArticle = Omit<Article, 'summary'>;

export interface IngestReport {
  source: string;
  entries: number;
  added: AddedArticle[];
  updated: number;
  unchanged: number;
  skipped: number;
}

/** Rows written per statement batch inside the transaction. */
const PAGE = 500;

/**
 * Prepares and stages one entry; false when it is empty (no text, no title). Repeats of an
 * earlier key are the stage's to drop: upserting both listings would report a fresh article as
 * "updated" and flip it on every poll.
 */
export function stageEntry(stage: Stage, entry: FeedEntry, source: string, classifier: Classifier, format?: FeedFormat): boolean {
  const prepared = prepareEntry(entry, source, classifier, format);
  if (prepared) stage.add(prepared);
  return prepared !== null;
}

/**
 * Titles for staged rows and stored articles whose derived titles collide: per title, the new
 * rows that carry it plus the stored untitled articles that already do. Reads only; one
 * indexed lookup per staged key and per distinct derived title.
 */
export function planTwins(store: ArticleStore, stage: Stage): { id: string; title: string }[] {
  const known = store.db.prepare<[string], { id: string }>('SELECT id FROM articles WHERE dedup_key = ?');
  const stored: { id: string; title: string }[] = [];
  for (const title of stage.derivedTitles()) {
    // Rows already stored keep the title they have (a re-ingest never re-derives it).
    const fresh = stage.withDerivedTitle(title).filter((r) => known.get(r.dedupKey) === undefined);
    if (!fresh.length) continue;
    const ids = new Set(fresh.map((r) => r.id));
    const twins = store.findByTitle(title).filter((a) => !a.guid && !ids.has(a.id));
    if (fresh.length + twins.length < 2) continue;
    const group: Twin[] = [
      ...fresh.map((r) => ({ id: r.id, title, text: r.summary })),
      ...twins.map((a) => ({ id: a.id, title, text: a.summary })),
    ];
    const titles = distinguishTwins(group);
    for (const r of fresh) {
      const t = titles.get(r.id);
      if (t !== undefined) stage.retitle(r.dedupKey, t);
    }
    for (const a of twins) {
      const t = titles.get(a.id);
      if (t !== undefined) stored.push({ id: a.id, title: t });
    }
  }
  return stored;
}

/**
 * How every ingest path ends: twins planned, then the stage written, with a budget checkpoint
 * before each (the write transaction itself is not interrupted).
 */
export async function commitStage(deps: IngestDeps, stage: Stage, control: Control, report: IngestReport): Promise<void> {
  await control.checkpoint();
  const retitles = planTwins(deps.store, stage);
  await control.checkpoint();
  control.writing();
  writeStage(deps.store, stage, retitles, deps.now(), report);
}

/** The write transaction: staged rows upserted in feed order, then stored twins retitled. */
export function writeStage(
  store: ArticleStore,
  stage: Stage,
  retitles: { id: string; title: string }[],
  now: number,
  report: IngestReport,
): void {
  const run = store.db.transaction(() => {
    for (const page of stage.pages(PAGE)) {
      for (const row of page) {
        const { outcome, article } = store.upsert(row, now);
        if (outcome === 'added') report.added.push(withoutText(article));
        else if (outcome === 'updated') report.updated++;
        else report.unchanged++;
      }
    }
    for (const r of retitles) store.setTitle(r.id, r.title, now);
  });
  run.immediate();
}

function withoutText(a: Article): AddedArticle {
  const { summary: _text, ...rest } = a;
  return rest;
}

export function emptyReport(source: string): IngestReport {
  return { source, entries: 0, added: [], updated: 0, unchanged: 0, skipped: 0 };
}

/** Prepared rows of a whole feed in memory, then one transaction: for feeds inside the fetch caps. */
export function ingestFeed(deps: IngestDeps, feed: ParsedFeed, maxEntries = MAX_FEED_ENTRIES): IngestReport {
  const { store, classifier } = deps;
  // The readers refuse these before parsing; this covers any ParsedFeed. Storing one would hold
  // the (synchronous) database for minutes and flood every digest: refused whole, like any bad source.
  if (feed.entries.length > maxEntries) {
    throw new FeedParseError(feed.source, overLimit(feed.entries.length, 'entries', maxEntries));
  }
  const report = emptyReport(feed.source);
  report.entries = feed.entries.length;
  const stage = new MemoryStage();
  for (const entry of feed.entries) if (!stageEntry(stage, entry, feed.source, classifier, feed.format)) report.skipped++;
  report.skipped += stage.repeats;
  writeStage(store, stage, planTwins(store, stage), deps.now(), report);
  return report;
}
