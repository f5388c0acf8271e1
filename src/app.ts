// The bot's services wired together over one database: what CLI, main and tests share.
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config } from './config';
import { openStoreDatabase, type DB, type StoreTarget } from './store/db';
import { ArticleStore } from './store/articles';
import { loadTaxonomy, type Taxonomy } from './topics/taxonomy';
import { createClassifier, type Classifier } from './topics/classify';
import { TopicRegistry } from './topics/registry';
import { SearchService } from './search/service';
import { openSearchIndex, searchSources } from './search/search-sources';
import type { IndexDb } from './search/body-tables';
import { ingestFeed, type IngestReport } from './ingest/ingest';
import type { SourceOptions } from './ingest/run';
import type { IngestWorker } from './ingest/worker-client';
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
  /** The store, on SQLite (DATABASE_PATH) or PostgreSQL (DATABASE_URL). */
  db: DB;
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

/** Where this process keeps its search index when the store is on PostgreSQL and SEARCH_INDEX_PATH is not set. */
export const PG_INDEX_FILE = 'search-index.sqlite';

/**
 * The search index's own file: SEARCH_INDEX_PATH; on PostgreSQL without it, search-index.sqlite
 * beside DATABASE_PATH (each instance keeps its own index of the shared articles); otherwise none
 * (the index lives in the SQLite store's file).
 */
export function searchIndexPathFor(config: Pick<Config, 'databaseUrl' | 'databasePath' | 'searchIndexPath'>): string | undefined {
  if (config.searchIndexPath) return config.searchIndexPath;
  return config.databaseUrl ? join(dirname(config.databasePath), PG_INDEX_FILE) : undefined;
}

/** Where the store is, and its PostgreSQL limits. */
function storeTarget(config: Config): StoreTarget {
  return {
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    databasePath: config.databasePath,
    queryTimeoutMs: config.databaseQueryTimeoutMs,
    migrationTimeoutMs: config.databaseMigrationTimeoutMs,
  };
}

export function openApp(config: Config, opts: { clock?: Clock } = {}): App {
  const clock = opts.clock ?? Date.now;
  const db = openStoreDatabase(storeTarget(config));
  let indexDb: IndexDb | undefined;
  try {
    const indexPath = searchIndexPathFor(config);
    if (indexPath && (config.databaseUrl || resolve(indexPath) !== resolve(config.databasePath))) indexDb = openSearchIndex(indexPath);
    const store = new ArticleStore(db);
    const taxonomy = loadTaxonomy(config.topicsPath);
    const classifier = createClassifier(taxonomy);
    const topics = new TopicRegistry(taxonomy, store);
    const sources = searchSources(db, indexDb, config.databaseUrl);
    const search = new SearchService(sources, { bodyWindow: config.searchBodyWindow });
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
      searchIndexDb: sources.indexDb,
      clock,
      ingest,
      sourceOptions,
      ingestSource: async (source) => (await readers()).ingestSource(deps, source, sourceOptions),
      ingestBody: async (body, source, contentType) => (await readers()).ingestBody(deps, body, source, contentType, config.ingest),
      close() {
        // Saves the search index if it changed, so the next start loads it instead of rebuilding it.
        search.close();
        if (indexDb?.open) indexDb.close();
        if (db.open) db.close();
      },
    };
  } catch (err) {
    indexDb?.close();
    db.close();
    throw err;
  }
}

/** What stores read sources for the poller and `cli ingest` (an IngestWorker's shape). */
export type Ingester = Pick<IngestWorker, 'ingestSource' | 'ingestBody' | 'close'>;

/**
 * An ingest worker thread with its own connection: a source past its time budget is stopped
 * even mid-step, and commands are answered meanwhile.
 */
export async function openIngester(app: App): Promise<Ingester> {
  // Imported here: the feed readers are half the modules, and most commands go without them.
  const { createIngestWorker } = await import('./ingest/worker-client');
  return createIngestWorker({
    ...storeTarget(app.config),
    topicsPath: app.config.topicsPath,
    sourceOptions: app.sourceOptions,
    clock: app.clock,
  });
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
