import { test } from 'node:test';
import assert from 'node:assert/strict';
import { platformOf } from '../../src/core/sender';
import { fault, makeEnv, perBlock, retryAfterOf, seeded, servingOnly, shownIds } from './helpers';

test('changing the time while running: the old time passes silently, the new one delivers', async () => {
  const env = makeEnv('2026-05-04T06:00:00Z'); // 08:00 Berlin
  try {
    env.subscribe('console:a');
    const rt = env.runtime();
    await env.time.run(rt.start());
    const [art] = env.addArticles([{ topics: ['cv'] }]);
    env.subscribe('console:a', { time: '20:00' });
    await env.time.advanceTo('2026-05-04T17:00:00Z');
    assert.equal(env.sender.sent.length, 0, 'nothing at 09:00');
    await env.time.advanceTo('2026-05-04T18:01:00Z');
    assert.deepEqual(shownIds(env.sender.sentTo('console:a')), [art!.id]);
    assert.equal(new Date(env.sender.sent[0]!.at).toISOString(), '2026-05-04T18:00:00.000Z');

    env.subs.unsubscribe('console:a');
    env.addArticles([{ topics: ['cv'] }]);
    await env.time.advanceTo('2026-05-06T00:00:00Z');
    assert.equal(env.sender.sent.length, 1, 'unsubscribed: no more digests');
    await rt.stop();
  } finally {
    env.close();
  }
});

test('subscription changes made by another process are honoured: at fire time, and by the periodic sync', async () => {
  const env = makeEnv('2026-05-04T06:00:00Z'); // 08:00 Berlin
  try {
    env.subscribe('console:moved');
    env.subscribe('console:paused');
    const other = env.openProcess(); // the process whose timers we watch; env.subs is "someone else"
    const rt = env.runtime({ proc: other, retryEveryMs: 6 * 3_600_000 });
    await env.time.run(rt.start());
    env.addArticles([{ topics: ['cv'] }]);
    env.subscribe('console:moved', { time: '20:00' });
    env.subs.pause('console:paused', { code: 'removed' }, env.time.now);
    env.subscribe('console:late'); // new, made elsewhere
    env.addArticles([{ topics: ['nlp'] }]);
    await env.time.advanceTo('2026-05-04T08:00:00Z');
    assert.equal(env.sender.sent.length, 0, 'the stale 09:00 timers did not send');
    assert.equal(rt.nextRun('console:moved')?.toISOString(), '2026-05-04T18:00:00.000Z', 're-armed at fire time');
    assert.equal(rt.nextRun('console:late'), undefined, 'not known here yet');
    await env.time.advanceTo('2026-05-04T12:30:00Z'); // the sync runs at 12:00Z
    assert.equal(rt.nextRun('console:late')?.toISOString(), '2026-05-05T07:00:00.000Z');
    await env.time.advanceTo('2026-05-05T08:00:00Z');
    assert.deepEqual(
      env.sender.sent.map((s) => s.channel),
      ['console:moved', 'console:late'],
    );
    await rt.stop();
  } finally {
    env.close();
  }
});

test('catch-up: a digest missed while down is sent at start inside the window, and rolls into the next one outside it', async () => {
  const env = makeEnv('2026-05-03T12:00:00Z');
  try {
    env.subscribe('console:recent');
    env.subscribe('console:stale');
    const [a1] = env.addArticles([{ topics: ['cv'] }]);
    // Down over 09:00 Berlin (07:00Z) on the 4th. Back at 12:00 Berlin: 3 hours late.
    env.time.now = Date.parse('2026-05-04T10:00:00Z');
    const rt = env.runtime({ catchupHours: 6 });
    await env.time.run(rt.start());
    assert.deepEqual(shownIds(env.sender.sentTo('console:recent')), [a1!.id]);
    assert.equal(rt.ledger.history('console:recent')[0]!.day, '2026-05-04');
    assert.equal(env.sender.sentTo('console:stale').length, 1, 'both were inside the window');
    await rt.stop();

    // Down again over the 5th's 09:00, back at 19:00 Berlin: 10 hours late, past the window.
    const [a2] = env.addArticles([{ topics: ['nlp'] }]);
    env.time.now = Date.parse('2026-05-05T17:00:00Z');
    const again = env.runtime({ catchupHours: 6, proc: env.openProcess() });
    await env.time.run(again.start());
    assert.equal(env.sender.sent.length, 2, 'too late to send: nothing at start');
    assert.ok(env.log.lines.some((l) => /too old/.test(l.msg)));
    const [a3] = env.addArticles([{ topics: ['llm'] }]);
    await env.time.advanceTo('2026-05-06T07:30:00Z');
    assert.deepEqual(shownIds(env.sender.sentTo('console:stale').slice(1)).sort(), [a2!.id, a3!.id].sort());
    await again.stop();
  } finally {
    env.close();
  }
});

