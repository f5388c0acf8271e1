import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { createScheduler, SLOT_RETRY_MS } from '../../src/digest/scheduler';
import { silentLogger } from '../../src/core/log';
import { makeEnv, recordingLogger, type Env } from './helpers';

const local = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd HH:mm');

function withScheduler(env: Env) {
  const fires: { channel: string; day: string; at: number; now: number }[] = [];
  const scheduler = createScheduler({
    subscriptions: env.subs,
    timers: env.time.timers,
    clock: env.time.clock,
    log: silentLogger,
    fire: (due) => {
      for (const { channel, day, at } of due) fires.push({ channel, day, at: at.getTime(), now: env.time.now });
    },
  });
  scheduler.start();
  return { fires, scheduler };
}

test('09:00 Europe/Berlin fires at local 09:00 every day across the spring DST change, once a day', async () => {
  const env = makeEnv('2026-03-26T12:00:00Z');
  try {
    env.subscribe('console:berlin', { time: '09:00', timezone: 'Europe/Berlin' });
    const { fires, scheduler } = withScheduler(env);
    await env.time.advanceTo('2026-04-01T12:00:00Z');
    assert.deepEqual(
      fires.map((f) => new Date(f.at).toISOString()),
      [
        '2026-03-27T08:00:00.000Z', // CET, UTC+1
        '2026-03-28T08:00:00.000Z',
        '2026-03-29T07:00:00.000Z', // clocks went forward at 02:00: CEST, UTC+2
        '2026-03-30T07:00:00.000Z',
        '2026-03-31T07:00:00.000Z',
        '2026-04-01T07:00:00.000Z',
      ],
    );
    for (const f of fires) {
      assert.equal(local(f.now, 'Europe/Berlin').slice(11), '09:00', 'fired when the local clock showed 09:00');
      assert.equal(f.day, local(f.at, 'Europe/Berlin').slice(0, 10));
    }
    assert.equal(new Set(fires.map((f) => f.day)).size, fires.length, 'one fire per local day');
    assert.equal(scheduler.nextRun('console:berlin')?.toISOString(), '2026-04-02T07:00:00.000Z', 're-planned itself after each fire');
    scheduler.stop();
  } finally {
    env.close();
  }
});

test('09:00 Europe/Berlin fires at local 09:00 across the autumn DST change, once a day', async () => {
  const env = makeEnv('2026-10-23T12:00:00Z');
  try {
    env.subscribe('console:berlin');
    const { fires, scheduler } = withScheduler(env);
    await env.time.advanceTo('2026-10-27T12:00:00Z');
    assert.deepEqual(
      fires.map((f) => `${f.day} ${local(f.at, 'Europe/Berlin').slice(11)} ${new Date(f.at).toISOString().slice(11, 16)}Z`),
      ['2026-10-24 09:00 07:00Z', '2026-10-25 09:00 08:00Z', '2026-10-26 09:00 08:00Z', '2026-10-27 09:00 08:00Z'],
    );
    scheduler.stop();
  } finally {
    env.close();
  }
});

test('a time inside the repeated autumn hour fires only the first time round; one inside the spring gap fires when it ends', async () => {
  const env = makeEnv('2026-10-24T12:00:00Z');
  try {
    env.subscribe('console:night', { time: '02:30' });
    const { fires, scheduler } = withScheduler(env);
    await env.time.advanceTo('2026-10-26T12:00:00Z');
    // 02:30 happened twice on the 25th (00:30Z in CEST, 01:30Z in CET): one digest, the first.
    assert.deepEqual(
      fires.map((f) => new Date(f.at).toISOString()),
      ['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z'],
    );
    assert.deepEqual(
      fires.map((f) => f.day),
      ['2026-10-25', '2026-10-26'],
    );
    scheduler.stop();
  } finally {
    env.close();
  }

  const spring = makeEnv('2026-03-28T12:00:00Z');
  try {
    spring.subscribe('console:night', { time: '02:30' });
    const { fires, scheduler } = withScheduler(spring);
    await spring.time.advanceTo('2026-03-30T12:00:00Z');
    // 02:30 did not exist on the 29th: the digest goes at 03:00 CEST, still that day.
    assert.deepEqual(
      fires.map((f) => `${f.day} ${local(f.at, 'Europe/Berlin').slice(11)}`),
      ['2026-03-29 03:00', '2026-03-30 02:30'],
    );
    scheduler.stop();
  } finally {
    spring.close();
  }
});

