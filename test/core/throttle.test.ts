import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createThrottle } from '../../src/core/throttle';
import type { Invocation } from '../../src/core/router';

const inv = (user: string, channel = 'telegram:1'): Invocation => ({
  command: 'search',
  text: 'x',
  channel,
  caller: { id: user },
  locale: 'en',
  isPrivate: false,
  isChannelAdmin: async () => false,
});

test('a flooding user gets one "slow down", then silence, and others are unaffected', () => {
  let now = 0;
  const throttle = createThrottle(() => now, { userBurst: 5, userPerMinute: 10, channelBurst: 100, channelPerMinute: 100 });
  const verdicts = Array.from({ length: 1000 }, () => throttle(inv('spammer')));
  assert.equal(verdicts.filter((v) => v === null).length, 5);
  const warnings = verdicts.filter((v) => v !== null && v !== 'drop');
  assert.equal(warnings.length, 1);
  assert.match(JSON.stringify(warnings[0]), /slow down/);
  assert.equal(throttle(inv('someone-else')), null);
  now += 60_000;
  assert.equal(throttle(inv('spammer')), null, 'the bucket refills with time');
});

test('a busy channel is limited as a whole', () => {
  const throttle = createThrottle(() => 0, { userBurst: 100, userPerMinute: 100, channelBurst: 3, channelPerMinute: 3 });
  const results = ['a', 'b', 'c', 'd', 'e'].map((u) => throttle(inv(u, 'discord:9')));
  assert.deepEqual(results.slice(0, 3), [null, null, null]);
  assert.notEqual(results[3], null);
  assert.equal(throttle(inv('f', 'discord:10')), null);
});

test('exempt invocations are never throttled', () => {
  const throttle = createThrottle(
    () => 0,
    { userBurst: 1, userPerMinute: 1, channelBurst: 1, channelPerMinute: 1 },
    (i) => i.channel.startsWith('console:'),
  );
  for (let i = 0; i < 50; i++) assert.equal(throttle(inv('me', 'console:local')), null);
});
