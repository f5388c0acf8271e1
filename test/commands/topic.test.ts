import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestBot, titles, type TestBot } from '../helpers/bot';

let t: TestBot;
before(async () => (t = await createTestBot()));
after(() => t.close());

test('/topic without a name lists every topic with its count', async () => {
  const en = await t.text('/topic');
  for (const name of ['Computer Vision', 'NLP', 'LLM', 'Reinforcement Learning', 'Generative Models']) assert.match(en, new RegExp(name));
  const cv = t.app.store.topicCounts().get('cv');
  assert.match(en, new RegExp(`Computer Vision \\(cv\\): ${cv}`));
  const zh = await t.text('/topic', { locale: 'zh' });
  assert.match(zh, /计算机视觉/);
});

test('/topic accepts an id, a Chinese or English name, or an alias', async () => {
  const byId = titles(await t.run('/topic llm'));
  assert.ok(byId.length > 0);
  assert.deepEqual(titles(await t.run('/topic 大模型')), byId);
  assert.deepEqual(titles(await t.run('/topic LLM')), byId);
  assert.deepEqual(titles(await t.run('/topic "large language model"')), byId);
});

test('topic pages are newest first and paginate', async () => {
  const r = await t.run('/topic cv');
  assert.equal(titles(r).length, 5);
  assert.ok(r.pagination!.pages >= 2);
  const p2 = await t.run('/topic cv page:2');
  assert.notDeepEqual(titles(p2), titles(r));
});

test('an unknown topic lists the valid ones', async () => {
  const en = await t.text('/topic astrology');
  assert.match(en, /There is no topic "astrology"/);
  assert.match(en, /generative/);
  const zh = await t.text('/topic 占星', { locale: 'zh' });
  assert.match(zh, /没有主题/);
});

test('/latest shows the newest articles, bounded', async () => {
  assert.equal(titles(await t.run('/latest 3')).length, 3);
  const bad = await t.run('/latest 500');
  assert.equal(bad.kind, 'error');
  assert.equal(bad.messageId, 'args.too-large');
  assert.match(JSON.stringify(bad), /at most 20/);
});

test('/help lists every command; /start is the same', async () => {
  const help = await t.text('/help');
  for (const c of ['/search', '/topic', '/latest', '/subscribe', '/unsubscribe', '/settings', '/digest']) assert.ok(help.includes(c), c);
  assert.equal(await t.text('/start'), help);
  assert.match(await t.text('/help', { locale: 'zh' }), /搜索/);
});
