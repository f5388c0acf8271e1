import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSendQueue } from '../../src/digest/send-queue';
import { FakeTime, PLATFORM_PACING } from './helpers';

function setup() {
  const time = new FakeTime('2026-05-04T07:00:00Z');
  const queue = createSendQueue({ clock: time.clock, sleep: time.sleep, pacing: (p) => PLATFORM_PACING[p] });
  const starts: { channel: string; at: number }[] = [];
  const send = (channel: string, latency = 0) =>
    queue.run(channel, async () => {
      starts.push({ channel, at: time.now - t0 });
      if (latency) await time.sleep(latency);
    });
  const t0 = time.now;
  return { time, queue, starts, send };
}

test('Telegram: one message a second per chat, 30 a second overall, spread over the second, other chats not held up', async () => {
  const { time, starts, send } = setup();
  const chats = Array.from({ length: 40 }, (_, i) => `telegram:${i}`);
  await time.run(Promise.all([send('telegram:0'), send('telegram:0'), ...chats.slice(1).map((c) => send(c)), send('telegram:0')]));
  assert.deepEqual(
    starts.filter((s) => s.channel === 'telegram:0').map((s) => s.at),
    [0, 1000, 2000],
  );
  const at = starts.map((s) => s.at).sort((a, b) => a - b);
  for (let i = 30; i < at.length; i++) assert.ok(at[i]! - at[i - 30]! >= 1000, 'at most 30 in any second');
  assert.equal(at.filter((t) => t === 0).length, 3, 'a tenth of a second’s worth at once, not the whole second’s');
  assert.ok(at.filter((t) => t < 1000).length >= 29, 'the first second is (nearly) full');
  assert.equal(starts.length, 42);
  assert.ok(
    starts.every((s) => s.at <= 2000),
    'nobody waits longer than needed',
  );
});

test('a clock that ticks while the queue decides never leaves sends waiting with no wake-up set', async () => {
  // A real clock moves on while the queue works (a busy event loop: planning, SQLite): each
  // reading here is 2 ms after the one before, and sends take 7–21 ms to be answered.
  const time = new FakeTime('2026-05-04T07:00:00Z');
  let skew = 0;
  const clock = () => time.now + (skew += 2);
  const queue = createSendQueue({ clock, sleep: time.sleep, pacing: (p) => PLATFORM_PACING[p] });
  let sent = 0;
  const chats = Array.from({ length: 300 }, (_, i) => `telegram:${i}`);
  const all = Promise.all(
    chats.map((c, i) =>
      queue.run(c, async () => {
        sent++;
        await time.sleep(7 * (1 + (i % 3)));
      }),
    ),
  );
  await time.run(all, 60_000);
  assert.equal(sent, 300);
});

test('a hold-off delays only that chat', async () => {
  const { time, queue, starts, send } = setup();
  queue.holdOff('telegram:1', 5000);
  await time.run(Promise.all([send('telegram:1'), send('telegram:2')]));
  assert.deepEqual(starts, [
    { channel: 'telegram:2', at: 0 },
    { channel: 'telegram:1', at: 5000 },
  ]);
});

test('Discord runs at most 13 sends at once, 50 a second; the console is not paced', async () => {
  const { time, starts, send } = setup();
  await time.run(Promise.all(Array.from({ length: 30 }, (_, i) => send(`discord:${i}`, 1000))));
  const at = starts.map((s) => s.at);
  assert.equal(at.filter((t) => t < 1000).length, 13, 'thirteen in flight, the rest wait for one to finish');
  assert.ok(at.slice(13).every((t) => t >= 1000));
  starts.length = 0;
  await time.run(Promise.all(Array.from({ length: 100 }, (_, i) => send(`discord:x${i}`))));
  const quick = starts.map((s) => s.at).sort((a, b) => a - b);
  for (let i = 50; i < quick.length; i++) assert.ok(quick[i]! - quick[i - 50]! >= 1000, 'at most 50 in any second');
  starts.length = 0;
  await time.run(Promise.all(Array.from({ length: 50 }, () => send('console:local', 100))));
  assert.ok(starts.every((s) => s.at === starts[0]!.at));
});

test('a retry or a later part goes ahead of the sends not yet begun, and is not held longer than its chat must wait', async () => {
  const { time, queue, starts, send } = setup();
  // 120 digests queued at once: at 30 a second the last of them starts about 4 s in.
  const fresh = Array.from({ length: 120 }, (_, i) => send(`telegram:${i}`));
  // Chat 7 was told "retry after 1 s" on its first try; its retry is queued behind all 120.
  queue.holdOff('telegram:1007', 1000);
  const retry = queue.run('telegram:1007', async () => {}, { first: true });
  const t0 = time.now;
  let retriedAt = -1;
  void retry.then(() => (retriedAt = time.now - t0));
  await time.run(Promise.all([...fresh, retry]));
  assert.ok(retriedAt >= 1000, `the retry waited as told (${retriedAt} ms)`);
  assert.ok(retriedAt <= 1100, `and no longer: it did not wait for the 120 queued before it (${retriedAt} ms)`);
  const last = Math.max(...starts.map((s) => s.at));
  assert.ok(last >= 3900, `the queued sends still kept the pace (${last} ms)`);
});

test('the next message to a chat waits its interval from the answer to the previous one', async () => {
  const { time, starts, send } = setup();
  // Telegram counts arrivals: a slow answer (the message reached it late) must not shorten the gap.
  await time.run(Promise.all([send('telegram:1', 400), send('telegram:1')]));
  assert.deepEqual(
    starts.map((s) => s.at),
    [0, 1400],
  );
});

test('while the platform holds every request (a global rate limit), nothing more is started', async () => {
  const time = new FakeTime('2026-05-04T07:00:00Z');
  let holdUntil = time.now + 1500;
  const queue = createSendQueue({
    clock: time.clock,
    sleep: time.sleep,
    pacing: () => ({ perSecond: 100, concurrency: 50, holdMs: () => Math.max(0, holdUntil - time.now) }),
  });
  const t0 = time.now;
  const starts: number[] = [];
  await time.run(Promise.all(Array.from({ length: 20 }, (_, i) => queue.run(`discord:${i}`, async () => void starts.push(time.now - t0)))));
  assert.ok(
    starts.every((t) => t >= 1500),
    `no send starts during the hold: ${starts.join(' ')}`,
  );
  assert.ok(starts.filter((t) => t === 1500).length <= 10, 'and they do not all start together when it ends');
  holdUntil = 0;
});

test('the work per send stays flat as the queue grows (thousands waiting, some chats held)', async () => {
  const examined = async (n: number) => {
    const time = new FakeTime('2026-05-04T07:00:00Z');
    const work = { examined: 0 };
    const queue = createSendQueue({ clock: time.clock, sleep: time.sleep, pacing: (p) => PLATFORM_PACING[p], work });
    // One chat in ten was told to wait: its send is passed over until then.
    for (let i = 0; i < n; i += 10) queue.holdOff(`telegram:${i}`, 2000 + i);
    await time.run(Promise.all(Array.from({ length: n }, (_, i) => queue.run(`telegram:${i}`, async () => {}))), 3_600_000);
    return work.examined;
  };
  const small = await examined(500);
  const large = await examined(4000);
  const ratio = large / small;
  assert.ok(ratio < 8 * 1.5, `8× the sends cost ${ratio.toFixed(1)}× the work (a scan of the queue per send would be ~64×)`);
});
