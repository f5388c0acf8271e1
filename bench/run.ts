// `npm run bench`: builds the deterministic corpus at each size, ingests it
// through the bot's real path, then measures our search and the baselines
// (each in a process of its own), digest planning, and search quality, and
// prints a Markdown report, also written as JSON to bench/results/.
//   npm run bench                        10k and 100k articles, 45 queries per class
//   npm run bench -- --size 10000        one size (repeat --size or use commas for several)
//   npm run bench -- --quick             2k articles, 10 queries per class, 2k subscriptions: under a minute
// Options: --queries N (per class), --subscriptions N, --cold-runs N,
//          --no-minisearch (skip the default-MiniSearch baseline), --keep (keep the databases).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/store/db';
import { benchDigest } from './digest';
import { buildFts5 } from './fts5';
import { ingestCorpus } from './ingest';
import { QUERY_CLASSES } from './queries';
import { markdown, type SizeReport, type SystemFigures } from './report';
import { runChild, type ChildReport } from './spawn';

interface Options {
  sizes: number[];
  perClass: number;
  subscriptions: number;
  coldRuns: number;
  minisearch: boolean;
  keep: boolean;
  quick: boolean;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { sizes: [], perClass: 45, subscriptions: 10_000, coldRuns: 2, minisearch: true, keep: false, quick: false };
  let explicitSubscriptions = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--size') opts.sizes.push(...value().split(',').map((s) => Number(s.replace(/_/g, ''))));
    else if (a === '--queries') opts.perClass = Number(value());
    else if (a === '--subscriptions') {
      opts.subscriptions = Number(value());
      explicitSubscriptions = true;
    }
    else if (a === '--cold-runs') opts.coldRuns = Number(value());
    else if (a === '--no-minisearch') opts.minisearch = false;
    else if (a === '--keep') opts.keep = true;
    else if (a === '--quick') opts.quick = true;
    else throw new Error(`unknown option ${a}`);
  }
  if (opts.quick) {
    if (!opts.sizes.length) opts.sizes = [2000];
    opts.perClass = Math.min(opts.perClass, 10);
    opts.coldRuns = 1;
    if (!explicitSubscriptions) opts.subscriptions = 2000;
  }
  if (!opts.sizes.length) opts.sizes = [10_000, 100_000];
  if (opts.sizes.some((s) => !Number.isInteger(s) || s < 100)) throw new Error('sizes must be integers of at least 100');
  return opts;
}

const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

function figures(child: ChildReport, ingestPerSecond: number, coldAnswer: number, coldReady: number): SystemFigures {
  const r = child.result as unknown as Omit<SystemFigures, 'ingestPerSecond' | 'coldAnswer' | 'coldReady'>;
  return { ingestPerSecond, coldAnswer, coldReady, latency: r.latency, heapMB: r.heapMB, rssMB: r.rssMB, recall: r.recall };
}

async function benchSize(size: number, opts: Options): Promise<SizeReport> {
  const dir = mkdtempSync(join(tmpdir(), `feedbot-bench-${size}-`));
  try {
    log(`${size}: generating and ingesting the corpus`);
    const ing = await ingestCorpus(dir, size);
    log(`${size}: ${ing.articles} articles, ${ing.perSecond.toFixed(0)}/s (parse ${ing.parse.toFixed(1)} s, SQLite ${ing.store.toFixed(1)} s, index ${ing.index.toFixed(1)} s)`);

    const db = openDatabase(ing.dbPath);
    const t0 = performance.now();
    buildFts5(db);
    const fts5Build = (performance.now() - t0) / 1000;
    db.close();
    log(`${size}: FTS5 trigram index built in ${fts5Build.toFixed(1)} s`);

    const coldRuns: { answered: number; ready: number }[] = [];
    for (let i = 0; i < opts.coldRuns; i++) {
      const c = await runChild('ours', ing.dbPath, opts.perClass, true);
      coldRuns.push({ answered: c.answered, ready: c.ready });
      log(`${size}: cold start ${i + 1}: answered at ${c.answered.toFixed(2)} s (${c.answeredInfo.provisional ? 'fallback' : 'index'}), index ready at ${c.ready.toFixed(2)} s`);
    }
    log(`${size}: measuring our search`);
    const ours = await runChild('ours', ing.dbPath, opts.perClass);
    coldRuns.push({ answered: ours.answered, ready: ours.ready });
    log(`${size}: measuring FTS5`);
    const fts = await runChild('fts5', ing.dbPath, opts.perClass);
    let mini: ChildReport | undefined;
    if (opts.minisearch) {
      log(`${size}: measuring default MiniSearch`);
      mini = await runChild('minisearch', ing.dbPath, opts.perClass);
    }
    log(`${size}: planning digests for ${opts.subscriptions} subscriptions`);
    const digest = benchDigest(ing.dbPath, opts.subscriptions);

    const storeSeconds = ing.parse + ing.store;
    const best = (key: 'answered' | 'ready') => Math.min(...coldRuns.map((c) => c[key]));
    const miniBuild = mini ? Number(mini.result?.buildSeconds) : undefined;
    return {
      size,
      articles: ing.articles,
      queries: opts.perClass * QUERY_CLASSES.length,
      ingest: { parse: ing.parse, store: ing.store, index: ing.index, fts5Build, ...(miniBuild === undefined ? {} : { minisearchBuild: miniBuild }) },
      ours: { ...figures(ours, ing.perSecond, best('answered'), best('ready')), provisionalFirstAnswer: ours.answeredInfo.provisional === true, coldRuns },
      fts5: figures(fts, ing.articles / (storeSeconds + fts5Build), fts.answered, fts.ready),
      ...(mini && miniBuild !== undefined ? { minisearch: figures(mini, ing.articles / (storeSeconds + miniBuild), mini.answered, mini.ready) } : {}),
      digest,
    };
  } finally {
    if (opts.keep) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const reports: SizeReport[] = [];
  for (const size of opts.sizes) reports.push(await benchSize(size, opts));
  const env = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? '', date: new Date().toISOString() };
  const text = [
    `## Benchmark (${env.date.slice(0, 10)}, Node ${env.node}, ${env.cpus} × ${env.cpu})`,
    '',
    ...reports.map((r) => `${markdown(r)}\n`),
    `Total time ${((Date.now() - started) / 1000).toFixed(0)} s.`,
  ].join('\n');
  process.stdout.write(`${text}\n`);
  const dir = join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-${env.date.replace(/[:.]/g, '-')}${opts.quick ? '-quick' : ''}.json`);
  writeFileSync(file, JSON.stringify({ env, options: opts, reports }, null, 2));
  log(`wrote ${file}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
