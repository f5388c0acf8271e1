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

test('a hold-off delays only that chat', async () => {
  const { time, queue, starts, send } = setup();
  queue.holdOff('telegram:1', 5000);
  await time.run(Promise.all([send('telegram:1'), send('telegram:2')]));
  assert.deepEqual(starts, [
    { channel: 'telegram:2', at: 0 },
    { channel: 'telegram:1', at: 5000 },
  ]);
});

test('Discord runs at most 13 sends at once, 48 a second; the console is not paced', async () => {
  const { time, starts, send } = setup();
  await time.run(Promise.all(Array.from({ length: 30 }, (_, i) => send(`discord:${i}`, 1000))));
  const at = starts.map((s) => s.at);
  assert.equal(at.filter((t) => t < 1000).length, 13, 'thirteen in flight, the rest wait for one to finish');
  assert.ok(at.slice(13).every((t) => t >= 1000));
  starts.length = 0;
  await time.run(Promise.all(Array.from({ length: 100 }, (_, i) => send(`discord:x${i}`))));
  const quick = starts.map((s) => s.at).sort((a, b) => a - b);
  for (let i = 48; i < quick.length; i++) assert.ok(quick[i]! - quick[i - 48]! >= 1000, 'at most 48 in any second');
  starts.length = 0;
  await time.run(Promise.all(Array.from({ length: 50 }, () => send('console:local', 100))));
  assert.ok(starts.every((s) => s.at === starts[0]!.at));
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
