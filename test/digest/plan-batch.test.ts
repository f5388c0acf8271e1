import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachEngine } from '../helpers/engines';
import type { Reply } from '../../src/core/types';
import { DigestLedger } from '../../src/digest/ledger';
import { buildPlan } from '../../src/digest/plan';
import { createBatchPlanner, type DueDigest } from '../../src/digest/plan-batch';
import { createScheduler, type DueFire } from '../../src/digest/scheduler';
import { silentLogger } from '../../src/core/log';
import { countWork } from '../helpers/work-count';
import { makeEnv, perBlock, type Env } from './helpers';

const DAY = '2026-05-04';
const FILTERS = [[], ['cv'], ['nlp', 'llm'], ['rl']];

/** `n` channels in a few shapes: four filters × two locales × two watermarks. */
function subscribeMany(env: Env, n: number, prefix = 'telegram:'): string[] {
  const channels: string[] = [];
  const marks = [env.store.watermarkNow().seq - 6, env.store.watermarkNow().seq - 3];
  for (let i = 0; i < n; i++) {
    const channel = `${prefix}${-1000 - i}`;
    env.subs.subscribe(
      { channel, time: '09:00', timezone: 'Europe/Berlin', topics: FILTERS[i % 4]!, locale: i % 8 < 4 ? 'en' : 'zh' },
      { seq: marks[(i >> 3) % 2]!, at: 0 },
      env.time.now,
    );
    channels.push(channel);
  }
  return channels;
}

function plannerFor(env: Env, split: (r: Reply) => Reply[]) {
  const ledger = new DigestLedger(env.db, env.subs);
  let splits = 0;
  const planner = createBatchPlanner({
    db: env.db,
    ledger,
    store: env.store,
    subscriptions: env.subs,
    topics: env.topics,
    sender: {
      split: (_c, r) => {
        splits++;
        return split(r);
      },
    },
    maxEntries: 15,
  });
  return { planner, ledger, splits: () => splits };
}

