import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEditReader } from '../../src/digest/edit-reader';
import { countWork } from '../helpers/work-count';
import { makeEnv } from './helpers';

test('the edit reader answers every watermark from one read, and sees a later edit at once', () => {
  const env = makeEnv('2026-05-04T07:00:00Z');
  try {
    const arts = env.addArticles(Array.from({ length: 50 }, () => ({ topics: ['cv'] })));
    for (const a of arts) env.editArticle(a, { summary: `${a.summary} Extended.` });
    const read = createEditReader(env.store);
    assert.deepEqual(
      read(40).map((a) => a.editedSeq),
      [41, 42, 43, 44, 45, 46, 47, 48, 49, 50],
    );
    // A thousand subscriptions at a few watermarks: rows are read from SQLite once, not per subscription.
    const rowsRead = countWork(() => {
      for (let i = 0; i < 1000; i++) read(40 + (i % 5));
    });
    const direct = countWork(() => {
      for (let i = 0; i < 1000; i++) env.store.editedAfter(40 + (i % 5));
    });
    assert.ok(rowsRead.ops * 5 < direct.ops, `${rowsRead.ops} operations shared vs ${direct.ops} reading per subscription`);
    env.editArticle(arts[0]!, { summary: 'Rewritten again.' });
    assert.deepEqual(
      read(50).map((a) => a.id),
      [arts[0]!.id],
    );
  } finally {
    env.close();
  }
});
