import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachEngine } from '../helpers/engines';
import { fault, makeEnv, perBlock, shownIds } from './helpers';

const threeTopics = [{ topics: ['cv'] }, { topics: ['nlp'] }, { topics: ['llm'] }];

forEachEngine('a crash after part 1 of 3: the restart sends parts 2 and 3 once, and only then moves the watermark', async (f) => {
  const env = makeEnv('2026-05-04T07:00:00Z', { split: perBlock, open: () => f.open() });
  try {
    const before = env.subscribe('console:c');
    const arts = env.addArticles(threeTopics);
    env.sender.faultFor = ({ n }) => (n === 1 ? new Error('process died') : undefined);
    const first = env.runtime();
    const out = await env.time.run(first.deliverNow('console:c'));
    assert.equal(out.kind, 'pending');
    assert.equal(env.sender.sent.length, 1);
    assert.equal(env.subs.get('console:c')!.watermarkSeq, before.watermarkSeq, 'not moved by a half-sent digest');
    await first.stop();

    // A new process on the same file.
    env.sender.faultFor = undefined;
    const proc = env.openProcess();
    const second = env.runtime({ proc });
    await env.time.run(second.start());
    const titles = env.sender.sentTo('console:c').map((r) => r.title);
    assert.equal(titles.length, 3);
    assert.equal(new Set(titles).size, 3, 'part 1 was not sent again');
    assert.deepEqual(shownIds(env.sender.sentTo('console:c')).sort(), arts.map((a) => a.id).sort());
    assert.equal(proc.subs.get('console:c')!.watermarkSeq, arts[2]!.seq);
    const [digest] = second.ledger.history('console:c');
    assert.equal(digest!.status, 'sent');
    await second.stop();

    // A fully sent digest is never sent again: not on restart, not on a second request that day.
    const third = env.runtime({ proc: env.openProcess() });
    await env.time.run(third.start());
    assert.equal((await env.time.run(third.deliverNow('console:c'))).kind, 'exists');
    assert.equal(env.sender.sent.length, 3);
    await third.stop();
  } finally {
    env.close();
  }
});

forEachEngine('a process that dies holding the lease: another takes over once the lease expires, without resending', async (f) => {
  const env = makeEnv('2026-05-04T07:00:00Z', { split: perBlock, open: () => f.open() });
  try {
    env.subscribe('console:c');
    env.addArticles(threeTopics);
    env.sender.faultFor = ({ n }) => (n === 1 ? 'hang' : undefined);
    const dying = env.runtime({ holder: 'dying', leaseMs: 120_000 });
    void dying.deliverNow('console:c'); // never settles: the process is gone mid-send
    await env.time.advanceBy(0);
    assert.equal(env.sender.sent.length, 1);

    const other = env.runtime({ proc: env.openProcess(), holder: 'other', leaseMs: 120_000, retryEveryMs: 60_000 });
    await env.time.run(other.start());
    assert.equal(env.sender.sent.length, 1, 'the lease is still live: hands off');
    await env.time.advanceBy(60_000);
    assert.equal(env.sender.sent.length, 1);
    await env.time.advanceBy(60_000); // lease expired, the retry sweep takes over
    assert.equal(env.sender.sent.length, 3);
    assert.equal(new Set(env.sender.sent.map((s) => s.reply.title)).size, 3);
    // The part whose answer was lost goes out again under the same resend key (Discord then posts it once).
    const keys = env.sender.calls.map((c) => c.context?.resendKey);
    assert.equal(keys.length, 4);
    assert.equal(keys[1], keys[2], 'part 2 hung, then sent again by the other process');
    assert.equal(new Set(keys).size, 3);
    assert.equal(other.ledger.history('console:c')[0]!.status, 'sent');
    await other.stop();
  } finally {
    env.close();
  }
});

