// Digest planning measured in a process of its own, so its peak RSS is the planner's:
// N subscriptions due at the same minute on the benchmark's archive (topic filters of
// none, one or two topics; half Telegram, half Discord; half zh), planned the way the
// digest runtime plans them (createBatchPlanner, chunks of PLAN_CHUNK, one IMMEDIATE
// transaction each, the real adapters' splitters).
// Watermarks, by default, as the runtime leaves them: a digest moves its subscription's
// watermark to the newest article when it was planned, so channels due at one minute sit
// at the boundary of their last digest — 85% yesterday's (25 articles a day), 7% a few
// days back, 3% weeks or months back (failing, paused), 5% subscribed since yesterday
// (anywhere in the last day). --spread instead puts every subscription at its own random
// point (80% 0–100 articles behind, 15% 100–1,000, 5% 1,000–5,000): almost no two
// digests alike, the planner's worst case and the distribution measured before batching.
// --legacy also times planDigest per subscription (one transaction each, as before batching).
// Prints one JSON line: {seconds, cpuSeconds, legacySeconds?, candidates, planned, shapes, peakRssMB, baseRssMB}.
// Usage: tsx bench/digest-child.ts <db path> <subscriptions> [--legacy] [--spread]
import { openApp } from '../src/app';
import { loadConfig } from '../src/config';
import { splitReply as discordSplit } from '../src/adapters/discord/split';
import { splitReply as telegramSplit } from '../src/adapters/telegram/split';
import type { Reply } from '../src/core/types';
import { createCandidateReader } from '../src/digest/candidates';
import { DigestLedger } from '../src/digest/ledger';
import { planDigest } from '../src/digest/plan';
import { createBatchPlanner, PLAN_CHUNK, type DueDigest } from '../src/digest/plan-batch';
import { SubscriptionStore } from '../src/store/subscriptions';
import { benchEnv } from './ingest';
import { Rng } from './rng';
import { startProfile } from './profile';

const DAY = '2026-02-02';
const [dbPath, countArg, ...flags] = process.argv.slice(2) as [string, string, ...string[]];
const PER_DAY = 25;
const count = Number(countArg);
const app = openApp(loadConfig(benchEnv(dbPath)));
const subs = new SubscriptionStore(app.db);
const ledger = new DigestLedger(app.db, subs);
const newest = app.store.watermarkNow();
const topicIds = app.taxonomy.topics.map((t) => t.id);
const rng = new Rng(4242);
const marks = new Map<string, number>();
app.db.exec('DELETE FROM digest_parts; DELETE FROM digests; DELETE FROM subscriptions;');
app.db.transaction(() => {
  for (let i = 0; i < count; i++) {
    const r = rng.next();
    const behind = flags.includes('--spread')
      ? r < 0.8
        ? rng.int(0, 100)
        : r < 0.95
          ? rng.int(100, 1000)
          : rng.int(1000, 5000)
      : r < 0.85
        ? PER_DAY
        : r < 0.92
          ? PER_DAY * rng.int(2, 7)
          : r < 0.95
            ? PER_DAY * rng.int(8, 200)
            : rng.int(0, PER_DAY - 1);
    const seq = Math.max(0, newest.seq - behind);
    const topics = rng.chance(0.4) ? [] : rng.chance(0.67) ? [rng.pick(topicIds)] : [rng.pick(topicIds), rng.pick(topicIds)];
    const channel = i % 2 ? `telegram:${-1_000_000_000 - i}` : `discord:${100_000_000_000 + i}`;
    subs.subscribe(
      { channel, time: '09:00', timezone: 'Asia/Shanghai', topics: [...new Set(topics)], locale: i % 4 < 2 ? 'zh' : 'en' },
      { seq, at: 0 },
      0,
    );
    marks.set(channel, seq);
  }
})();
let candidates = 0;
for (const seq of marks.values()) candidates += newest.seq - seq;
let renders = 0;
const sender = {
  split: (channel: string, r: Reply) => {
    renders++;
    return channel.startsWith('telegram:') ? telegramSplit(r) : discordSplit(r);
  },
  send: async () => ({ messageId: 'x' }),
};
const now = Date.parse('2026-02-02T01:00:00Z');
const due: DueDigest[] = [...marks.keys()].map((channel) => ({ channel, day: DAY }));
const baseRssMB = process.resourceUsage().maxRSS / 1024;

const plannerDeps = { db: app.db, ledger, store: app.store, subscriptions: subs, topics: app.topics, sender, maxEntries: 15 };
const planner = createBatchPlanner(plannerDeps);
// DIGEST_CPU_PROFILE=<file>: a CPU profile of the planning alone (not the setup), for finding where it goes.
const profile = process.env.DIGEST_CPU_PROFILE ? await startProfile() : undefined;
const t0 = performance.now();
const cpu0 = process.cpuUsage();
let planned = 0;
for (let i = 0; i < due.length; i += PLAN_CHUNK) {
  for (const o of planner.plan(due.slice(i, i + PLAN_CHUNK), now)) if (o.kind === 'planned') planned++;
}
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
// CPU time too: on a shared machine wall time also counts waiting for a core.
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const peakRssMB = process.resourceUsage().maxRSS / 1024;
if (profile) await profile(process.env.DIGEST_CPU_PROFILE!);
const shapes = renders;

let legacySeconds: number | undefined;
if (flags.includes('--legacy')) {
  // The same plans again, one transaction per subscription as before batching.
  app.db.exec('DELETE FROM digest_parts; DELETE FROM digests;');
  const restore = app.db.prepare('UPDATE subscriptions SET watermark_seq = ? WHERE channel = ?');
  app.db.transaction(() => {
    for (const [channel, seq] of marks) restore.run(seq, channel);
  })();
  const deps = { ...plannerDeps, candidatesAfter: createCandidateReader(app.store) };
  const t1 = performance.now();
  for (const { channel } of due) planDigest(deps, channel, DAY, now);
  legacySeconds = (performance.now() - t1) / 1000;
}
app.close();
process.stdout.write(`${JSON.stringify({ seconds, cpuSeconds, legacySeconds, candidates, planned, shapes, peakRssMB, baseRssMB })}\n`);
