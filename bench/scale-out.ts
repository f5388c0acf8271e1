// `npx tsx bench/scale-out.ts [--subscriptions N] [--instances 1,3] [--engines sqlite,postgres] [--pace default,open]`:
// digests a second delivered to the fake Telegram and fake Discord (test/fakes) by 1 and by 3 bot
// processes (`node src/main.ts`, as in production) sharing one database, N subscriptions (half
// each platform) due in the same minute. Rate = N / (last digest's arrival − first's) at the fakes;
// start-up (a few seconds per process) is reported apart. Pace "default" keeps each platform's
// pacing; "open" lifts it (1,000 sends/s, 50 Discord sends at a time) so the store and the
// processes are the limit. Both keep the 5-minute digest lease: a lease shorter than the longest
// stall of a process's thread makes sends twice (with 3 s on PostgreSQL here: 567 of 1,000).
// PostgreSQL is TEST_DATABASE_URL's server or a throwaway cluster.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openStoreDatabase } from '../src/store/db';
import { killAll, spawnBot, until, type BotProcess } from '../test/hardening/bot-process';
import { readLedger, startClusterWorld, type StoreTarget } from '../test/helpers/cluster';
import { scratchDatabase } from '../test/helpers/postgres';

const { values } = parseArgs({
  options: {
    subscriptions: { type: 'string', default: '1000' },
    instances: { type: 'string', default: '1,3' },
    engines: { type: 'string', default: 'sqlite,postgres' },
    pace: { type: 'string', default: 'default,open' },
  },
});
const N = Number(values.subscriptions);
const list = (s: string) => s.split(',').map((x) => x.trim());

const PACES: Record<string, Record<string, string>> = {
  default: {},
  open: {
    TELEGRAM_DIGEST_PER_SECOND: '1000',
    DISCORD_GLOBAL_REQUESTS_PER_SECOND: '1000',
    DISCORD_DIGEST_CONCURRENCY: '50',
  },
};

interface Run {
  engine: string;
  pace: string;
  instances: number;
  digestsPerSecond: number;
  sendSeconds: number;
  startSeconds: number;
  /** Digests each process sent. */
  split: number[];
  sentTwice: number;
}

const sentCount = (p: BotProcess) =>
  p
    .output()
    .split('\n')
    .filter((l) => l.includes('digest sent')).length;

async function one(engine: string, pace: string, instances: number): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-scale-'));
  let drop = async () => {};
  try {
    let target: StoreTarget;
    if (engine === 'sqlite') target = { path: join(dir, 'feedbot.db') };
    else {
      const pg = await scratchDatabase();
      if ('unavailable' in pg) throw new Error(`PostgreSQL unavailable: ${pg.unavailable}`);
      target = { url: pg.url };
      drop = pg.drop;
    }
    const world = await startClusterWorld(target, dir, N);
    try {
      const t0 = Date.now();
      const procs: BotProcess[] = [];
      for (let i = 1; i <= instances; i++) procs.push(spawnBot(await world.env(i, PACES[pace]!)));
      const sends = () => [
        ...world.tg.callsOf('sendMessage').filter((c) => !c.failed),
        ...world.dc.callsTo(/^POST \/channels\/\d+\/messages$/),
      ];
      await until(() => world.channels.every((c) => world.received(c).length > 0), 'every digest', 600_000);
      const at = sends()
        .map((c) => c.at)
        .sort((a, b) => a - b);
      const first = at[0]!;
      const last = at.at(-1)!;
      const sentTwice = world.channels.filter((c) => world.received(c).length > 1).length;
      for (const p of procs) await p.kill('SIGTERM');
      // Counted once they have stopped: a process logs a send when its answer is read, which can
      // be after the fake has recorded it.
      const split = procs.map(sentCount);
      const db = openStoreDatabase('path' in target ? target.path : target.url);
      try {
        const ledger = readLedger(db);
        if (ledger.byStatus.sent !== N) throw new Error(`ledger: ${JSON.stringify(ledger.byStatus)}`);
      } finally {
        db.close();
      }
      return {
        engine,
        pace,
        instances,
        digestsPerSecond: N / Math.max((last - first) / 1000, 0.001),
        sendSeconds: (last - first) / 1000,
        startSeconds: (first - t0) / 1000,
        split,
        sentTwice,
      };
    } finally {
      await killAll();
      await world.close();
    }
  } finally {
    await drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const runs: Run[] = [];
for (const engine of list(values.engines!))
  for (const pace of list(values.pace!))
    for (const n of list(values.instances!).map(Number)) {
      process.stderr.write(`[scale-out] ${engine}, pace ${pace}, ${n} instance(s), ${N} subscriptions…\n`);
      runs.push(await one(engine, pace, n));
    }

console.log(
  `\n${N} digests due at once; ${cpus().length} CPUs, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')} at the end\n`,
);
console.log('| engine | pace | instances | digests/s | sending (s) | start-up (s) | sent per process | sent twice |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of runs)
  console.log(
    `| ${r.engine} | ${r.pace} | ${r.instances} | ${r.digestsPerSecond.toFixed(0)} | ${r.sendSeconds.toFixed(1)} | ${r.startSeconds.toFixed(1)} | ${r.split.join(' + ')} | ${r.sentTwice} |`,
  );
process.exit(0);
