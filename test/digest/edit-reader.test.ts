import assert from 'node:assert/strict';
import { createEditReader } from '../../src/digest/edit-reader';
import { countWork } from '../helpers/work-count';
import { forEachEngine } from '../helpers/engines';
import { makeEnv } from './helpers';

forEachEngine('the edit reader answers every watermark from one read, and sees a later edit at once', (f) => {
  const env = makeEnv('2026-05-04T07:00:00Z', { open: () => f.open() });
  try {
    const arts = env.addArticles(Array.from({ length: 50 }, () => ({ topics: ['cv'] })));
    for (const a of arts) env.editArticle(a, { summary: `${a.summary} Extended.` });
    let reads = 0;
    const editedAfter = env.store.editedAfter.bind(env.store);
    env.store.editedAfter = (seq) => (reads++, editedAfter(seq));
    const read = createEditReader(env.store);
    assert.deepEqual(
      read(40).map((a) => a.editedSeq),
      [41, 42, 43, 44, 45, 46, 47, 48, 49, 50],
    );
    // A thousand subscriptions at a few watermarks: rows are read from the database once, not per subscription.
    const shared = countWork(() => {
      for (let i = 0; i < 1000; i++) read(40 + (i % 5));
    });
    assert.equal(reads, 1, 'one read for every watermark at or past the first');
    const direct = countWork(() => {
      for (let i = 0; i < 1000; i++) editedAfter(40 + (i % 5));
    });
    // On PostgreSQL the bridge's own work per statement dominates both counts; the read count above is the measure there.
    if (f.engine === 'sqlite')
      assert.ok(shared.ops * 5 < direct.ops, `${shared.ops} operations shared vs ${direct.ops} reading per subscription`);
    env.editArticle(arts[0]!, { summary: 'Rewritten again.' });
    assert.deepEqual(
      read(50).map((a) => a.id),
      [arts[0]!.id],
    );
    // Another connection's edit (another process, or the ingest worker) is seen at once too.
    env.editArticle(arts[1]!, { summary: 'Rewritten elsewhere.' }, env.openProcess());
    assert.deepEqual(
      read(51).map((a) => a.id),
      [arts[1]!.id],
    );
  } finally {
    env.close();
  }
});