test('catch-up never sends for a time that passed before the channel subscribed', async () => {
  const env = makeEnv('2026-05-04T08:00:00Z'); // 10:00 Berlin: today's 09:00 is already past
  try {
    env.subscribe('console:new');
    env.addArticles([{ topics: ['cv'] }]);
    env.time.now += 3_600_000;
    const rt = env.runtime({ catchupHours: 12 });
    await env.time.run(rt.start());
    assert.equal(env.sender.sent.length, 0);
    assert.equal(rt.nextRun('console:new')?.toISOString(), '2026-05-05T07:00:00.000Z');
    await rt.stop();
  } finally {
    env.close();
  }
});

test("a process without a platform's adapter leaves its digests to one that has it, which splits them for that platform", async () => {
  const env = makeEnv('2026-05-03T12:00:00Z', { split: perBlock });
  try {
    env.subscribe('telegram:1');
    env.subscribe('discord:2');
    env.addArticles([{ topics: ['cv'] }, { topics: ['nlp'] }, { topics: ['llm'] }]);
    env.time.now = Date.parse('2026-05-04T06:00:00Z'); // 08:00 Berlin
    const telegramOnly = env.runtime({ holder: 'tg', sender: servingOnly(env.sender, 'telegram') });
    await env.time.run(telegramOnly.start());
    await env.time.advanceTo('2026-05-04T07:30:00Z');
    assert.equal(env.sender.sentTo('telegram:1').length, 3);
    assert.equal(env.sender.sentTo('discord:2').length, 0);
    assert.deepEqual(telegramOnly.ledger.history('discord:2'), [], 'not planned where Discord does not run');
    await telegramOnly.stop();

    // The Discord process comes up half an hour late: its catch-up plans and sends the digest.
    const discordOnly = env.runtime({ holder: 'dc', sender: servingOnly(env.sender, 'discord'), proc: env.openProcess() });
    await env.time.run(discordOnly.start());
    assert.equal(env.sender.sentTo('discord:2').length, 3, 'split by the process that runs Discord');
    assert.equal(env.sender.sentTo('telegram:1').length, 3, 'nothing sent twice');
    await discordOnly.stop();
  } finally {
    env.close();
  }
});

test('two bot processes on one database send each digest exactly once', async () => {
  const env = makeEnv('2026-05-03T12:00:00Z', { split: perBlock });
  try {
    const channels = Array.from({ length: 40 }, (_, i) => `${i % 2 ? 'telegram' : 'discord'}:${1000 + i}`);
    for (const c of channels) env.subscribe(c);
    env.addArticles([{ topics: ['cv'] }, { topics: ['nlp'] }, { topics: ['llm'] }]);
    const rnd = seeded(7);
    env.sender.latencyFor = () => Math.floor(rnd() * 3000);
    env.sender.faultFor = () => (rnd() < 0.1 ? fault.transient() : rnd() < 0.1 ? fault.rateLimited(2000) : undefined);
    // Both processes come up after a missed 09:00, race the catch-up, then the next day's timers.
    env.time.now = Date.parse('2026-05-04T08:00:00Z');
    const a = env.runtime({ holder: 'bot-a', retryEveryMs: 60_000 });
    const b = env.runtime({ holder: 'bot-b', retryEveryMs: 60_000, proc: env.openProcess() });
    await env.time.run(Promise.all([a.start(), b.start()]));
    await env.time.advanceTo('2026-05-04T12:00:00Z');
    const newArt = env.addArticles([{ topics: ['cv'] }]);
    await env.time.advanceTo('2026-05-05T12:00:00Z');
    for (const c of channels) {
      const sent = env.sender.sentTo(c);
      assert.equal(sent.length, 4, `${c}: 3 parts on the 4th, 1 on the 5th`);
      assert.equal(new Set(sent.map((r) => JSON.stringify(r))).size, 4, `${c}: no part twice`);
      assert.deepEqual(shownIds(sent.slice(3)), [newArt[0]!.id]);
      assert.deepEqual(
        a.ledger.history(c).map((d) => `${d.day} ${d.status}`),
        ['2026-05-04 sent', '2026-05-05 sent'],
      );
    }
    await Promise.all([a.stop(), b.stop()]);
  } finally {
    env.close();
  }
});

