// The alert ledger's own rules, under what its runtime tests exercise end to end.
import assert from 'node:assert/strict';
import { AlertLedger } from '../../src/watch/ledger';
import type { Reply } from '../../src/core/types';
import { makeEnv } from '../digest/helpers';
import { forEachEngine } from '../helpers/engines';

const part = (text: string): Reply => ({ blocks: [{ kind: 'text', text }] });

forEachEngine('a chat that changed id takes its unsent alerts along, except a batch the new id already has', (f) => {
  const env = makeEnv('2026-05-04T07:00:00Z', { open: () => f.open() });
  try {
    const ledger = new AlertLedger(env.db);
    const base = { articleIds: ['a'], plannedAt: env.time.now };
    const sent = ledger.insert({ ...base, channel: 'x:-1', fromSeq: 0, upToSeq: 1, parts: [part('sent')] });
    ledger.confirmPart(sent.id, 0, 'm1', env.time.now);
    ledger.insert({ ...base, channel: 'x:-1', fromSeq: 1, upToSeq: 2, parts: [part('old id, batch 2')] });
    ledger.insert({ ...base, channel: 'x:-1', fromSeq: 2, upToSeq: 3, parts: [part('old id, batch 3')] });
    ledger.insert({ ...base, channel: 'x:-1009', fromSeq: 2, upToSeq: 3, parts: [part('new id, batch 3')] });
    ledger.moveChannel('x:-1', 'x:-1009');
    const batches = (c: string) => ledger.history(c).map((a) => `${a.upToSeq} ${a.status}`);
    assert.deepEqual(batches('x:-1009'), ['2 pending', '3 pending'], 'the unsent batch 2 followed; batch 3 was already there');
    assert.deepEqual(batches('x:-1'), ['1 sent', '3 pending'], 'sent alerts and the duplicate batch stay behind');
  } finally {
    env.close();
  }
});
