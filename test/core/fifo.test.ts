import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Fifo } from '../../src/core/fifo';
import { countWork } from '../helpers/work-count';

test('a queue drained one by one keeps arrival order', () => {
  const q = new Fifo<number>();
  for (let i = 0; i < 3000; i++) q.push(i);
  const out: number[] = [];
  for (let i = 0; i < 1000; i++) out.push(q.shift()!);
  for (let i = 3000; i < 3500; i++) q.push(i);
  assert.equal(q.peek(), 1000);
  while (q.length) out.push(q.shift()!);
  assert.deepEqual(
    out,
    Array.from({ length: 3500 }, (_, i) => i),
  );
  assert.equal(q.shift(), undefined);
  assert.equal(q.length, 0);
});

test('draining a queue costs work linear in its length', () => {
  const work = (n: number) =>
    countWork(() => {
      const q = new Fifo<number>();
      for (let i = 0; i < n; i++) q.push(i);
      // Half drained, refilled, drained: compaction happens along the way.
      for (let i = 0; i < n / 2; i++) q.shift();
      for (let i = 0; i < n / 2; i++) q.push(i);
      while (q.length) q.shift();
    }).ops;
  const small = work(5_000);
  const large = work(40_000);
  assert.ok(large <= small * 8 * 1.5 + 100, `8× the items cost ${(large / Math.max(1, small)).toFixed(1)}× the work`);
});
