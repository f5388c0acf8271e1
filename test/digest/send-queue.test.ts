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

test('Discord runs at most 5 sends at once; the console is not paced', async () => {
  const { time, starts, send } = setup();
  await time.run(Promise.all(Array.from({ length: 12 }, (_, i) => send(`discord:${i}`, 100))));
  assert.deepEqual(
    starts.map((s) => s.at),
    [0, 0, 0, 0, 0, 100, 100, 100, 100, 100, 200, 200],
  );
  starts.length = 0;
  await time.run(Promise.all(Array.from({ length: 50 }, () => send('console:local', 100))));
  assert.ok(starts.every((s) => s.at === starts[0]!.at));
});
