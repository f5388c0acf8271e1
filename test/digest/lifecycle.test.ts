// The chat lifecycle in the core: each transition on a real SQLite file, with the digest
// runtime where delivery matters. Platform-free: channels are just refs.
import assert from 'node:assert/strict';
import { forEachEngine } from '../helpers/engines';
import type { ChatEvent } from '../../src/core/lifecycle';
import { createChatLifecycle, type ChatLifecycle } from '../../src/digest/lifecycle';
import { DigestLedger } from '../../src/digest/ledger';
import { makeEnv, shownIds, type Env } from './helpers';

const HOUR = 3_600_000;

function lifecycleOf(env: Env, catchupHours = 6): ChatLifecycle {
  return createChatLifecycle({
    db: env.db,
    subscriptions: env.subs,
    ledger: new DigestLedger(env.db, env.subs),
    store: env.store,
    log: env.log,
    clock: env.time.clock,
    catchupHours,
  });
}

const warnings = (env: Env) => env.log.lines.filter((l) => l.level === 'warn' || l.level === 'error');

forEachEngine('removed: paused at once with code and time, logged once; a repeat changes nothing', (f) => {
  const env = makeEnv('2026-05-04T07:00:00Z', { open: () => f.open() });
  try {
    env.subscribe('x:1');
    const life = lifecycleOf(env);
    const removed: ChatEvent = { kind: 'removed', channel: 'x:1', code: 'removed', detail: 'kicked' };
    assert.equal(life.handle(removed), 'paused');
    const sub = env.subs.get('x:1')!;
    assert.equal(sub.status, 'paused');
    assert.equal(sub.pausedCode, 'removed');
    assert.equal(sub.pausedAt, env.time.now);
    env.time.now += HOUR;
    assert.equal(life.handle(removed), 'unchanged');
    assert.equal(life.handle({ kind: 'lost-permission', channel: 'x:1' }), 'unchanged');
    assert.equal(env.subs.get('x:1')!.pausedAt, sub.pausedAt, 'the first pause stands');
    assert.equal(env.subs.get('x:1')!.pausedCode, 'removed');
    assert.equal(warnings(env).filter((l) => l.msg === 'subscription paused').length, 1);
    assert.equal(life.handle({ kind: 'removed', channel: 'x:none', code: 'deleted' }), 'no-subscription');
  } finally {
    env.close();
  }
});

forEachEngine('lost permission pauses with its own code; the pending digest is given up and nothing is sent', async (f) => {
  const env = makeEnv('2026-05-04T07:00:00Z', { open: () => f.open() });
  try {
    env.subscribe('x:2');
    env.addArticles([{ topics: ['cv'] }]);
    env.sender.failNext('x:2', new Error('network down'));
    const rt = env.runtime();
    assert.equal((await env.time.run(rt.deliverNow('x:2'))).kind, 'pending');
    const life = lifecycleOf(env);
    assert.equal(life.handle({ kind: 'lost-permission', channel: 'x:2', detail: 'Send Messages' }), 'paused');
    assert.equal(env.subs.get('x:2')!.pausedCode, 'no-permission');
    assert.equal(rt.ledger.pending('x:2').length, 0);
    assert.equal(rt.ledger.history('x:2')[0]!.status, 'abandoned');
    await env.time.run(rt.runDue());
    assert.equal(env.sender.sent.length, 0);
    await rt.stop();
  } finally {
    env.close();
  }
});

forEachEngine('re-added: stays paused, sends nothing; a re-add of an active one (removal missed) pauses it', async (f) => {
  const env = makeEnv('2026-05-04T07:00:00Z', { open: () => f.open() });
  try {
    env.subscribe('x:3');
    env.subscribe('x:4');
    const life = lifecycleOf(env);
    life.handle({ kind: 'removed', channel: 'x:3', code: 'removed' });
    assert.equal(life.handle({ kind: 'readded', channel: 'x:3' }), 'unchanged');
    assert.equal(env.subs.get('x:3')!.status, 'paused');
    assert.equal(life.handle({ kind: 'readded', channel: 'x:4' }), 'paused');
    assert.equal(env.subs.get('x:4')!.pausedCode, 'removed');
    env.addArticles([{ topics: ['cv'] }]);
    const rt = env.runtime();
    env.time.now = Date.parse('2026-05-04T07:05:00Z');
    await env.time.run(rt.start());
    await env.time.run(rt.deliverNow('x:3'));
    assert.equal(env.sender.sent.length, 0);
    await rt.stop();
  } finally {
    env.close();
  }
});

