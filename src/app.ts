// The bot's services wired together over one database: what CLI, main and tests share.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from './config';
import { openDatabase, type SqliteDB } from './store/db';
import { ArticleStore } from './store/articles';
import { loadTaxonomy, type Taxonomy } from './topics/taxonomy';
import { createClassifier, type Classifier } from './topics/classify';
import { TopicRegistry } from './topics/registry';
import { SearchService } from './search/service';
import { openSearchIndex, searchSources } from './search/search-sources';
import type { IndexDb } from './search/body-tables';
import { ingestFeed, type IngestReport } from './ingest/ingest';
import type { SourceOptions } from './ingest/run';
import type { ParsedFeed } from './feeds/types';

export type Clock = () => number;

/**
 * The feed readers and parsers (about half the modules the app would load) are imported when
 * a source is first read, so a process that only searches (`cli search`, a bot's first answer)
 * starts without them.
 */
const readers = () => import('./ingest/run');

export interface App {
  config: Config;
  db: SqliteDB;
  store: ArticleStore;
  taxonomy: Taxonomy;
  classifier: Classifier;
  topics: TopicRegistry;
  search: SearchService;
  /** Where the search indexes live: `db`, or a file of their own (SEARCH_INDEX_PATH). */
  searchIndexDb: IndexDb;
  clock: Clock;
  /** Stores an already parsed feed, synchronously, in this thread. */
  ingest(feed: ParsedFeed): IngestReport;
  /**
   * Reads and stores a source in this thread, yielding to the event loop between chunks and
   * abandoning it past its time budget. The bot's poller and `cli ingest` use an IngestWorker.
   */
  ingestSource(source: string): Promise<IngestReport>;
  /** Parses and stores a fetched body in this thread, like ingestSource. */
  ingestBody(body: string, source: string, contentType?: string): Promise<IngestReport>;
  /** How sources are read: fetch deadline, size caps, entry limits and time budgets. */
  sourceOptions: SourceOptions;
  close(): void;
}

export function openApp(config: Config, opts: { clock?: Clock } = {}): App {
  const clock = opts.clock ?? Date.now;
  if (config.databaseUrl) {
    // The store runs on PostgreSQL (src/store/engine); the search index does not yet (issue #17).
    throw new Error(
      'DATABASE_URL is set, but the bot cannot run on PostgreSQL yet: its search index still needs the SQLite file. Leave DATABASE_URL empty to use SQLite at DATABASE_PATH.',
    );
  }
  const db = openDatabase(config.databasePath);
  let indexDb: IndexDb = db;
  try {
    const indexPath = config.searchIndexPath;
    if (indexPath && resolve(indexPath) !== resolve(config.databasePath)) indexDb = openSearchIndex(indexPath);
    const store = new ArticleStore(db);
    const taxonomy = loadTaxonomy(config.topicsPath);
    const classifier = createClassifier(taxonomy);
    const topics = new TopicRegistry(taxonomy, store);
    const search = new SearchService(searchSources(db, indexDb), { bodyWindow: config.searchBodyWindow });
    const deps = { store, classifier, now: clock };
    const ingest = (feed: ParsedFeed) => ingestFeed(deps, feed, config.ingest.feedMaxEntries);
    const sourceOptions: SourceOptions = { timeoutMs: config.feedTimeoutMs, maxBytes: config.feedMaxBytes, limits: config.ingest };
    return {
      config,
      db,
      store,
      taxonomy,
      classifier,
      topics,
      search,
      searchIndexDb: indexDb,
      clock,
      ingest,
      sourceOptions,
      ingestSource: async (source) => (await readers()).ingestSource(deps, source, sourceOptions),
      ingestBody: async (body, source, contentType) => (await readers()).ingestBody(deps, body, source, contentType, config.ingest),
      close() {
        // Saves the search index if it changed, so the next start loads it instead of rebuilding it.
        search.close();
        if (indexDb !== db && indexDb.open) indexDb.close();
        if (db.open) db.close();
      },
    };
  } catch (err) {
    if (indexDb !== db) indexDb.close();
    db.close();
    throw err;
  }
}

/**
 * Out of the box the bot has something to show: an empty archive with no FEED_URLS is filled
 * from the bundled sample feed. A deployment with FEED_URLS never gets the sample mixed in.
 */
export async function seedSampleIfEmpty(app: App): Promise<number> {
  if (app.config.feedUrls.length || app.store.count() > 0) return 0;
  const dir = resolve(app.config.sampleFeedDir);
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.txt'))
      .sort();
  } catch {
    return 0;
  }
  let added = 0;
  for (const f of files) added += (await app.ingestSource(join(dir, f))).added.length;
  return added;
}
