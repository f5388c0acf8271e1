import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Logger } from '../../src/core/log';
import { REPEAT_WINDOW_MS } from '../../src/core/repeat-log';
import { DeliveryLanes } from '../../src/digest/lanes';

type Line = { level: string; msg: string; ctx?: Record<string, unknown> };

function recordingLogger(lines: Line[]): Logger {
  const at = (level: string) => (msg: string, ctx?: Record<string, unknown>) => void lines.push({ level, msg, ctx });
  const log: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => log };
  return log;
}

const outcome = (channel: string) => ({ kind: 'sent', channel });

test('a failure every channel meets (the store unreachable) is logged once, then counted when it ends', async () => {
  const lines: Line[] = [];
  let now = 0;
  const lanes = new DeliveryLanes(
    'digest',
    recordingLogger(lines),
    () => false,
    () => now,
  );
  const down = () => Promise.reject(new Error('PostgreSQL is unreachable (ECONNREFUSED)'));
  const results = await Promise.all(Array.from({ length: 50 }, (_, i) => lanes.serial(`telegram:${i}`, down)));
  assert.ok(
    results.every((r) => r.kind === 'error'),
    'every task still reports its failure',
  );
  const errors = () => lines.filter((l) => l.level === 'error');
  assert.equal(errors().length, 1, 'one error line for 50 failures alike');
  assert.equal(errors()[0]!.msg, 'digest delivery failed');
  // The store is back: the next delivery says how many more had failed.
  await lanes.serial('telegram:ok', () => Promise.resolve(outcome('telegram:ok')));
  assert.equal(errors().length, 2);
  assert.equal(errors()[1]!.msg, '49 more digest deliveries failed the same way');
  // A different failure is its own line at once; the same one after the window, too.
  await lanes.serial('telegram:a', () => Promise.reject(new Error('disk full')));
  await lanes.serial('telegram:b', () => Promise.reject(new Error('disk full')));
  now += REPEAT_WINDOW_MS;
  await lanes.serial('telegram:c', () => Promise.reject(new Error('disk full')));
  assert.deepEqual(
    errors()
      .slice(2)
      .map((l) => l.msg),
    ['digest delivery failed', '1 more digest delivery failed the same way', 'digest delivery failed'],
  );
});
