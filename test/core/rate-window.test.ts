import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RateWindow } from '../../src/core/rate-window';
import { busiestSecond } from '../helpers/busiest-second';

/** Starts as many as the window allows, each time `clock` reaches a wake-up; returns the start times. */
function drive(rate: RateWindow, wakeUps: number[], want: number): number[] {
  const starts: number[] = [];
  for (const now of wakeUps) {
    while (starts.length < want && rate.freeAt(now) <= now) {
      rate.record(now);
      starts.push(now);
    }
  }
  return starts;
}

test('at most perSecond starts in any second, and at most a tenth of a second of them at once', () => {
  const rate = new RateWindow(50);
  const ticks = Array.from({ length: 4000 }, (_, i) => i); // woken every millisecond for 4 s
  const starts = drive(rate, ticks, 1000);
  assert.ok(starts.length >= 150, `it keeps going at about its rate (${starts.length} in 4 s)`);
  assert.ok(busiestSecond(starts) <= 50, `busiest second: ${busiestSecond(starts)}`);
  const atOnce = Math.max(...[...new Set(starts)].map((t) => starts.filter((s) => s === t).length));
  assert.ok(atOnce <= 5, `at most 5 starts in one instant, saw ${atOnce}`);
});

test('after a stall it does not make up for the lost time: the second around it stays within the rate', () => {
  const rate = new RateWindow(50);
  // Woken every millisecond, except for 400 ms in the middle of the second second (an event-loop stall).
  const ticks = Array.from({ length: 4000 }, (_, i) => i).filter((t) => t < 1300 || t >= 1700);
  const starts = drive(rate, ticks, 1000);
  assert.ok(busiestSecond(starts) <= 50, `busiest second: ${busiestSecond(starts)}`);
  assert.equal(starts.filter((t) => t > 1300 && t < 1700).length, 0);
});

test('drain() makes the next starts wait their spacing instead of leaving together', () => {
  const rate = new RateWindow(100);
  assert.ok(rate.freeAt(0) <= 0, 'a fresh window has room at once');
  rate.drain();
  const next = rate.freeAt(0);
  assert.ok(next > 0, `a drained window waits (${next})`);
  assert.ok(next <= 10, `one start's spacing at 100/s, not a whole second (${next})`);
});

test('a rate under one a second still lets one through, then spaces them', () => {
  const rate = new RateWindow(0.5);
  const starts = drive(
    rate,
    Array.from({ length: 10_000 }, (_, i) => i),
    10,
  );
  assert.ok(starts.length >= 4 && starts.length <= 6, `about one every 2 s over 10 s: ${starts.length}`);
  assert.throws(() => new RateWindow(0), RangeError);
});
