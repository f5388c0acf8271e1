// Per-key lanes (Telegram's per-chat update handling, the digest runtime's per-channel
// work): order within a key, no blocking across keys, failures contained.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeyedQueue } from '../../src/core/keyed-queue';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('KeyedQueue', () => {
  it('runs one key in order while another key goes ahead', async () => {
    const q = new KeyedQueue();
    const order: string[] = [];
    const gate = deferred();
    const otherDone = deferred();
    void q.run('a', async () => {
      await gate.promise;
      order.push('a1');
    });
    void q.run('a', async () => {
      order.push('a2');
    });
    void q.run('b', async () => {
      order.push('b1');
      otherDone.resolve();
    });
    await otherDone.promise;
    assert.deepEqual(order, ['b1'], 'key b was not held up by key a');
    assert.ok(q.has('a'));
    gate.resolve();
    await q.idle(5000);
    assert.deepEqual(order, ['b1', 'a1', 'a2']);
    assert.equal(q.size, 0);
    assert.ok(!q.has('a'));
  });

  it('hands a failure to its caller and keeps the lane going', async () => {
    const q = new KeyedQueue();
    let ran = false;
    const failed = q.run('a', async () => {
      throw new Error('boom');
    });
    const next = q.run('a', async () => {
      ran = true;
      return 42;
    });
    await assert.rejects(failed, /boom/);
    assert.equal(await next, 42);
    await q.idle(5000);
    assert.ok(ran);
  });

  it('idle() gives up after its timeout when a task never ends', async () => {
    const q = new KeyedQueue();
    void q.run('a', () => new Promise<void>(() => {}));
    const t0 = Date.now();
    await q.idle(50);
    assert.ok(Date.now() - t0 < 5000);
    assert.equal(q.size, 1);
  });
});