forEachEngine('a permanent refusal pauses the subscription with the reason, and re-subscribing resumes it with nothing lost', async (f) => {
  const env = makeEnv('2026-05-04T06:00:00Z', { open: () => f.open() }); // 08:00 Berlin
  try {
    const before = env.subscribe('telegram:42');
    const arts = env.addArticles([{ topics: ['cv'] }, { topics: ['nlp'] }]);
    env.sender.failNext('telegram:42', fault.permanent('Forbidden: bot was kicked from the group chat'));
    const rt = env.runtime();
    await env.time.run(rt.start());
    await env.time.advanceTo('2026-05-04T07:30:00Z');

    const sub = env.subs.get('telegram:42')!;
    assert.equal(sub.status, 'paused');
    assert.equal(sub.pausedReason, 'Forbidden: bot was kicked from the group chat');
    assert.equal(sub.watermarkSeq, before.watermarkSeq);
    assert.equal(rt.ledger.history('telegram:42')[0]!.status, 'abandoned');
    assert.equal(rt.nextRun('telegram:42'), undefined, 'no more attempts while paused');
    assert.equal(env.log.lines.filter((l) => l.level === 'warn' && l.ctx?.channel === 'telegram:42').length, 1, 'logged once');
    await env.time.advanceTo('2026-05-05T07:30:00Z');
    assert.equal(env.sender.sent.length, 0);

    env.time.now = Date.parse('2026-05-05T08:00:00Z');
    env.subscribe('telegram:42'); // an admin re-subscribes
    const [fresh] = env.addArticles([{ topics: ['llm'] }]);
    await env.time.advanceTo('2026-05-06T07:30:00Z');
    assert.deepEqual(shownIds(env.sender.sentTo('telegram:42')).sort(), [...arts, fresh!].map((a) => a.id).sort());
    assert.equal(env.subs.get('telegram:42')!.watermarkSeq, fresh!.seq);
    await rt.stop();
  } finally {
    env.close();
  }
});

forEachEngine('a migrated chat: the subscription and the digest move, and the digest lands in the new chat', async (f) => {
  const env = makeEnv('2026-05-04T07:00:00Z', { open: () => f.open() });
  try {
    env.subscribe('telegram:-100');
    const arts = env.addArticles([{ topics: ['cv'] }]);
    env.sender.failNext('telegram:-100', fault.migrated('telegram:-1009'));
    const rt = env.runtime();
    await env.time.run(rt.start());
    const out = await env.time.run(rt.deliverNow('telegram:-100'));
    assert.equal(out.kind, 'sent');
    assert.deepEqual(shownIds(env.sender.sentTo('telegram:-1009')), [arts[0]!.id]);
    assert.equal(env.subs.get('telegram:-100'), undefined);
    assert.equal(env.subs.get('telegram:-1009')!.watermarkSeq, arts[0]!.seq);
    assert.equal(rt.ledger.history('telegram:-1009')[0]!.status, 'sent');
    assert.equal(rt.nextRun('telegram:-100'), undefined);
    assert.ok(rt.nextRun('telegram:-1009'), 'the new chat is scheduled');
    await rt.stop();
  } finally {
    env.close();
  }
});

forEachEngine('rate-limited: the part is sent once after the wait, and other chats are not held up', async (f) => {
  const env = makeEnv('2026-05-04T07:00:00Z', { open: () => f.open() });
  try {
    env.subscribe('telegram:5');
    env.subscribe('telegram:6');
    env.addArticles([{ topics: ['cv'] }]);
    env.sender.failNext('telegram:5', fault.rateLimited(30_000));
    const rt = env.runtime();
    const t0 = env.time.now;
    await env.time.run(Promise.all([rt.deliverNow('telegram:5'), rt.deliverNow('telegram:6')]));
    const [to5] = env.sender.sent.filter((s) => s.channel === 'telegram:5');
    const [to6] = env.sender.sent.filter((s) => s.channel === 'telegram:6');
    assert.equal(env.sender.sentTo('telegram:5').length, 1);
    assert.ok(to5!.at - t0 >= 30_000, 'waited as told');
    assert.ok(to6!.at - t0 < 30_000, 'the other chat went first');
    await rt.stop();
  } finally {
    env.close();
  }
});

forEachEngine('transient failures past the retry budget leave the digest pending; the retry sweep sends it exactly once', async (f) => {
  const env = makeEnv('2026-05-04T06:00:00Z', { open: () => f.open() });
  try {
    const before = env.subscribe('discord:7');
    const arts = env.addArticles([{ topics: ['cv'] }]);
    env.sender.failNext('discord:7', fault.transient(), fault.transient(), fault.transient(), fault.transient());
    const rt = env.runtime({ retryEveryMs: 5 * 60_000 });
    await env.time.run(rt.start());
    await env.time.advanceTo('2026-05-04T07:01:00Z');
    assert.equal(env.sender.calls.length, 4, 'the first try and three retries');
    assert.equal(env.sender.sent.length, 0);
    assert.equal(rt.ledger.history('discord:7')[0]!.status, 'pending');
    assert.equal(env.subs.get('discord:7')!.watermarkSeq, before.watermarkSeq);

    await env.time.advanceTo('2026-05-04T08:00:00Z');
    assert.deepEqual(shownIds(env.sender.sentTo('discord:7')), [arts[0]!.id]);
    assert.equal(env.sender.sent.length, 1);
    assert.equal(env.subs.get('discord:7')!.watermarkSeq, arts[0]!.seq);
    await env.time.advanceTo('2026-05-05T08:00:00Z'); // next day: nothing new, nothing resent
    assert.equal(env.sender.sent.length, 1);
    await rt.stop();
  } finally {
    env.close();
  }
});

