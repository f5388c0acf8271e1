import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestBot, type TestBot } from '../helpers/bot';

let t: TestBot;
before(async () => (t = await createTestBot({ DIGEST_DEFAULT_TIME: '08:30', DIGEST_DEFAULT_TIMEZONE: 'Europe/Berlin' })));
after(() => t.close());

test('an admin subscribes with time, zone and topics; /settings shows it', async () => {
  const r = await t.text('/subscribe 07:15 Asia/Shanghai llm 计算机视觉', { channel: 'test:a' });
  assert.match(r, /Subscribed/);
  const sub = t.app.db.prepare('SELECT * FROM subscriptions WHERE channel = ?').get('test:a') as {
    time: string;
    timezone: string;
    topics: string;
  };
  assert.equal(sub.time, '07:15');
  assert.equal(sub.timezone, 'Asia/Shanghai');
  assert.deepEqual(JSON.parse(sub.topics), ['llm', 'cv']);
  const s = await t.text('/settings', { channel: 'test:a' });
  assert.match(s, /07:15 Asia\/Shanghai/);
  assert.match(s, /LLM, Computer Vision/);
});

test('defaults come from the environment; words may come in any order; zones are case-insensitive', async () => {
  await t.run('/subscribe', { channel: 'test:b' });
  assert.match(await t.text('/settings', { channel: 'test:b' }), /08:30 Europe\/Berlin/);
  await t.run('/subscribe rl 6:05 america/new_york', { channel: 'test:c' });
  assert.match(await t.text('/settings', { channel: 'test:c' }), /06:05 America\/New_York/);
});

test('bad time, zone or topic gets a specific message and stores nothing', async () => {
  const before = t.app.db.prepare('SELECT count(*) AS n FROM subscriptions').get() as { n: number };
  assert.match(await t.text('/subscribe 25:00', { channel: 'test:d' }), /not a valid time/);
  assert.match(await t.text('/subscribe 09:00 Mars/Olympus', { channel: 'test:d' }), /not a valid time zone/);
  assert.match(await t.text('/subscribe 09:00 astrology', { channel: 'test:d' }), /astrology/);
  assert.match(await t.text('/subscribe 25:00', { channel: 'test:d', locale: 'zh' }), /不是有效的时间/);
  const after = t.app.db.prepare('SELECT count(*) AS n FROM subscriptions').get() as { n: number };
  assert.equal(after.n, before.n);
});

test('only a channel admin may subscribe or unsubscribe a group channel', async () => {
  const refused = await t.run('/subscribe 09:00', { channel: 'test:e', admin: false });
  assert.equal(refused.kind, 'error');
  assert.equal(refused.messageId, 'router.admin-only');
  assert.equal(t.app.db.prepare('SELECT 1 FROM subscriptions WHERE channel = ?').get('test:e'), undefined);
  await t.run('/subscribe 09:00', { channel: 'test:e', admin: true });
  const no = await t.run('/unsubscribe', { channel: 'test:e', admin: false });
  assert.equal(no.kind, 'error');
  assert.equal(no.messageId, 'router.admin-only');
  assert.ok(t.app.db.prepare('SELECT 1 FROM subscriptions WHERE channel = ?').get('test:e'));
  // In a private chat the user is the admin.
  assert.match(await t.text('/subscribe 10:00', { channel: 'test:dm', admin: false, isPrivate: true }), /Subscribed/);
});

test('/unsubscribe removes it, and says so when there is nothing to remove', async () => {
  await t.run('/subscribe', { channel: 'test:f' });
  assert.match(await t.text('/unsubscribe', { channel: 'test:f' }), /Unsubscribed/);
  assert.match(await t.text('/unsubscribe', { channel: 'test:f' }), /no subscription/);
  assert.match(await t.text('/settings', { channel: 'test:f' }), /no subscription/);
});

test('/digest previews only what arrived after subscribing, and marks nothing delivered', async () => {
  await t.run('/subscribe 09:00 UTC', { channel: 'test:g' });
  assert.match(await t.text('/digest', { channel: 'test:g' }), /Nothing new/);
  t.app.ingest({
    source: 'test',
    entries: [{ guid: 'new-1', title: 'A new diffusion article', text: '扩散模型 diffusion 的新进展', categories: [] }],
  });
  const p1 = await t.text('/digest', { channel: 'test:g' });
  assert.match(p1, /A new diffusion article/);
  assert.match(p1, /1 new article/);
  assert.equal(await t.text('/digest', { channel: 'test:g' }), p1, 'previewing twice shows the same digest');
});

test('the confirmation carries a starter of recent articles on the chosen topics, which the next digest does not repeat', async () => {
  const reply = await t.run('/subscribe 09:00 Asia/Shanghai rl', { channel: 'test:starter' });
  const starter = reply.blocks.find((b) => b.kind === 'articles');
  assert.ok(starter && starter.kind === 'articles');
  assert.equal(starter.heading, 'Recent articles');
  const expected = t.app.store.latestInTopics(['rl'], 5);
  assert.ok(expected.length >= 3, 'the sample feed has several RL articles');
  assert.deepEqual(
    starter.items.map((i) => i.id),
    expected.map((a) => a.id),
  );
  for (const a of expected) assert.ok(a.topics.includes('rl'));
  assert.match(await t.text('/digest', { channel: 'test:starter' }), /0 new articles/);
  const zh = await t.text('/subscribe 09:00 Asia/Shanghai rl', { channel: 'test:starter-zh', locale: 'zh' });
  assert.match(zh, /近期文章[\s\S]*不会在摘要里重复/);
});
