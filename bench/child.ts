// One system measured in a process of its own, so its heap is its own: our
// search opened the way src/main.ts opens it (through the app, against the
// persisted database), or a baseline over the baselines' database (FTS5
// trigram, default MiniSearch, FlexSearch). Reports JSON lines on stdout:
// "fallback" if a first answer came from a stopgap rather than the engine,
// "answered" when the first full-featured search has an answer (the parent
// times cold start to it), "progress" while a baseline builds, then "result"
// with memory, latencies and recall.
// Usage: tsx bench/child.ts <ours|fts5|minisearch|flexsearch> <db path> <queries per class> <deep cases JSON> [--cold-only|--build]
// (--build: fts5 only, builds the index on the baselines' database and exits;
// BENCH_FLEXSEARCH_TOKENIZE picks FlexSearch's tokenizer.)
// Only what the bot itself loads is imported before the first answer (the
// baselines, the query set and recall measuring come after it), so cold start
// counts our modules and not the bench's.
import { readFileSync } from 'node:fs';
import { openApp } from '../src/app';
import { loadConfig } from '../src/config';
import { benchEnv, searchLifecycle } from './env';
import type { FlexTokenizer } from './flexsearch';
import type { RecallCase } from './recall';

export const SYSTEMS = ['ours', 'fts5', 'minisearch', 'flexsearch'] as const;
export type SystemName = (typeof SYSTEMS)[number];

/** What a search function returns for measuring: the ids of the top 5. */
type TopFive = (q: string) => string[];

const emit = (msg: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(msg)}\n`);

function memory(): { heapMB: number; rssMB: number } {
  // Started with --expose-gc: measure what is live, not what awaits collection.
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { heapMB: m.heapUsed / 1e6, rssMB: m.rss / 1e6 };
}

async function measure(search: TopFive, perClass: number, deep: RecallCase[]): Promise<Record<string, unknown>> {
  const [{ benchQueries }, { measureRecall, recallCases }, { byClass }] = await Promise.all([
    import('./queries'),
    import('./recall'),
    import('./stats'),
  ]);
  for (const { q } of benchQueries(5, 99)) search(q);
  const samples = benchQueries(perClass).map(({ q, cls }) => {
    const t0 = performance.now();
    search(q);
    return { cls, ms: performance.now() - t0 };
  });
  return { latency: byClass(samples), recall: measureRecall(recallCases(), search), deepRecall: measureRecall(deep, search) };
}

type PageLike = { items: { id: string }[]; provisional?: boolean };

async function ours(dbPath: string, perClass: number, deep: RecallCase[], coldOnly: boolean): Promise<void> {
  // As src/main.ts starts the bot: open the app, bring search up, answer.
  const app = openApp(loadConfig(benchEnv(dbPath)));
  const life = searchLifecycle(app);
  const search = (q: string): PageLike => app.search.search(q, { pageSize: 5 });
  life.refresh();
  let first = search('卷积');
  if (first.provisional) {
    // A stopgap answer (substring fallback while an index builds) is not the engine's.
    emit({ event: 'fallback' });
    await life.whenReady();
    first = search('卷积');
  }
  emit({ event: 'answered', provisional: first.provisional === true });
  if (coldOnly) return app.close();
  await life.whenReady();
  emit({ event: 'result', ...memory(), ...(await measure((q) => search(q).items.map((a) => a.id), perClass, deep)) });
  app.close();
}

async function baseline(
  system: Exclude<SystemName, 'ours'>,
  dbPath: string,
  perClass: number,
  deep: RecallCase[],
  coldOnly: boolean,
): Promise<void> {
  const [
    { default: Database },
    { Fts5Search },
    { buildDefaultMiniSearch, miniSearcher },
    { buildFlexSearch, flexSearcher, FLEX_TOKENIZERS },
  ] = await Promise.all([import('better-sqlite3'), import('./fts5'), import('./minisearch-default'), import('./flexsearch')]);
  const db = new Database(dbPath, { readonly: true });
  // Heap as it stands (no forced collection): what is left to report if the process dies.
  const progress = (added: number) => emit({ event: 'progress', added, heapMB: process.memoryUsage().heapUsed / 1e6 });
  const t0 = performance.now();
  let top5: TopFive;
  if (system === 'fts5') {
    const fts = new Fts5Search(db);
    top5 = (q) => fts.search(q).map((h) => h.id);
  } else if (system === 'minisearch') {
    const search = miniSearcher(db, buildDefaultMiniSearch(db, progress));
    top5 = (q) => search(q).map((h) => h.id);
  } else {
    const tokenize = (process.env.BENCH_FLEXSEARCH_TOKENIZE ?? 'strict') as FlexTokenizer;
    if (!FLEX_TOKENIZERS.includes(tokenize)) throw new Error(`unknown FlexSearch tokenizer ${tokenize}`);
    const search = flexSearcher(db, buildFlexSearch(db, tokenize, progress));
    top5 = (q) => search(q).map((h) => h.id);
  }
  const buildSeconds = (performance.now() - t0) / 1000;
  top5('卷积');
  emit({ event: 'answered', buildSeconds });
  if (!coldOnly) emit({ event: 'result', buildSeconds, ...memory(), ...(await measure(top5, perClass, deep)) });
  db.close();
}

async function main(): Promise<void> {
  const [system, dbPath, perClassArg, deepPath, flag] = process.argv.slice(2) as [SystemName, string, string, string, string?];
  if (!SYSTEMS.includes(system)) throw new Error(`unknown system ${system}`);
  const deep = JSON.parse(readFileSync(deepPath, 'utf8')) as RecallCase[];
  const coldOnly = flag === '--cold-only';
  if (flag === '--build') {
    if (system !== 'fts5') throw new Error('--build is for fts5');
    const { buildFts5 } = await import('./fts5');
    const t0 = performance.now();
    buildFts5(dbPath);
    const buildSeconds = (performance.now() - t0) / 1000;
    emit({ event: 'answered', buildSeconds });
    emit({ event: 'result', buildSeconds });
  } else if (system === 'ours') await ours(dbPath, Number(perClassArg), deep, coldOnly);
  else await baseline(system, dbPath, Number(perClassArg), deep, coldOnly);
}

main().catch((err: unknown) => {
  emit({ event: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exitCode = 1;
});
