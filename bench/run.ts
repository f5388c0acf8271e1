// `npm run bench`: for each corpus profile (short, realistic) and size,
// builds the deterministic corpus, ingests it through the bot's real path
// (feed files → app.ingestSource → SQLite → search index), then measures our
// search and the baselines (FTS5 trigram, default MiniSearch, FlexSearch;
// each in a process of its own, under a heap and a time limit), digest
// planning, and search quality (public and body-deep queries), and prints a
// Markdown report, also written as JSON to bench/results/.
//   npm run bench                          both profiles at 10k and 100k articles
//   npm run bench -- --profile realistic   one profile
//   npm run bench -- --size 10000          one size (repeat --size or use commas for several)
//   npm run bench -- --quick               2k short + 500 realistic articles, 10 queries per class: ~15–20 s
// Options: --queries N (per class), --deep N (body-deep queries per form), --subscriptions N,
//          --cold-runs N, --no-minisearch, --no-flexsearch, --flexsearch-tokenize strict|forward,
//          --baseline-heap MB, --timeout S (per process), --keep.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SystemName } from './child';
import { corpusGenerator, type Profile } from './corpus';
import { benchDigest } from './digest';
import { benchFanout, type FanoutResult } from './fanout';
import { copyArticles } from './fts5';
import { ingestCorpus } from './ingest';
import { parseArgs, type Options } from './options';
import { QUERY_CLASSES } from './queries';
import { deepRecallCases, publicQueriesPath } from './recall';
import { fanoutMarkdown, markdown, type SizeReport, type SystemFigures } from './report';
import { runChild, type ChildReport } from './spawn';

const t0 = Date.now();
const log = (msg: string) => process.stderr.write(`[bench ${((Date.now() - t0) / 1000).toFixed(1)} s] ${msg}\n`);

/** Bytes under `path` (a file, or a directory's files, recursively). */
function diskBytes(path: string, skip: (name: string) => boolean = () => false): number {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.size;
  return readdirSync(path)
    .filter((name) => !skip(name))
    .reduce((sum, name) => sum + diskBytes(join(path, name)), 0);
}

function figures(c: ChildReport, extra: Partial<SystemFigures>): SystemFigures {
  const r = (c.result ?? {}) as Partial<SystemFigures> & { buildSeconds?: number };
  return {
    status: c.status,
    ...(c.message ? { message: c.message } : {}),
    coldAnswer: c.answered,
    ...(c.fallback === undefined ? {} : { coldFallback: c.fallback }),
    latency: r.latency,
    heapMB: r.heapMB,
    rssMB: r.rssMB,
    recall: r.recall,
    deepRecall: r.deepRecall,
    ...(r.buildSeconds === undefined ? {} : { buildSeconds: r.buildSeconds }),
    ...extra,
  };
}

