// Ingest throughput through the real path: each feed file read, parsed and
// stored by app.ingestSource (the path `cli ingest` and polling take: file
// read under the byte cap, the format's reader, one transaction per feed),
// then the search index brought up to date as the running bot would on its
// next search. Feed files are written before the clock starts for each
// one (making them up is not part of ingesting them) and deleted after.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openApp } from '../src/app';
import { loadConfig } from '../src/config';
import { corpusParts, type ArticleGenerator } from './corpus';
import { feedFiles, type FeedFormat } from './feed-files';
import { benchEnv, searchLifecycle } from './env';

export { benchEnv, searchLifecycle } from './env';

export interface IngestResult {
  dbPath: string;
  articles: number;
  /** Seconds in app.ingestSource (read, parse, store) and in bringing the search index up to date after. */
  ingest: number;
  index: number;
  perSecond: number;
  /** Bytes of feed files ingested, and visible characters per generated article. */
  feedBytes: number;
  files: number;
  chars: { median: number; p90: number; max: number; mean: number };
}

/** A deterministic clock for first-seen times: one second per feed, from 2026-02-01. */
export function benchClock(): () => number {
  let t = Date.parse('2026-02-01T00:00:00Z');
  return () => (t += 1000);
}

function lengthStats(chars: number[]): IngestResult['chars'] {
  const sorted = Float64Array.from(chars).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
  return {
    median: at(0.5),
    p90: at(0.9),
    max: sorted[sorted.length - 1] ?? NaN,
    mean: chars.reduce((s, x) => s + x, 0) / (chars.length || 1),
  };
}

export async function ingestCorpus(dir: string, gen: ArticleGenerator, log: (msg: string) => void): Promise<IngestResult> {
  const dbPath = join(dir, 'feedbot.db');
  const feedDir = join(dir, 'feeds');
  mkdirSync(feedDir, { recursive: true });
  const app = openApp(loadConfig(benchEnv(dbPath)), { clock: benchClock() });
  try {
    let ingest = 0;
    let feedBytes = 0;
    let files = 0;
    let entries = 0;
    let nextLog = 0;
    const chars: number[] = [];
    const format = (n: number): FeedFormat => (gen.profile === 'realistic' && n % 2 ? 'rss' : 'json');
    for (const file of feedFiles(corpusParts(gen), feedDir, { format })) {
      const t0 = performance.now();
      await app.ingestSource(file.path);
      ingest += performance.now() - t0;
      if (!file.sample) rmSync(file.path);
      feedBytes += file.bytes;
      files++;
      entries += file.entries;
      for (const c of file.chars) chars.push(c);
      if (entries >= nextLog) {
        log(
          `  ingested ${entries.toLocaleString('en-US')} articles (${(feedBytes / 1e6).toFixed(0)} MB of feeds) in ${(ingest / 1000).toFixed(1)} s`,
        );
        nextLog += 20_000;
      }
    }
    const t1 = performance.now();
    const search = searchLifecycle(app);
    search.refresh();
    await search.whenReady();
    const index = performance.now() - t1;
    const articles = app.store.count();
    return {
      dbPath,
      articles,
      ingest: ingest / 1000,
      index: index / 1000,
      perSecond: articles / ((ingest + index) / 1000),
      feedBytes,
      files,
      chars: lengthStats(chars),
    };
  } finally {
    app.close();
    rmSync(feedDir, { recursive: true, force: true });
  }
}