forEachEngine('channels whose digests come out the same are rendered once, and each gets exactly the digest it would get alone', (f) => {
  const env = makeEnv('2026-05-04T06:00:00Z', { open: () => f.open() });
  try {
    env.addArticles(Array.from({ length: 30 }, (_, i) => ({ topics: [['cv'], ['nlp'], ['llm', 'cv'], ['rl']][i % 4]! })));
    const channels = subscribeMany(env, 400);
    const { planner, ledger, splits } = plannerFor(env, perBlock);
    const reference = channels.map((channel) => {
      const sub = env.subs.get(channel)!;
      return buildPlan({
        sub,
        candidates: env.store.seenAfter(sub.watermarkSeq),
        day: DAY,
        maxEntries: 15,
        topicName: (id) => env.topics.name(id, sub.locale),
        split: perBlock,
        now: env.time.now,
      });
    });
    const out = planner.plan(
      channels.map((channel) => ({ channel, day: DAY })),
      env.time.now,
    );
    assert.deepEqual(new Set(out.map((o) => o.kind)), new Set(['planned']));
    const distinct = new Set(reference.map((r) => JSON.stringify(r.parts))).size;
    assert.ok(distinct >= 8 && distinct <= 16, `a handful of distinct digests (${distinct})`);
    assert.equal(splits(), distinct, 'one rendering per distinct digest, not per channel');
    channels.forEach((channel, i) => {
      const [d] = ledger.history(channel);
      assert.ok(d, `${channel} has its digest`);
      assert.deepEqual(d.articleIds, reference[i]!.articleIds);
      assert.deepEqual(d.upTo, reference[i]!.upTo);
      assert.deepEqual(
        ledger.parts(d.id).map((p) => p.reply),
        reference[i]!.parts,
      );
    });
    // Planning the same day again (a second process, a retry) adds nothing.
    const again = planner.plan(
      channels.map((channel) => ({ channel, day: DAY })),
      env.time.now,
    );
    assert.deepEqual(new Set(again.map((o) => o.kind)), new Set(['exists']));
    assert.equal(env.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM digests').get()!.n, 400);
  } finally {
    env.close();
  }
});

forEachEngine('a paused channel, an unconfirmed earlier digest and a day already planned are each honoured inside the batch', (f) => {
  const env = makeEnv('2026-05-04T06:00:00Z', { open: () => f.open() });
  try {
    env.addArticles([{ topics: ['cv'] }, { topics: ['nlp'] }]);
    const [paused, blocked, done, fresh, empty] = ['telegram:-1', 'telegram:-2', 'telegram:-3', 'telegram:-4', 'telegram:-5'];
    for (const c of [paused!, blocked!, done!, fresh!])
      env.subs.subscribe({ channel: c, time: '09:00', timezone: 'Europe/Berlin', topics: [], locale: 'en' }, { seq: 0, at: 0 }, 0);
    env.subscribe(empty!); // starts at the newest article: nothing new
    env.subs.pause(paused!, { code: 'removed' }, env.time.now);
    const { planner, ledger } = plannerFor(env, (r) => [r]);
    planner.plan([{ channel: blocked!, day: '2026-05-03' }], env.time.now);
    planner.plan([{ channel: done!, day: DAY }], env.time.now);
    const out = planner.plan(
      [paused!, blocked!, done!, fresh!, empty!, 'telegram:-404'].map((channel) => ({ channel, day: DAY })),
      env.time.now,
    );
    assert.deepEqual(
      out.map((o) => `${o.channel} ${o.kind}`),
      [`${paused} inactive`, `${blocked} blocked`, `${done} exists`, `${fresh} planned`, `${empty} planned`, 'telegram:-404 inactive'],
    );
    const e = ledger.find(empty!, DAY)!;
    assert.equal(e.status, 'empty');
    assert.equal(ledger.parts(e.id).length, 0);
  } finally {
    env.close();
  }
});

test('planning work grows linearly with the number of channels due', () => {
  const work = (n: number) => {
    const env = makeEnv('2026-05-04T06:00:00Z');
    try {
      env.addArticles(Array.from({ length: 200 }, (_, i) => ({ topics: [['cv'], ['nlp'], ['llm']][i % 3]! })));
      // Every channel its own watermark, so shapes do not hide the per-channel cost.
      const items: DueDigest[] = [];
      for (let i = 0; i < n; i++) {
        const channel = `discord:${100000 + i}`;
        env.subs.subscribe(
          { channel, time: '09:00', timezone: 'Europe/Berlin', topics: FILTERS[i % 4]!, locale: 'en' },
          { seq: i % 150, at: 0 },
          0,
        );
        items.push({ channel, day: DAY });
      }
      const { planner } = plannerFor(env, (r) => [r]);
      planner.plan(items.slice(0, 1), env.time.now); // prepared statements and the index, built once
      return countWork(() => planner.plan(items.slice(1), env.time.now)).ops;
    } finally {
      env.close();
    }
  };
  const small = work(301);
  const large = work(1201);
  const ratio = large / small;
  assert.ok(ratio < 4.6, `4× the channels cost ${ratio.toFixed(2)}× the work (quadratic would be ~16×)`);
});

forEachEngine('channels due at one instant fire together, whatever their zone', async (f) => {
  const env = makeEnv('2026-05-04T06:00:00Z', { open: () => f.open() });
  try {
    for (let i = 0; i < 30; i++) env.subscribe(`console:b${i}`); // 09:00 Berlin = 07:00Z
    for (let i = 0; i < 20; i++) env.subscribe(`console:h${i}`, { time: '10:00', timezone: 'Europe/Helsinki' }); // also 07:00Z
    env.subscribe('console:late', { time: '09:01' });
    const fires: DueFire[][] = [];
    const scheduler = createScheduler({
      subscriptions: env.subs,
      timers: env.time.timers,
      clock: env.time.clock,
      log: silentLogger,
      fire: (due) => fires.push(due),
    });
    scheduler.start();
    await env.time.advanceTo('2026-05-04T07:05:00Z');
    assert.deepEqual(
      fires.map((f) => f.length),
      [50, 1],
    );
    assert.deepEqual(new Set(fires[0]!.map((d) => d.day)), new Set(['2026-05-04']));
    assert.equal(scheduler.nextRun('console:h3')?.toISOString(), '2026-05-05T07:00:00.000Z');
    scheduler.stop();
  } finally {
    env.close();
  }
});
