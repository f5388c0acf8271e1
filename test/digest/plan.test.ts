import assert from 'node:assert/strict';
import { forEachEngine } from '../helpers/engines';
import { buildPlan } from '../../src/digest/plan';
import { makeEnv, perBlock, shownIds, textOf } from './helpers';

const DAY = 86_400_000;

forEachEngine('a digest holds only articles matching the topic filter, and the watermark moves past the rest', async (f) => {
  const env = makeEnv('2026-05-04T07:00:00Z', { open: () => f.open() });
  try {
    env.addArticles([{ topics: ['cv'] }]); // before subscribing: never in a digest
    env.subscribe('console:vision', { topics: ['cv'] });
    const arts = env.addArticles([
      { topics: ['cv'] },
      { topics: ['nlp'] },
      { topics: ['cv', 'nlp'] },
      { topics: ['llm'] },
      { topics: ['cv'] },
    ]);
    const rt = env.runtime();

    const out = await env.time.run(rt.deliverNow('console:vision'));
    assert.equal(out.kind, 'sent');
    const sent = env.sender.sentTo('console:vision');
    assert.deepEqual(shownIds(sent).sort(), [arts[0]!.id, arts[2]!.id, arts[4]!.id].sort());
    assert.equal(env.subs.get('console:vision')!.watermarkSeq, arts[4]!.seq);

    // Next day only non-matching articles arrived: nothing is sent, but they are behind us now.
    env.time.now += DAY;
    const [late] = env.addArticles([{ topics: ['nlp'] }]);
    assert.equal((await env.time.run(rt.deliverNow('console:vision'))).kind, 'empty');
    assert.equal(env.sender.sent.length, 1);
    assert.equal(env.subs.get('console:vision')!.watermarkSeq, late!.seq);
    await rt.stop();
  } finally {
    env.close();
  }
});

forEachEngine('a day with nothing new sends nothing, unless the subscription asked for `always`', async (f) => {
  const env = makeEnv('2026-05-04T07:00:00Z', { open: () => f.open() });
  try {
    env.subscribe('console:quiet');
    env.subscribe('console:always', { always: true, locale: 'zh' });
    const rt = env.runtime();
    assert.equal((await env.time.run(rt.deliverNow('console:quiet'))).kind, 'empty');
    assert.equal((await env.time.run(rt.deliverNow('console:always'))).kind, 'sent');
    assert.deepEqual(
      env.sender.sent.map((s) => s.channel),
      ['console:always'],
    );
    assert.match(textOf(env.sender.sentTo('console:always')), /没有新文章/);
    // The quiet day still counts as that day's digest: a second run the same day sends nothing.
    env.addArticles([{ topics: ['cv'] }]);
    assert.equal((await env.time.run(rt.deliverNow('console:quiet'))).kind, 'exists');
    assert.equal(env.sender.sent.length, 1);
    await rt.stop();
  } finally {
    env.close();
  }
});

forEachEngine('a digest shows at most maxEntries, newest first, and says how many more there are', async (f) => {
  const env = makeEnv('2026-05-04T07:00:00Z', { open: () => f.open() });
  try {
    env.subscribe('console:busy');
    const arts = env.addArticles(Array.from({ length: 20 }, () => ({ topics: ['cv'] })));
    const rt = env.runtime({ maxEntries: 15 });
    await env.time.run(rt.deliverNow('console:busy'));
    const sent = env.sender.sentTo('console:busy');
    assert.deepEqual(
      shownIds(sent),
      arts
        .slice(5)
        .reverse()
        .map((a) => a.id),
    );
    assert.match(textOf(sent), /and 5 more — \/latest/);
    assert.match(textOf(sent), /20 new articles/);
    assert.equal(env.subs.get('console:busy')!.watermarkSeq, arts[19]!.seq, 'the overflow is behind the watermark too');
    await rt.stop();
  } finally {
    env.close();
  }
});

forEachEngine('the plan freezes the rendered parts the channel splitter produced, grouped by topic', (f) => {
  const env = makeEnv('2026-05-04T07:00:00Z', { open: () => f.open() });
  try {
    const sub = env.subscribe('console:x', { topics: ['cv', 'nlp'] });
    const arts = env.addArticles([{ topics: ['cv'] }, { topics: ['nlp'] }, { topics: ['cv'] }, { topics: ['llm'] }]);
    const plan = buildPlan({
      sub,
      candidates: arts,
      day: '2026-05-04',
      maxEntries: 15,
      topicName: (id) => id.toUpperCase(),
      split: perBlock,
      now: env.time.now,
    });
    assert.equal(plan.parts.length, 2, 'one part per topic group');
    assert.deepEqual(
      plan.parts.map((p) => (p.blocks[0]!.kind === 'articles' ? p.blocks[0]!.heading : '')),
      ['CV', 'NLP'],
    );
    assert.deepEqual(plan.articleIds, [arts[2]!.id, arts[1]!.id, arts[0]!.id]);
    assert.deepEqual(plan.upTo, { seq: arts[3]!.seq, at: arts[3]!.firstSeenAt });
  } finally {
    env.close();
  }
});
