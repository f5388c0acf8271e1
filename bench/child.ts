// One system measured in a process of its own, so its heap is its own: our
// search service opened the way src/main.ts opens it, the FTS5 baseline, or
// default MiniSearch. Reports progress as JSON lines on stdout: "answered"
// when the first search has an answer (the parent times cold start to it),
// "ready" when fully indexed, then "result" with memory, latencies, recall.
// Usage: tsx bench/child.ts <ours|fts5|minisearch> <db path> <queries per class> [--cold-only]
import { openApp } from '../src/app';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/store/db';
import { buildDefaultMiniSearch, searchDefault } from './minisearch-default';
import { Fts5Search } from './fts5';
import { benchEnv } from './ingest';
import { benchQueries } from './queries';
import { measureRecall, recallCases } from './recall';
import { byClass } from './stats';

export type SystemName = 'ours' | 'fts5' | 'minisearch';

/** What a search function returns for measuring: the ids of the top 5. */
type TopFive = (q: string) => string[];

const emit = (msg: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(msg)}\n`);

function memory(): { heapMB: number; rssMB: number } {
  // Started with --expose-gc: measure what is live, not what awaits collection.
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { heapMB: m.heapUsed / 1e6, rssMB: m.rss / 1e6 };
}

function measure(search: TopFive, perClass: number): Record<string, unknown> {
  for (const { q } of benchQueries(5, 99)) search(q);
  const samples = benchQueries(perClass).map(({ q, cls }) => {
    const t0 = performance.now();
    search(q);
    return { cls, ms: performance.now() - t0 };
  });
  return { latency: byClass(samples), recall: measureRecall(recallCases(), search) };
}

async function main(): Promise<void> {
  const [system, dbPath, perClassArg, flag] = process.argv.slice(2) as [SystemName, string, string, string?];
  const perClass = Number(perClassArg);
  const coldOnly = flag === '--cold-only';
  if (system === 'ours') {
    // As src/main.ts starts the bot: open the app, start indexing, answer.
    const app = openApp(loadConfig(benchEnv(dbPath)));
    app.search.refresh();
    const first = app.search.search('卷积', { pageSize: 5 });
    emit({ event: 'answered', provisional: first.provisional === true, total: first.total });
    if (coldOnly) {
      await app.search.whenReady();
      emit({ event: 'ready' });
      return;
    }
    await app.search.whenReady();
    emit({ event: 'ready' });
    const mem = memory();
    emit({ event: 'result', ...mem, ...measure((q) => app.search.search(q, { pageSize: 5 }).items.map((a) => a.id), perClass) });
    app.close();
    return;
  }
  const db = openDatabase(dbPath, { readonly: true });
  if (system === 'fts5') {
    const fts = new Fts5Search(db);
    fts.search('卷积');
    emit({ event: 'answered' });
    emit({ event: 'ready' });
    const mem = memory();
    emit({ event: 'result', ...mem, ...measure((q) => fts.search(q).map((h) => h.id), perClass) });
  } else {
    const t0 = performance.now();
    const mini = buildDefaultMiniSearch(db);
    const buildSeconds = (performance.now() - t0) / 1000;
    searchDefault(db, mini, '卷积');
    emit({ event: 'answered', buildSeconds });
    emit({ event: 'ready' });
    if (coldOnly) return;
    const mem = memory();
    emit({ event: 'result', buildSeconds, ...mem, ...measure((q) => searchDefault(db, mini, q).map((h) => h.id), perClass) });
  }
  db.close();
}

main().catch((err: unknown) => {
  emit({ event: 'error', message: err instanceof Error ? err.stack ?? err.message : String(err) });
  process.exitCode = 1;
});