test('1,000 channels at one minute: each gets exactly one digest, within Telegram and Discord pacing, despite random rate limits', async () => {
  const env = makeEnv('2026-05-04T06:00:00Z', { split: perBlock });
  try {
    const channels = Array.from({ length: 1000 }, (_, i) =>
      i < 600 ? `telegram:${-100_000 - i}` : i < 900 ? `discord:${5000 + i}` : `console:${i}`,
    );
    for (const c of channels) env.subscribe(c);
    env.addArticles([{ topics: ['cv'] }, { topics: ['nlp'] }]); // two parts per digest
    const rnd = seeded(42);
    env.sender.latencyFor = ({ channel }) => (channel.startsWith('discord:') ? 50 + Math.floor(rnd() * 200) : 0);
    env.sender.faultFor = () => (rnd() < 0.08 ? fault.rateLimited(1000 + Math.floor(rnd() * 4000)) : undefined);
    const rt = env.runtime();
    await env.time.run(rt.start());
    await env.time.advanceTo('2026-05-04T07:10:00Z');

    for (const c of channels) {
      const sent = env.sender.sentTo(c);
      assert.equal(sent.length, 2, `${c} got its two parts`);
      assert.notEqual(sent[0]!.title, sent[1]!.title, `${c}: two different parts`);
    }
    assert.equal(env.sender.sent.length, 2000);
    assert.ok(
      env.sender.calls.some((c) => c.outcome === 'failed'),
      'the platform did push back',
    );

    const tg = env.sender.calls.filter((c) => platformOf(c.channel) === 'telegram');
    const times = tg.map((c) => c.at).sort((x, y) => x - y);
    for (let i = 30; i < times.length; i++) assert.ok(times[i]! - times[i - 30]! >= 1000, 'at most 30 Telegram messages in any second');
    const byChat = new Map<string, typeof tg>();
    for (const c of tg) byChat.set(c.channel, [...(byChat.get(c.channel) ?? []), c]);
    for (const [chat, calls] of byChat) {
      for (let i = 1; i < calls.length; i++) {
        assert.ok(calls[i]!.at - calls[i - 1]!.at >= 1000, `${chat}: at most one message a second`);
      }
    }
    // After "retry after N", that chat heard nothing for N.
    tg.forEach((c, i) => {
      if (c.outcome !== 'failed') return;
      const next = tg.slice(i + 1).find((d) => d.channel === c.channel);
      assert.ok(next && next.at - c.at >= retryAfterOf(c), `${c.channel} waited as told`);
    });
    assert.ok((env.sender.maxInFlight.get('discord') ?? 0) <= 5, 'Discord: at most 5 at once');
    assert.ok((env.sender.maxInFlight.get('discord') ?? 0) > 1, 'Discord: but in parallel');
    const lastTelegram = Math.max(...times);
    const firstConsole = Math.min(...env.sender.calls.filter((c) => c.channel.startsWith('console:')).map((c) => c.at));
    assert.ok(firstConsole < lastTelegram, 'console channels did not wait for the Telegram backlog');
    await rt.stop();
  } finally {
    env.close();
  }
});
