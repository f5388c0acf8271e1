import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Admission } from '../../src/digest/admission';

const flush = () => new Promise((resolve) => setImmediate(resolve));

test('at most `limit` inside at once; the rest admitted in arrival order as room is made', async () => {
  const gate = new Admission(2);
  const order: number[] = [];
  const leaves: (() => void)[] = [];
  for (let i = 0; i < 5; i++)
    void gate.enter().then((leave) => {
      order.push(i);
      leaves.push(leave);
    });
  await flush();
  assert.deepEqual(order, [0, 1]);
  assert.deepEqual(gate.state, { held: 2, waiting: 3 });
  leaves[1]!();
  leaves[1]!(); // leaving twice makes room once
  await flush();
  assert.deepEqual(order, [0, 1, 2]);
  assert.deepEqual(gate.state, { held: 2, waiting: 2 });
  leaves[0]!();
  leaves[2]!();
  await flush();
  assert.deepEqual(order, [0, 1, 2, 3, 4]);
});