test('changing, pausing or removing a subscription re-plans its timer without a restart', async () => {
  const env = makeEnv('2026-05-04T06:00:00Z'); // 08:00 in Berlin
  try {
    env.subscribe('console:a');
    env.subscribe('console:b');
    const { fires, scheduler } = withScheduler(env);
    assert.equal(scheduler.nextRun('console:a')?.toISOString(), '2026-05-04T07:00:00.000Z');

    env.subscribe('console:a', { time: '18:30' }); // re-subscribe with a new time
    assert.equal(scheduler.nextRun('console:a')?.toISOString(), '2026-05-04T16:30:00.000Z');
    env.subs.pause('console:b', { code: 'removed' }, env.time.now);
    assert.equal(scheduler.nextRun('console:b'), undefined);
    env.subscribe('console:c', { time: '12:00', timezone: 'Asia/Shanghai' }); // 04:00Z tomorrow
    await env.time.advanceTo('2026-05-05T06:00:00Z');
    assert.deepEqual(
      fires.map((f) => `${f.channel} ${new Date(f.at).toISOString()}`),
      ['console:a 2026-05-04T16:30:00.000Z', 'console:c 2026-05-05T04:00:00.000Z'],
      'the old 09:00 job is gone, the new 18:30 one fired; the paused one never fired',
    );

    env.subs.unsubscribe('console:a');
    env.subscribe('console:b'); // an admin resumes it
    await env.time.advanceTo('2026-05-06T06:00:00Z');
    assert.deepEqual(
      fires.slice(2).map((f) => `${f.channel} ${f.day}`),
      ['console:b 2026-05-05', 'console:c 2026-05-06'],
    );
    assert.equal(scheduler.nextRun('console:a'), undefined);
    scheduler.stop();
    assert.deepEqual(env.time.armed(), [], 'stop cancels every timer');
  } finally {
    env.close();
  }
});

test('a due minute when the subscriptions cannot be read (the store down) is logged and fired once they can, not lost or fatal', async () => {
  const env = makeEnv('2026-05-04T06:00:00Z');
  try {
    env.subscribe('console:a', { time: '09:00', timezone: 'Europe/Berlin' });
    let down = true;
    const subs = new Proxy(env.subs, {
      get(target, key, receiver) {
        if (key === 'getMany' && down)
          return () => {
            down = false;
            throw new Error('PostgreSQL is unreachable (connect ECONNREFUSED 127.0.0.1:5432)');
          };
        const v = Reflect.get(target, key, receiver) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const lines = recordingLogger().lines;
    const fires: number[] = [];
    const scheduler = createScheduler({
      subscriptions: subs,
      timers: env.time.timers,
      clock: env.time.clock,
      log: recordingLogger(lines),
      fire: (due) => fires.push(...due.map(() => env.time.now)),
    });
    scheduler.start();
    await env.time.advanceTo('2026-05-04T07:10:00Z');
    assert.deepEqual(
      fires.map((t) => new Date(t).toISOString()),
      [new Date(Date.parse('2026-05-04T07:00:00Z') + SLOT_RETRY_MS).toISOString()],
      'fired once, when the store answered again',
    );
    assert.deepEqual(
      lines.map((l) => l.msg),
      ['digests due now wait: the subscriptions cannot be read'],
    );
    assert.equal(scheduler.nextRun('console:a')?.toISOString(), '2026-05-05T07:00:00.000Z', 'and armed for the next day');
    scheduler.stop();
  } finally {
    env.close();
  }
});
