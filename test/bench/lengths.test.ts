import { test } from 'node:test';
import assert from 'node:assert/strict';
import { drawLength, MAX_DRAWN_LENGTH, MIN_LENGTH } from '../../bench/lengths';
import { Rng } from '../../bench/rng';

const draws = (n: number, seed: number): number[] => {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => drawLength(rng)).sort((a, b) => a - b);
};

test('realistic lengths: median ~4,000, one in ten over 15,000, none over the cap', () => {
  const xs = draws(20_000, 1);
  const median = xs[xs.length / 2]!;
  const over15k = xs.filter((x) => x > 15_000).length / xs.length;
  assert.ok(median > 3_700 && median < 4_300, `median ${median}`);
  assert.ok(over15k > 0.085 && over15k < 0.115, `over 15,000: ${over15k}`);
  assert.ok(xs[0]! >= MIN_LENGTH && xs.at(-1)! <= MAX_DRAWN_LENGTH, `range ${xs[0]}–${xs.at(-1)}`);
  // The tail reaches toward the cap without piling up on it.
  assert.ok(xs.at(-1)! > 30_000, `max ${xs.at(-1)}`);
  assert.ok(xs.filter((x) => x === MAX_DRAWN_LENGTH).length < 5);
});

test('lengths are the same for the same seed and differ for another', () => {
  assert.deepEqual(draws(500, 7), draws(500, 7));
  assert.notDeepEqual(draws(500, 7), draws(500, 8));
});
