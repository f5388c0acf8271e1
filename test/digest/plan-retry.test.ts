// The store failing at the due minute (here: a table gone for a moment, as an unreachable
// PostgreSQL fails every statement): the digests due then are not lost to the next day —
// planning is tried again shortly, and each channel still gets its digest once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SLOT_RETRY_MS } from '../../src/digest/scheduler';
import { makeEnv } from './helpers';

test('digest planning that fails at the due minute is tried again shortly; every digest arrives once', async () => {
  const env = makeEnv('2026-05-04T06:00:00Z');
  try {
    const channels = ['telegram:-1001', 'telegram:-1002', 'discord:5003'];
    for (const c of channels) env.subscribe(c);
    env.addArticles([{ topics: ['cv'] }]);
    const rt = env.runtime();
    await env.time.run(rt.start());
    env.db.exec('ALTER TABLE digest_parts RENAME TO digest_parts_away');
    await env.time.advanceTo('2026-05-04T07:00:05Z');
    assert.ok(
      env.log.lines.some((l) => l.msg === 'digest planning failed; trying again shortly'),
      'the failure was logged',
    );
    assert.equal(env.sender.sent.length, 0);
    env.db.exec('ALTER TABLE digest_parts_away RENAME TO digest_parts');
    await env.time.advanceTo(new Date(Date.parse('2026-05-04T07:00:00Z') + SLOT_RETRY_MS + 60_000).toISOString());
    for (const c of channels) assert.equal(env.sender.sentTo(c).length, 1, `${c} got its digest, once`);
    assert.deepEqual(
      rt.ledger.history(channels[0]!).map((d) => `${d.day} ${d.status}`),
      ['2026-05-04 sent'],
    );
    await rt.stop();
  } finally {
    env.close();
  }
});
