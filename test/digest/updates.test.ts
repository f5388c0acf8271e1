// Edits shown as updates: the pure selection, and the runtime listing each edit exactly once
// per subscription — after a crash mid-send too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachEngine } from '../helpers/engines';
import { selectUpdates } from '../../src/digest/updates';
import { renderDigest, selectDigest } from '../../src/digest/build';
import { replyToPlainText } from '../../src/core/reply';
import type { Reply } from '../../src/core/types';
import type { Article as StoredArticle } from '../../src/store/types';
import { makeEnv, perBlock, shownIds } from './helpers';

const DAY = 86_400_000;

const art = (seq: number, topics: string[], editedSeq?: number): StoredArticle => ({
  id: `a${seq}`,
  seq,
  source: 's',
  guid: null,
  url: null,
  title: `T${seq}`,
  summary: `T${seq} body text long enough to show`,
  contentHash: '',
  categories: [],
  topics,
  publishedAt: null,
  firstSeenAt: 1000 + seq,
  updatedAt: 0,
  ...(editedSeq === undefined ? {} : { editedSeq }),
});

test('selectUpdates: latest edit first, new articles and other topics passed over, watermark past every edit considered', () => {
  const edited = [art(3, ['cv'], 1), art(1, ['rl'], 2), art(2, ['cv'], 3), art(9, ['cv'], 4)];
  const sel = selectUpdates(edited, 5, ['cv'], 15);
  assert.deepEqual(
    sel.shown.map((a) => a.seq),
    [2, 3],
    'seq 9 is new in this digest; seq 1 is another topic',
  );
  assert.equal(sel.upTo, 4);
  const capped = selectUpdates(edited, 100, [], 2);
  assert.deepEqual(
    capped.shown.map((a) => a.seq),
    [9, 2],
  );
  assert.equal(capped.more, 2);
  assert.deepEqual(selectUpdates([], 0, [], 15), { shown: [], more: 0, upTo: null });
});

test('renderDigest lists updates after the new articles under "Updated", numbering on', () => {
  const selection = selectDigest([art(7, ['cv'])], [], 15);
  const updates = selectUpdates([art(2, ['cv'], 1)], 5, [], 15);
  const reply = renderDigest({ selection, updates, topicFilter: [], locale: 'en', topicName: (t) => t, day: '2026-05-05' });
  const text = replyToPlainText(reply);
  assert.match(reply.title!, /1 new article · 1 updated/);
  assert.match(text, /1\. T7[\s\S]*Updated[\s\S]*2\. T2/);
  const onlyUpdates = renderDigest({
    selection: selectDigest([], [], 15),
    updates,
    topicFilter: [],
    locale: 'zh',
    topicName: (t) => t,
    day: '2026-05-05',
  });
  assert.doesNotMatch(replyToPlainText(onlyUpdates), /没有新文章/, 'a digest of updates does not say nothing happened');
  assert.match(replyToPlainText(onlyUpdates), /已更新[\s\S]*1\. T2/);
});

/** Titles under the "Updated" heading in sent replies. */
function updatedTitles(replies: Reply[]): string[] {
  return replies.flatMap((r) =>
    r.blocks.flatMap((b) => (b.kind === 'articles' && b.heading === 'Updated' ? b.items.map((i) => i.title) : [])),
  );
}