async function benchSize(profile: Profile, size: number, opts: Options): Promise<SizeReport> {
  const dir = mkdtempSync(join(tmpdir(), `feedbot-bench-${profile}-${size}-`));
  const label = `${profile} ${size}`;
  try {
    const gen = corpusGenerator(profile, size, { deepPerForm: opts.deepPerForm });
    log(`${label}: generating and ingesting the corpus`);
    const ing = await ingestCorpus(dir, gen, log);
    log(
      `${label}: ${ing.articles} articles, ${(ing.feedBytes / 1e6).toFixed(0)} MB of feeds, ${ing.perSecond.toFixed(0)}/s (ingest ${ing.ingest.toFixed(1)} s, index ${ing.index.toFixed(1)} s)`,
    );
    const deepPath = join(dir, 'deep-cases.json');
    writeFileSync(deepPath, JSON.stringify(deepRecallCases(ing.dbPath, gen.deep.cases)));

    const limits = { timeoutSeconds: opts.timeoutSeconds };
    const child = (system: SystemName, dbPath: string, flag?: '--cold-only' | '--build') =>
      runChild(
        system,
        { dbPath, perClass: opts.perClass, deepPath, ...(flag ? { flag } : {}), env: { BENCH_FLEXSEARCH_TOKENIZE: opts.flexTokenize } },
        system === 'ours' ? limits : { ...limits, heapMB: opts.baselineHeapMB },
      );
    const coldRuns: SizeReport['coldRuns'] = [];
    for (let i = 0; i < opts.coldRuns; i++) {
      const c = await child('ours', ing.dbPath, '--cold-only');
      coldRuns.push({ answered: c.answered, fallback: c.fallback, status: c.status });
      log(
        `${label}: cold start ${i + 1}: ${c.status === 'ok' ? `answered at ${c.answered!.toFixed(2)} s${c.fallback === undefined ? '' : ` (fallback at ${c.fallback.toFixed(2)} s)`}` : c.message}`,
      );
    }
    log(`${label}: measuring our search`);
    const oursRun = await child('ours', ing.dbPath);
    coldRuns.push({ answered: oursRun.answered, fallback: oursRun.fallback, status: oursRun.status });
    const answered = coldRuns.filter((c) => c.status === 'ok' && c.answered !== undefined);
    const best = answered.reduce<(typeof answered)[number] | undefined>((b, c) => (!b || c.answered! < b.answered! ? c : b), undefined);
    // Everything in the directory but the bench's own files: the database and whatever our search persists beside it.
    const oursDisk = diskBytes(dir, (name) => name === 'deep-cases.json' || name.startsWith('baseline.db'));
    const ours = figures(oursRun, {
      ingestPerSecond: ing.perSecond,
      diskMB: oursDisk / 1e6,
      coldAnswer: best?.answered,
      coldFallback: best?.fallback,
    });

    // MiniSearch and FlexSearch read one copy; FTS5 writes its index into another, so a build
    // killed half-way (time or memory) leaves nothing the others have to recover.
    const baselineDb = join(dir, 'baseline.db');
    const fts5Db = join(dir, 'baseline.db-fts5');
    const t0 = performance.now();
    copyArticles(ing.dbPath, baselineDb);
    const copy = (performance.now() - t0) / 1000;
    copyFileSync(baselineDb, fts5Db);
    const articlesMB = diskBytes(baselineDb) / 1e6;
    log(`${label}: baselines' database copied in ${copy.toFixed(1)} s; building the FTS5 trigram index`);
    const build = await child('fts5', fts5Db, '--build');
    const fts5Build = Number(build.result?.buildSeconds);
    let fts5: SystemFigures;
    if (build.status !== 'ok') {
      fts5 = { status: build.status, message: `building the index: ${build.message}` };
      log(`${label}: FTS5: ${fts5.message}`);
    } else {
      log(`${label}: FTS5 index built in ${fts5Build.toFixed(1)} s; measuring FTS5`);
      fts5 = figures(await child('fts5', fts5Db), {
        ingestPerSecond: ing.articles / (ing.ingest + fts5Build),
        diskMB: diskBytes(fts5Db) / 1e6,
        buildSeconds: fts5Build,
      });
    }
    const systems: SizeReport['systems'] = { ours, fts5 };
    for (const system of ['minisearch', 'flexsearch'] as const) {
      if (!opts[system]) continue;
      log(`${label}: measuring ${system}`);
      const c = await child(system, baselineDb);
      const build = Number(c.result?.buildSeconds ?? c.answeredInfo?.buildSeconds);
      systems[system] = figures(c, {
        ingestPerSecond: Number.isFinite(build) ? ing.articles / (ing.ingest + build) : undefined,
        diskMB: articlesMB,
      });
      if (c.status !== 'ok') log(`${label}: ${system}: ${c.message}`);
    }
    const digest: NonNullable<SizeReport['digest']> = [];
    if ((opts.digestProfile ?? profile) === profile) {
      for (const n of opts.subscriptions) {
        // The planner before batching only at up to 10,000: at 100,000 it would take minutes.
        const legacy = !opts.quick && n <= 10_000;
        log(`${label}: planning digests for ${n} subscriptions${legacy ? ' (and per subscription, as before batching)' : ''}`);
        const d = benchDigest(ing.dbPath, n, { legacy, timeoutSeconds: opts.timeoutSeconds });
        log(
          `${label}: ${n} subscriptions planned in ${d.seconds.toFixed(2)} s (${d.shapes} renderings for ${d.planned} digests), peak RSS ${d.peakRssMB.toFixed(0)} MB${d.legacySeconds === undefined ? '' : `; per subscription ${d.legacySeconds.toFixed(2)} s`}`,
        );
        digest.push(d);
      }
    }
    return {
      profile,
      size,
      articles: ing.articles,
      queries: opts.perClass * QUERY_CLASSES.length,
      corpus: { feedMB: ing.feedBytes / 1e6, files: ing.files, chars: ing.chars },
      ingest: { ingest: ing.ingest, index: ing.index, copy, fts5Build: Number.isFinite(fts5Build) ? fts5Build : undefined },
      systems,
      coldRuns,
      ...(digest.length ? { digest } : {}),
      limits: { heapMB: opts.baselineHeapMB, timeoutSeconds: opts.timeoutSeconds, flexTokenize: opts.flexTokenize },
    };
  } finally {
    if (opts.keep) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  log(`public queries from ${publicQueriesPath()}`);
  const reports: SizeReport[] = [];
  if (!opts.fanoutOnly)
    for (const profile of opts.profiles) for (const size of opts.sizes[profile]) reports.push(await benchSize(profile, size, opts));
  let fanout: FanoutResult | undefined;
  if (opts.fanout > 0) {
    fanout = await benchFanout(opts.fanout, { scale: opts.fanoutScale, timeoutSeconds: opts.timeoutSeconds, log });
    log(
      `fan-out: Telegram ${(100 * fanout.telegram.share).toFixed(0)}%, Discord ${(100 * fanout.discord.share).toFixed(0)}% of the limit; ${fanout.delivered} delivered, ${fanout.duplicated} duplicated, ${fanout.lost} lost`,
    );
  }
  const env = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? '', date: new Date().toISOString() };
  const text = [
    `## Benchmark (${env.date.slice(0, 10)}, Node ${env.node}, ${env.cpus} × ${env.cpu})`,
    '',
    ...reports.map((r) => `${markdown(r)}\n`),
    ...(fanout ? [`${fanoutMarkdown(fanout)}\n`] : []),
    `Total time ${((Date.now() - started) / 1000).toFixed(0)} s.`,
  ].join('\n');
  process.stdout.write(`${text}\n`);
  const dir = join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-${env.date.replace(/[:.]/g, '-')}${opts.quick ? '-quick' : ''}.json`);
  writeFileSync(file, JSON.stringify({ env, options: opts, reports, fanout }, null, 2));
  log(`wrote ${file}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
