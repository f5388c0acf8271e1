// Several processes sharing a fan-out: a process claims (leases) a digest only when its send
// queue has room for it (Pacing.ahead: four seconds' worth at the platform's rate), so a
// second process takes the digests the first has no room for yet — both send, and a process
// that dies strands only what it had claimed, not everything it had planned.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DigestSender } from '../../src/core/sender';
import { AHEAD_SECONDS } from '../../src/digest/send-queue';
import { TELEGRAM_PACING } from '../../src/adapters/telegram/delivery';
import { makeEnv, type Env } from './helpers';

const CHANNELS = 600;

/** The shared recording sender, seen through one process: counts its sends and the most leases it held at a send. */
function through(env: Env, holder: string, seen: { sent: number; maxLeases: number }): DigestSender {
  const leases = env.db.prepare<[string], number>('SELECT count(*) FROM digests WHERE lease_holder = ?').pluck();
  return {
    split: (channel, reply) => env.sender.split(channel, reply),
    pacing: (p) => env.sender.pacing(p),
    async send(channel, reply, context) {
      seen.maxLeases = Math.max(seen.maxLeases, leases.get(holder)!);
      const r = await env.sender.send(channel, reply, context);
      seen.sent++;
      return r;
    },
  };
}

test('two processes at one minute share the fan-out, each claiming only what it has room for', async () => {
  const env = makeEnv('2026-05-04T06:00:00Z');
  try {
    const channels = Array.from({ length: CHANNELS }, (_, i) => `telegram:${-100_000 - i}`);
    for (const c of channels) env.subscribe(c);
    env.addArticles([{ topics: ['cv'] }]);
    env.sender.latencyFor = () => 100;
    const a = { sent: 0, maxLeases: 0 };
    const b = { sent: 0, maxLeases: 0 };
    const ra = env.runtime({ holder: 'a', sender: through(env, 'a', a) });
    const rb = env.runtime({ holder: 'b', sender: through(env, 'b', b), proc: env.openProcess() });
    await env.time.run(Promise.all([ra.start(), rb.start()]));
    await env.time.advanceTo('2026-05-04T07:10:00Z');

    for (const c of channels) assert.equal(env.sender.sentTo(c).length, 1, `${c} got its digest exactly once`);
    assert.equal(a.sent + b.sent, CHANNELS);
    const ahead = TELEGRAM_PACING.perSecond! * AHEAD_SECONDS;
    assert.ok(a.maxLeases <= ahead && b.maxLeases <= ahead, `at most ${ahead} claimed at once (a ${a.maxLeases}, b ${b.maxLeases})`);
    // Each paced at 30 a second: an even share, not whatever one process planned first.
    assert.ok(Math.min(a.sent, b.sent) >= CHANNELS / 3, `both sent a share: a ${a.sent}, b ${b.sent}`);
    await Promise.all([ra.stop(), rb.stop()]);
  } finally {
    env.close();
  }
});