forEachEngine('an edited article is listed once under "Updated" in the next digest, and not again the day after', async (f) => {
  const env = makeEnv('2026-05-04T07:00:00Z', { open: () => f.open() });
  try {
    const [before] = env.addArticles([{ topics: ['cv'], title: 'Edited before subscribing' }]);
    env.editArticle(before!, { summary: 'An edit made before the channel subscribed is not news to it.' });
    env.subscribe('console:u', { topics: ['cv'] });
    const [a, b] = env.addArticles([
      { topics: ['cv'], title: 'Typo fixed later' },
      { topics: ['cv'], title: 'Untouched' },
    ]);
    const rt = env.runtime();
    assert.equal((await env.time.run(rt.deliverNow('console:u'))).kind, 'sent');
    assert.deepEqual(shownIds(env.sender.sentTo('console:u')).sort(), [a!.id, b!.id].sort());

    env.time.now += DAY;
    env.editArticle(a!, { title: 'Typo fixed later', summary: 'The corrected text, with a new paragraph added.' });
    env.editArticle(b!, { summary: `  ${b!.summary}\n` }); // only whitespace: not an update
    const [fresh] = env.addArticles([{ topics: ['cv'], title: 'Brand new' }]);
    assert.equal((await env.time.run(rt.deliverNow('console:u'))).kind, 'sent');
    const day2 = env.sender.sentTo('console:u').slice(1);
    assert.deepEqual(updatedTitles(day2), ['Typo fixed later']);
    assert.deepEqual(shownIds(day2), [fresh!.id, a!.id], 'new first, then the update, each once');
    assert.match(day2[0]!.title!, /1 new article · 1 updated/);
    assert.match(JSON.stringify(day2), /corrected text/, 'the digest shows the new text');
    const [, second] = rt.ledger.history('console:u');
    assert.deepEqual(second!.updatedIds, [a!.id]);

    env.time.now += DAY;
    assert.equal((await env.time.run(rt.deliverNow('console:u'))).kind, 'empty', 'nothing new, and the edit is not listed again');
    assert.equal(env.sender.sentTo('console:u').length, 2);
    assert.equal(env.subs.get('console:u')!.editsSeq, env.store.get(a!.id)!.editedSeq);
    await rt.stop();
  } finally {
    env.close();
  }
});

forEachEngine('an article edited before its first digest is listed once, as new', async (f) => {
  const env = makeEnv('2026-05-04T07:00:00Z', { open: () => f.open() });
  try {
    env.subscribe('console:n');
    const [a] = env.addArticles([{ topics: ['nlp'] }]);
    env.editArticle(a!, { summary: 'Extended before any digest went out.' });
    const rt = env.runtime();
    await env.time.run(rt.deliverNow('console:n'));
    const sent = env.sender.sentTo('console:n');
    assert.deepEqual(shownIds(sent), [a!.id]);
    assert.deepEqual(updatedTitles(sent), []);
    env.time.now += DAY;
    assert.equal((await env.time.run(rt.deliverNow('console:n'))).kind, 'empty');
    await rt.stop();
  } finally {
    env.close();
  }
});

forEachEngine('a crash mid-digest: the restart sends the "Updated" part once, and only then moves the edit watermark', async (f) => {
  const env = makeEnv('2026-05-04T07:00:00Z', { split: perBlock, open: () => f.open() });
  try {
    env.subscribe('console:c');
    const [old] = env.addArticles([{ topics: ['llm'], title: 'Old post' }]);
    const first = env.runtime();
    await env.time.run(first.deliverNow('console:c'));
    await first.stop();

    env.time.now += DAY;
    const edited = env.editArticle(old!, { summary: 'Old post, extended with benchmark results.' });
    env.addArticles([{ topics: ['cv'] }]);
    env.sender.faultFor = ({ n }) => (n === 2 ? new Error('process died') : undefined);
    const crashing = env.runtime();
    assert.equal((await env.time.run(crashing.deliverNow('console:c'))).kind, 'pending');
    assert.equal(env.subs.get('console:c')!.editsSeq, 0, 'a half-sent digest moves no watermark');
    await crashing.stop();

    env.sender.faultFor = undefined;
    const proc = env.openProcess();
    const restarted = env.runtime({ proc });
    await env.time.run(restarted.start());
    const day2 = env.sender.sentTo('console:c').slice(1);
    assert.deepEqual(updatedTitles(day2), ['Old post'], 'listed once across the crash');
    assert.equal(proc.subs.get('console:c')!.editsSeq, edited.editedSeq);
    await restarted.stop();
  } finally {
    env.close();
  }
});
