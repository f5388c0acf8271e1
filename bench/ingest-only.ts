// Only the ingest part of `npm run bench`, on a corpus written once and kept: for working on
// ingest throughput without regenerating the corpus or measuring search. The same path as
// bench/ingest.ts (each feed file through app.ingestSource, then the search indexes brought up
// to date), with the storing phase and the index catch-up timed apart, in wall-clock and CPU
// seconds (CPU time is the steadier figure on a shared machine), and optionally CPU-profiled.
//   npx tsx bench/ingest-only.ts prepare DIR [--profile short|realistic] [--size N]   write the feed files
//   npx tsx bench/ingest-only.ts run DIR [--cpu-profile]     fresh database: store every file, then index
//   npx tsx bench/ingest-only.ts index DIR [--cpu-profile]   only the index catch-up, on a copy of the stored database
// `run` keeps DIR/stored.db (the database before indexing) for `index`; profiles go to DIR/*.cpuprofile.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { openApp, type App } from '../src/app';
import { loadConfig } from '../src/config';
import { corpusGenerator, corpusParts, PROFILES, type Profile } from './corpus';
import { feedFiles } from './feed-files';
import { benchClock, benchEnv, searchLifecycle } from './ingest';
import { requireSqlite } from '../src/store/db';

const USAGE = 'usage: npx tsx bench/ingest-only.ts prepare|run|index DIR [--profile short|realistic] [--size N] [--cpu-profile]';

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/**
 * CPU seconds of the main thread alone (Linux: its utime + stime in /proc), NaN elsewhere:
 * with work in worker threads, the main thread's share is the critical path.
 */
function mainThreadCpu(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Runs `fn`, timed, and CPU-profiled into `profilePath` when given. */
async function measure(profilePath: string | null, fn: () => Promise<void>): Promise<{ wall: number; cpu: number; main: number }> {
  const session = profilePath ? new Session() : null;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const t0 = performance.now();
  const c0 = cpuSeconds();
  const m0 = mainThreadCpu();
  await fn();
  const out = { wall: (performance.now() - t0) / 1000, cpu: cpuSeconds() - c0, main: mainThreadCpu() - m0 };
  if (session && profilePath) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(profilePath, JSON.stringify(profile));
    session.disconnect();
  }
  return out;
}

function freshDb(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '.search-index']) rmSync(path + suffix, { force: true });
}

const rate = (n: number, s: number) => `${(n / s).toFixed(0)}/s`;

async function indexPhase(app: App, dir: string, profile: boolean): Promise<number> {
  const n = app.store.count();
  const t = await measure(profile ? join(dir, 'index.cpuprofile') : null, async () => {
    const search = searchLifecycle(app);
    search.refresh();
    await search.whenReady();
  });
  console.log(
    `index: ${t.wall.toFixed(1)} s wall, ${t.cpu.toFixed(1)} s CPU, ${t.main.toFixed(1)} s of it in the main thread (${rate(n, t.wall)} wall, ${rate(n, t.cpu)} CPU)`,
  );
  return t.wall;
}

async function main(): Promise<void> {
  const [mode, dir, ...rest] = process.argv.slice(2);
  if (!dir || !['prepare', 'run', 'index'].includes(mode ?? '')) throw new Error(USAGE);
  const flag = (name: string) => {
    const i = rest.indexOf(name);
    return i < 0 ? undefined : (rest[i + 1] ?? '');
  };
  const profile = rest.includes('--cpu-profile');
  const filesList = join(dir, 'files.json');
  if (mode === 'prepare') {
    const p = (flag('--profile') ?? 'realistic') as Profile;
    if (!PROFILES.includes(p)) throw new Error(`unknown profile ${p}`);
    const size = Number(flag('--size') ?? 10_000);
    mkdirSync(join(dir, 'feeds'), { recursive: true });
    const files: string[] = [];
    const format = (n: number) => (p === 'realistic' && n % 2 ? 'rss' : 'json');
    for (const f of feedFiles(corpusParts(corpusGenerator(p, size)), join(dir, 'feeds'), { format })) files.push(f.path);
    writeFileSync(filesList, JSON.stringify(files));
    console.log(`${files.length} feed files in ${join(dir, 'feeds')}`);
    return;
  }
  const dbPath = join(dir, 'feedbot.db');
  freshDb(dbPath);
  if (mode === 'index') copyFileSync(join(dir, 'stored.db'), dbPath);
  const app = openApp(loadConfig(benchEnv(dbPath)), { clock: benchClock() });
  try {
    if (mode === 'index') {
      await indexPhase(app, dir, profile);
      return;
    }
    const files = JSON.parse(readFileSync(filesList, 'utf8')) as string[];
    const t = await measure(profile ? join(dir, 'store.cpuprofile') : null, async () => {
      for (const f of files) await app.ingestSource(f);
    });
    const n = app.store.count();
    console.log(
      `store: ${n} articles, ${t.wall.toFixed(1)} s wall, ${t.cpu.toFixed(1)} s CPU (${rate(n, t.wall)} wall, ${rate(n, t.cpu)} CPU)`,
    );
    requireSqlite(app.db, 'the ingest bench').pragma('wal_checkpoint(TRUNCATE)');
    copyFileSync(dbPath, join(dir, 'stored.db'));
    const index = await indexPhase(app, dir, profile);
    console.log(`total: ${rate(n, t.wall + index)} wall`);
  } finally {
    app.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