forEachEngine('a send that got no answer is retried at once; a server error only after a backoff', async (f) => {
  const env = makeEnv('2026-05-04T06:00:00Z', { open: () => f.open() });
  try {
    env.subscribe('discord:7');
    env.subscribe('discord:8');
    env.addArticles([{ topics: ['cv'] }]);
    env.sender.failNext('discord:7', fault.noAnswer(), fault.noAnswer());
    env.sender.failNext('discord:8', fault.transient());
    const rt = env.runtime({ retryEveryMs: 5 * 60_000 });
    await env.time.run(rt.start());
    await env.time.advanceTo('2026-05-04T07:01:00Z');
    const times = (channel: string) => env.sender.calls.filter((c) => c.channel === channel).map((c) => c.at);
    const [a0, a1, a2] = times('discord:7');
    const [b0, b1] = times('discord:8');
    assert.ok(a1! - a0! < 500, `no answer: the first retry goes at once (${a1! - a0!} ms)`);
    assert.ok(a2! - a1! >= 1000, 'no answer again: the next retry backs off');
    assert.ok(b1! - b0! >= 500, 'a server error: backed off');
    assert.equal(env.sender.sentTo('discord:7').length, 1);
    assert.equal(env.sender.sentTo('discord:8').length, 1);
    await rt.stop();
  } finally {
    env.close();
  }
});

forEachEngine("a digest still pending when the next day comes is finished first; the new day's articles wait behind it", async (f) => {
  const env = makeEnv('2026-05-04T06:00:00Z', { open: () => f.open() });
  try {
    env.subscribe('discord:8');
    const [first] = env.addArticles([{ topics: ['cv'] }]);
    env.sender.faultFor = ({ channel }) =>
      channel === 'discord:8' && env.time.now < Date.parse('2026-05-05T07:00:00Z') ? fault.transient() : undefined;
    const rt = env.runtime({ retryEveryMs: 24 * 3_600_000 });
    await env.time.run(rt.start());
    await env.time.advanceTo('2026-05-04T12:00:00Z');
    const [second] = env.addArticles([{ topics: ['nlp'] }]);
    await env.time.advanceTo('2026-05-05T07:30:00Z');
    const replies = env.sender.sentTo('discord:8');
    assert.deepEqual(
      replies.map((r) => shownIds([r])),
      [[first!.id], [second!.id]],
      "yesterday's digest, then today's",
    );
    await rt.stop();
  } finally {
    env.close();
  }
});

test('a platform failing every send (an outage) is logged once for all the digests, then counted when sends succeed again', async () => {
  const env = makeEnv('2026-05-04T06:00:00Z');
  try {
    const channels = Array.from({ length: 20 }, (_, i) => `discord:${100 + i}`);
    for (const c of channels) env.subscribe(c);
    env.addArticles([{ topics: ['cv'] }]);
    const outageEnds = Date.parse('2026-05-04T07:30:00Z');
    env.sender.faultFor = () => (env.time.now < outageEnds ? fault.transient() : undefined);
    const rt = env.runtime({ retryEveryMs: 60 * 60_000 });
    await env.time.run(rt.start());
    await env.time.advanceTo('2026-05-04T07:05:00Z');
    const failing = () => env.log.lines.filter((l) => l.level === 'warn' && /part still failing/.test(l.msg));
    assert.equal(failing().length, 1, `one warning for 20 digests failing alike (${failing().length})`);
    await env.time.advanceTo('2026-05-04T08:05:00Z');
    assert.equal(channels.filter((c) => env.sender.sentTo(c).length === 1).length, 20, 'all sent once the platform is back');
    const counted = env.log.lines.filter((l) => l.level === 'warn' && /^19 more digest parts failing the same way/.test(l.msg));
    assert.equal(counted.length, 1, 'and one line counts the rest');
    await rt.stop();
  } finally {
    env.close();
  }
});
