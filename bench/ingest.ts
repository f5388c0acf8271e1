// Ingest throughput through the real path: each feed document parsed by the
// bot's reader (parseBody), stored by app.ingest (one transaction per feed),
// then the search index brought up to date (SearchService, as the running
// bot would on its next search). Feed documents are generated before the
// clock starts: making them up is not part of ingesting them.
import { join } from 'node:path';
import { openApp } from '../src/app';
import { loadConfig } from '../src/config';
import { parseBody } from '../src/ingest/sources';
import { corpusFeeds, type FeedBody } from './corpus';
import { TOPICS_PATH } from './recall';

export interface IngestResult {
  dbPath: string;
  articles: number;
  /** Seconds spent parsing, storing, and indexing. */
  parse: number;
  store: number;
  index: number;
  perSecond: number;
}

/** The environment every benchmark process opens the database with. */
export function benchEnv(dbPath: string): Record<string, string> {
  return { DATABASE_PATH: dbPath, TOPICS_PATH, BOT_LOCALE: 'en', LOG_LEVEL: 'error' };
}

/** A deterministic clock for first-seen times: one second per feed, from 2026-02-01. */
export function benchClock(): () => number {
  let t = Date.parse('2026-02-01T00:00:00Z');
  return () => (t += 1000);
}

export async function ingestCorpus(dir: string, size: number, seed?: number): Promise<IngestResult> {
  const dbPath = join(dir, 'feedbot.db');
  const feeds: FeedBody[] = [...corpusFeeds(size, { seed })];
  const app = openApp(loadConfig(benchEnv(dbPath)), { clock: benchClock() });
  try {
    let parse = 0;
    let store = 0;
    for (const f of feeds) {
      const t0 = performance.now();
      const parsed = parseBody(f.body, f.source);
      const t1 = performance.now();
      app.ingest(parsed);
      parse += t1 - t0;
      store += performance.now() - t1;
    }
    const t2 = performance.now();
    await app.search.whenReady();
    const index = performance.now() - t2;
    const articles = app.store.count();
    return {
      dbPath,
      articles,
      parse: parse / 1000,
      store: store / 1000,
      index: index / 1000,
      perSecond: articles / ((parse + store + index) / 1000),
    };
  } finally {
    app.close();
  }
}
