import assert from 'node:assert/strict';
import { DigestLedger } from '../../src/digest/ledger';
import type { Reply } from '../../src/core/types';
import { makeEnv } from './helpers';
import { forEachEngine } from '../helpers/engines';

const part = (text: string): Reply => ({ kind: 'digest', blocks: [{ kind: 'text', text }] });

forEachEngine('a lease keeps a second process out until it is released or expires', (f) => {
  const env = makeEnv('2026-05-04T07:00:00Z', { open: () => f.open() });
  try {
    env.subscribe('console:x');
    const mine = new DigestLedger(env.db, env.subs);
    const other = env.openProcess();
    const theirs = new DigestLedger(other.db, other.subs);
    const d = mine.insert({
      channel: 'console:x',
      day: '2026-05-04',
      articleIds: [],
      upTo: null,
      parts: [part('a')],
      plannedAt: env.time.now,
    });
    const t = env.time.now;

    assert.equal(mine.acquire(d.id, 'p1', t, 60_000), true);
    assert.equal(theirs.acquire(d.id, 'p2', t + 1000, 60_000), false, 'held');
    assert.equal(mine.acquire(d.id, 'p1', t + 1000, 60_000), false, 'not re-entrant either');
    assert.equal(mine.renew(d.id, 'p1', t + 50_000, 60_000), true);
    assert.equal(theirs.acquire(d.id, 'p2', t + 70_000, 60_000), false, 'renewal pushed the expiry out');
    assert.equal(theirs.acquire(d.id, 'p2', t + 110_000, 60_000), true, 'expired: taken over');
    assert.equal(mine.renew(d.id, 'p1', t + 111_000, 60_000), false, 'the old holder learns it lost the lease');
    theirs.release(d.id, 'p2');
    assert.equal(mine.acquire(d.id, 'p1', t + 112_000, 60_000), true, 'released: free again');
  } finally {
    env.close();
  }
});

forEachEngine('the watermark moves in the transaction that confirms the last part, never before', (f) => {
  const env = makeEnv('2026-05-04T07:00:00Z', { open: () => f.open() });
  try {
    const sub = env.subscribe('console:x');
    const arts = env.addArticles([{ topics: ['cv'] }, { topics: ['nlp'] }]);
    const ledger = new DigestLedger(env.db, env.subs);
    const upTo = { seq: arts[1]!.seq, at: arts[1]!.firstSeenAt };
    const d = ledger.insert({
      channel: 'console:x',
      day: '2026-05-04',
      articleIds: arts.map((a) => a.id),
      upTo,
      parts: [part('1'), part('2')],
      plannedAt: env.time.now,
    });
    assert.deepEqual(ledger.confirmPart(d.id, 1, 'm2', env.time.now), { complete: false });
    assert.equal(env.subs.get('console:x')!.watermarkSeq, sub.watermarkSeq);
    assert.deepEqual(
      ledger.confirmPart(d.id, 1, 'other', env.time.now),
      { complete: false },
      'a confirmed part keeps its first message id',
    );
    assert.equal(ledger.parts(d.id)[1]!.messageId, 'm2');
    assert.deepEqual(ledger.confirmPart(d.id, 0, 'm1', env.time.now), { complete: true });
    assert.equal(env.subs.get('console:x')!.watermarkSeq, arts[1]!.seq);
    assert.equal(ledger.get(d.id)!.status, 'sent');
    assert.deepEqual(ledger.pending(), []);
  } finally {
    env.close();
  }
});

forEachEngine('one digest per channel and local day; old finished ones are pruned, pending ones kept', (f) => {
  const env = makeEnv('2026-05-04T07:00:00Z', { open: () => f.open() });
  try {
    env.subscribe('console:x');
    const ledger = new DigestLedger(env.db, env.subs);
    const base = { channel: 'console:x', articleIds: [], upTo: null, plannedAt: env.time.now };
    ledger.insert({ ...base, day: '2026-05-04', parts: [] });
    assert.throws(() => ledger.insert({ ...base, day: '2026-05-04', parts: [part('again')] }), /unique constraint/i);
    ledger.insert({ ...base, day: '2026-05-05', parts: [part('stuck')] });
    ledger.insert({ ...base, day: '2026-06-10', parts: [], plannedAt: env.time.now + 37 * 86_400_000 });
    assert.equal(ledger.prune(env.time.now + 30 * 86_400_000), 1);
    assert.deepEqual(
      ledger.history('console:x').map((d) => `${d.day} ${d.status}`),
      ['2026-05-05 pending', '2026-06-10 empty'],
    );
  } finally {
    env.close();
  }
});

forEachEngine('a chat that changed id takes its digests along, except a day the new id already has', (f) => {
  const env = makeEnv('2026-05-04T07:00:00Z', { open: () => f.open() });
  try {
    env.subscribe('x:-1');
    const ledger = new DigestLedger(env.db, env.subs);
    const base = { articleIds: [], upTo: null, plannedAt: env.time.now };
    ledger.insert({ ...base, channel: 'x:-1', day: '2026-05-03', parts: [] });
    ledger.insert({ ...base, channel: 'x:-1', day: '2026-05-04', parts: [part('old id')] });
    ledger.insert({ ...base, channel: 'x:-1009', day: '2026-05-04', parts: [part('new id')] });
    ledger.moveChannel('x:-1', 'x:-1009');
    const days = (c: string) => ledger.history(c).map((d) => `${d.day} ${d.status}`);
    assert.deepEqual(days('x:-1009'), ['2026-05-03 empty', '2026-05-04 pending'], 'one digest per day on the new id');
    assert.deepEqual(days('x:-1'), ['2026-05-04 pending'], 'the day the new id had stays behind');
    assert.deepEqual(ledger.parts(ledger.find('x:-1009', '2026-05-04')!.id)[0]!.reply, part('new id'));
  } finally {
    env.close();
  }
});

forEachEngine('pruning forgets the bodies only pruned digests used and keeps those a remaining digest shares', (f) => {
  const env = makeEnv('2026-05-04T07:00:00Z', { open: () => f.open() });
  try {
    for (const c of ['console:a', 'console:b']) env.subscribe(c);
    const ledger = new DigestLedger(env.db, env.subs);
    const bodies = () => env.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM digest_bodies').get()!.n;
    const old = { articleIds: [], upTo: null, plannedAt: env.time.now, day: '2026-05-04' };
    const a = ledger.insert({ ...old, channel: 'console:a', parts: [part('shared'), part('only a')] });
    for (const [i, p] of ['m1', 'm2'].entries()) ledger.confirmPart(a.id, i, p, env.time.now);
    const later = env.time.now + 40 * 86_400_000;
    const b = ledger.insert({ ...old, channel: 'console:b', day: '2026-06-13', plannedAt: later, parts: [part('shared')] });
    assert.equal(bodies(), 2);
    assert.equal(ledger.prune(env.time.now + 30 * 86_400_000), 1);
    assert.equal(bodies(), 1, "the body only a's digest used is gone");
    assert.deepEqual(
      ledger.parts(b.id).map((p) => p.reply),
      [part('shared')],
      'the shared one is still there to send',
    );
  } finally {
    env.close();
  }
});
