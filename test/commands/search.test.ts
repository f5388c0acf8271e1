import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestBot, titles, type TestBot } from '../helpers/bot';

let t: TestBot;
before(async () => (t = await createTestBot()));
after(() => t.close());

test('/search 卷积 puts the dilated-convolution article first, five a page', async () => {
  const r = await t.run('/search 卷积');
  assert.match(titles(r)[0]!, /空洞卷积/);
  assert.equal(titles(r).length, 5);
  assert.ok(r.pagination && r.pagination.pages >= 2);
  assert.equal(r.pagination.page, 1);
});

test('page 2 continues where page 1 stopped, numbering included', async () => {
  const p1 = await t.run('/search 卷积');
  const p2 = await t.run('/search 卷积 page:2');
  assert.equal(p2.pagination!.page, 2);
  assert.ok(titles(p2).length >= 1);
  for (const x of titles(p2)) assert.ok(!titles(p1).includes(x));
  const block = p2.blocks.find((b) => b.kind === 'articles');
  assert.equal(block && block.kind === 'articles' ? block.startIndex : 0, 6);
});

test('a page past the end says how many pages there are', async () => {
  const r = await t.run('/search 卷积 page:99');
  assert.equal(r.kind, 'error');
  assert.equal(r.messageId, 'search.only-pages');
  assert.match(JSON.stringify(r), /only \d+ page/);
});

test('a topic filter narrows results', async () => {
  const r = await t.run('/search 模型 topic:generative');
  assert.ok(titles(r).length > 0);
  const all = t.app.store.all();
  for (const title of titles(r)) assert.ok(all.find((a) => a.title === title)!.topics.includes('generative'));
});

test('no results says so and suggests something, in the caller language', async () => {
  const en = await t.text('/search qwertyuiopzzz');
  assert.match(en, /No articles found/);
  assert.match(en, /\/topic/);
  const zh = await t.text('/search qwertyuiopzzz', { locale: 'zh' });
  assert.match(zh, /没有找到/);
});

test('empty and over-long queries get a clear message, not a crash', async () => {
  const empty = await t.run('/search');
  assert.equal(empty.kind, 'error');
  assert.equal(empty.messageId, 'args.missing');
  const long = await t.run('/search ' + '卷'.repeat(10_000));
  assert.equal(long.kind, 'error');
  assert.equal(long.messageId, 'args.too-long');
  const zh = await t.text('/search ' + 'x'.repeat(500), { locale: 'zh' });
  assert.match(zh, /太长/);
});

test('an unknown topic filter lists the valid ones', async () => {
  const r = await t.text('/search 卷积 topic:astrology');
  assert.match(r, /no topic "astrology"/);
  assert.match(r, /llm/);
});

test('words deep in an article are found: the three a user reported finding nothing for', async () => {
  // Each sits only in the text, past the 240-character lead the title/lead index holds.
  const cases: [string, RegExp][] = [
    ['UpsamplingBilinear2d', /通过卷积和池化/],
    ['latents', /SD模型原理/],
    ['随机选择', /Random erasing/],
  ];
  for (const [q, title] of cases) {
    const r = await t.run(`/search ${q}`);
    assert.ok(titles(r).length > 0, `${q}: ${JSON.stringify(r)}`);
    assert.match(titles(r)[0]!, title, q);
  }
});