forEachEngine('resumed: same time, zone and topics; older articles skipped and counted, recent ones delivered', async (f) => {
  const env = makeEnv('2026-05-01T07:00:00Z', { open: () => f.open() });
  try {
    env.subscribe('x:5', { time: '09:00', timezone: 'Europe/Berlin', topics: ['cv'] });
    const life = lifecycleOf(env, 6);
    life.handle({ kind: 'removed', channel: 'x:5', code: 'removed' });
    // Three days paused: 4 cv articles (and one nlp) then, 2 cv articles in the last few hours.
    env.addArticles([{ topics: ['cv'] }, { topics: ['cv'] }, { topics: ['nlp'] }]);
    env.time.now = Date.parse('2026-05-02T12:00:00Z');
    env.addArticles([{ topics: ['cv'] }, { topics: ['cv', 'nlp'] }]);
    env.time.now = Date.parse('2026-05-04T08:00:00Z');
    const recent = env.addArticles([{ topics: ['cv'] }, { topics: ['cv'] }]);
    env.time.now = Date.parse('2026-05-04T10:00:00Z');
    const mark = env.store.watermarkNow();
    const before = env.subs.get('x:5')!;
    const r = life.subscribe(
      { channel: 'x:5', time: before.time, timezone: before.timezone, topics: before.topics, locale: 'en' },
      { seq: mark.seq, at: mark.firstSeenAt },
      env.time.now,
    );
    assert.equal(r.created, false);
    assert.equal(r.sub.status, 'active');
    assert.equal(r.sub.pausedCode, null);
    assert.deepEqual([r.sub.time, r.sub.timezone, r.sub.topics], ['09:00', 'Europe/Berlin', ['cv']]);
    assert.equal(r.skipped, 4, 'the cv articles older than the window');
    // The earlier of today's 09:00 Berlin (07:00Z) and now − 6 h (04:00Z).
    assert.equal(r.keptSince, Date.parse('2026-05-04T04:00:00Z'));
    const rt = env.runtime();
    const out = await env.time.run(rt.deliverNow('x:5'));
    assert.equal(out.kind, 'sent');
    assert.deepEqual(shownIds(env.sender.sentTo('x:5')).sort(), recent.map((a) => a.id).sort());
    assert.equal(env.sender.sent.length, 1, 'one digest, not a flood');
    await rt.stop();
  } finally {
    env.close();
  }
});

forEachEngine('resumed soon after a pause: nothing is skipped', (f) => {
  const env = makeEnv('2026-05-04T07:30:00Z', { open: () => f.open() });
  try {
    env.subscribe('x:6');
    const life = lifecycleOf(env, 6);
    env.addArticles([{ topics: ['cv'] }]);
    life.handle({ kind: 'removed', channel: 'x:6', code: 'removed' });
    env.time.now += HOUR;
    const mark = env.store.watermarkNow();
    const r = life.subscribe(
      { channel: 'x:6', time: '09:00', timezone: 'Europe/Berlin', topics: [], locale: 'en' },
      { seq: mark.seq, at: mark.firstSeenAt },
      env.time.now,
    );
    assert.equal(r.skipped, 0);
    assert.equal(r.keptSince, null);
    assert.equal(r.sub.watermarkSeq, 0, 'the article still goes out in the next digest');
  } finally {
    env.close();
  }
});

forEachEngine('migrated: the subscription and its digest history move exactly once; one digest that day', async (f) => {
  const env = makeEnv('2026-05-04T07:00:00Z', { open: () => f.open() });
  try {
    env.subscribe('x:-1', { topics: [] });
    env.addArticles([{ topics: ['cv'] }]);
    const rt = env.runtime();
    assert.equal((await env.time.run(rt.deliverNow('x:-1'))).kind, 'sent');
    const life = lifecycleOf(env);
    const migrated: ChatEvent = { kind: 'migrated', from: 'x:-1', to: 'x:-1009' };
    assert.equal(life.handle(migrated), 'moved');
    assert.equal(life.handle(migrated), 'unchanged', 'the second service message changes nothing');
    assert.equal(env.subs.get('x:-1'), undefined);
    assert.equal(env.subs.get('x:-1009')!.status, 'active');
    assert.equal(rt.ledger.history('x:-1009').length, 1, "today's sent digest moved along");
    env.addArticles([{ topics: ['cv'] }]);
    // Catch-up and a second delivery on the same day: the day already has its digest.
    await env.time.run(rt.runDue());
    assert.equal((await env.time.run(rt.deliverNow('x:-1009'))).kind, 'exists');
    assert.equal(env.sender.sent.length, 1);
    assert.equal(env.log.lines.filter((l) => l.msg === 'subscription followed its chat to a new id').length, 1);
    await rt.stop();
  } finally {
    env.close();
  }
});

forEachEngine('migrated onto a chat that already has a subscription: that one stays, the old one goes', (f) => {
  const env = makeEnv('2026-05-04T07:00:00Z', { open: () => f.open() });
  try {
    env.subscribe('x:-2', { time: '08:00' });
    env.subscribe('x:-2002', { time: '10:00' });
    const life = lifecycleOf(env);
    assert.equal(life.handle({ kind: 'migrated', from: 'x:-2', to: 'x:-2002' }), 'merged');
    assert.equal(env.subs.get('x:-2'), undefined);
    assert.equal(env.subs.get('x:-2002')!.time, '10:00');
  } finally {
    env.close();
  }
});

forEachEngine('listeners see every event inside its transaction, subscription or not (for watches)', (f) => {
  const env = makeEnv('2026-05-04T07:00:00Z', { open: () => f.open() });
  try {
    env.subscribe('x:7');
    const life = lifecycleOf(env);
    const seen: string[] = [];
    const off = life.onEvent((e, outcome) => {
      assert.ok(env.db.inTransaction);
      seen.push(`${e.kind}:${outcome}`);
    });
    life.handle({ kind: 'removed', channel: 'x:7', code: 'removed' });
    life.handle({ kind: 'removed', channel: 'x:8', code: 'deleted' });
    off();
    life.handle({ kind: 'readded', channel: 'x:7' });
    assert.deepEqual(seen, ['removed:paused', 'removed:no-subscription']);
  } finally {
    env.close();
  }
});
