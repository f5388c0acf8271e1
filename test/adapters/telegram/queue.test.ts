// Per-chat lanes for update handling: order within a chat, no blocking across chats.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChatQueue, sleep } from '../../../src/adapters/telegram/queue';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('ChatQueue', () => {
  it('runs one chat in order while another chat goes ahead', async () => {
    const q = new ChatQueue(() => {});
    const order: string[] = [];
    const gate = deferred();
    const otherDone = deferred();
    q.run('a', async () => {
      await gate.promise;
      order.push('a1');
    });
    q.run('a', async () => {
      order.push('a2');
    });
    q.run('b', async () => {
      order.push('b1');
      otherDone.resolve();
    });
    await otherDone.promise;
    assert.deepEqual(order, ['b1'], 'chat b was not held up by chat a');
    gate.resolve();
    await q.drain(5000);
    assert.deepEqual(order, ['b1', 'a1', 'a2']);
    assert.equal(q.size, 0);
  });

  it('reports a failing task and keeps the lane going', async () => {
    const errors: unknown[] = [];
    const q = new ChatQueue((e) => errors.push(e));
    let ran = false;
    q.run('a', async () => {
      throw new Error('boom');
    });
    q.run('a', async () => {
      ran = true;
    });
    await q.drain(5000);
    assert.equal(errors.length, 1);
    assert.ok(ran);
  });
});

describe('sleep', () => {
  it('gives up at once when aborted', async () => {
    const ac = new AbortController();
    const pending = sleep(60_000, ac.signal);
    ac.abort();
    await assert.rejects(pending, /aborted/);
  });
});
