// Digest planning for many subscriptions in one run, on the benchmark's
// archive: 10,000 subscriptions with topic filters (none, one or two
// topics) and watermarks (most a day or two behind, some weeks behind),
// each planned for the same day through the digest module's own planner
// (planDigest: existence check, candidates past the watermark, selection,
// rendering, the ledger row — one transaction each, as the runtime runs it).
// Two more passes show where the time goes: the same plans with the
// candidates read once for all subscriptions (a sketch of a batched planner),
// and the selection alone (selectDigest over that one read).
import { openApp } from '../src/app';
import { loadConfig } from '../src/config';
import type { Reply } from '../src/core/types';
import { DigestLedger } from '../src/digest/ledger';
import { selectDigest } from '../src/digest/build';
import { buildPlan, planDigest, type PlannerDeps } from '../src/digest/plan';
import { createCandidateReader } from '../src/digest/candidates';
import { SubscriptionStore } from '../src/store/subscriptions';
import type { Article } from '../src/store/types';
import { benchEnv } from './ingest';
import { Rng } from './rng';

export interface DigestResult {
  subscriptions: number;
  /** Candidate articles considered, summed over subscriptions. */
  candidates: number;
  /** Seconds for planDigest per subscription, as the runtime does it. */
  perSubscription: number;
  /** Seconds with one shared read of the candidates (bench-side sketch of a batched planner). */
  sharedRead: number;
  /** Seconds for the selection alone (selectDigest over one shared read; no rendering, no ledger). */
  selectOnly: number;
}

const DAY = '2026-02-02';

export function benchDigest(dbPath: string, count: number): DigestResult {
  const app = openApp(loadConfig(benchEnv(dbPath)));
  try {
    const subs = new SubscriptionStore(app.db);
    const ledger = new DigestLedger(app.db, subs);
    const newest = app.store.watermarkNow();
    const topicIds = app.taxonomy.topics.map((t) => t.id);
    const rng = new Rng(4242);
    const marks = new Map<string, number>();
    app.db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const r = rng.next();
        const behind = r < 0.8 ? rng.int(0, 100) : r < 0.95 ? rng.int(100, 1000) : rng.int(1000, 5000);
        const seq = Math.max(0, newest.seq - behind);
        const topics = rng.chance(0.4) ? [] : rng.chance(0.67) ? [rng.pick(topicIds)] : [rng.pick(topicIds), rng.pick(topicIds)];
        const channel = `bench:${i}`;
        subs.subscribe({ channel, time: '09:00', timezone: 'Asia/Shanghai', topics: [...new Set(topics)], locale: i % 2 ? 'zh' : 'en' }, { seq, at: 0 }, 0);
        marks.set(channel, seq);
      }
    })();
    const sender = { split: (_c: string, r: Reply) => [r], send: async () => ({ messageId: 'x' }) };
    // The runtime's planner shares one candidate reader across the subscriptions due together.
    const deps: PlannerDeps = { db: app.db, ledger, store: app.store, subscriptions: subs, topics: app.topics, sender, maxEntries: 15, candidatesAfter: createCandidateReader(app.store) };
    const now = Date.parse('2026-02-02T01:00:00Z');
    const channels = [...marks.keys()];
    let candidates = 0;
    for (const seq of marks.values()) candidates += newest.seq - seq;

    const t0 = performance.now();
    for (const channel of channels) planDigest(deps, channel, DAY, now);
    const perSubscription = (performance.now() - t0) / 1000;

    // Reset: the first pass wrote digests and moved watermarks of empty ones.
    app.db.exec(`DELETE FROM digest_parts; DELETE FROM digests;`);
    const restore = app.db.prepare('UPDATE subscriptions SET watermark_seq = ? WHERE channel = ?');
    app.db.transaction(() => {
      for (const [channel, seq] of marks) restore.run(seq, channel);
    })();

    // seenAfter is in seq order: the candidates past a watermark are a suffix.
    const suffix = (all: Article[], watermark: number) => {
      let lo = 0;
      let hi = all.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (all[mid]!.seq <= watermark) lo = mid + 1;
        else hi = mid;
      }
      return all.slice(lo);
    };
    const t1 = performance.now();
    app.db.transaction(() => {
      const active = subs.active();
      const all: Article[] = app.store.seenAfter(Math.min(...active.map((s) => s.watermarkSeq)));
      for (const sub of active) {
        const plan = buildPlan({
          sub,
          candidates: suffix(all, sub.watermarkSeq),
          day: DAY,
          maxEntries: 15,
          topicName: (id) => app.topics.name(id, sub.locale),
          split: (r) => [r],
          now,
        });
        ledger.insert(plan);
      }
    }).immediate();
    const sharedRead = (performance.now() - t1) / 1000;

    const t2 = performance.now();
    const active = subs.active();
    const all = app.store.seenAfter(Math.min(...active.map((s) => s.watermarkSeq)));
    for (const sub of active) selectDigest(suffix(all, sub.watermarkSeq), sub.topics, 15);
    const selectOnly = (performance.now() - t2) / 1000;
    return { subscriptions: count, candidates, perSubscription, sharedRead, selectOnly };
  } finally {
    app.close();
  }
}
