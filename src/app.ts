// The bot's services wired together over one database: what CLI, main and tests share.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from './config';
import { openDatabase, type DB } from './store/db';
import { ArticleStore } from './store/articles';
import { loadTaxonomy, type Taxonomy } from './topics/taxonomy';
import { createClassifier, type Classifier } from './topics/classify';
import { TopicRegistry } from './topics/registry';
import { SearchService } from './search/service';
import { ingestFeed, type IngestReport } from './ingest/ingest';
import { readSource } from './ingest/sources';
import type { ParsedFeed } from './store/types';

export type Clock = () => number;

export interface App {
  config: Config;
  db: DB;
  store: ArticleStore;
  taxonomy: Taxonomy;
  classifier: Classifier;
  topics: TopicRegistry;
  search: SearchService;
  clock: Clock;
  ingest(feed: ParsedFeed): IngestReport;
  ingestSource(source: string): Promise<IngestReport>;
  close(): void;
}

export function openApp(config: Config, opts: { clock?: Clock } = {}): App {
  const clock = opts.clock ?? Date.now;
  const db = openDatabase(config.databasePath);
  try {
    const store = new ArticleStore(db);
    const taxonomy = loadTaxonomy(config.topicsPath);
    const classifier = createClassifier(taxonomy);
    const topics = new TopicRegistry(taxonomy, store);
    const search = new SearchService(store, topics);
    const ingest = (feed: ParsedFeed) => ingestFeed({ store, classifier, now: clock }, feed);
    return {
      config,
      db,
      store,
      taxonomy,
      classifier,
      topics,
      search,
      clock,
      ingest,
      async ingestSource(source) {
        const feed = await readSource(source, { timeoutMs: config.feedTimeoutMs, maxBytes: config.feedMaxBytes });
        return ingest(feed);
      },
      close() {
        // Saves the search index if it changed, so the next start loads it instead of rebuilding it.
        search.close();
        if (db.open) db.close();
      },
    };
  } catch (err) {
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
    files = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
  } catch {
    return 0;
  }
  let added = 0;
  for (const f of files) added += (await app.ingestSource(join(dir, f))).added.length;
  return added;
}
