import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestBot, type TestBot } from '../helpers/bot';
import { replyToPlainText } from '../../src/core/reply';

let t: TestBot;
before(async () => (t = await createTestBot()));
after(() => t.close());

const count = (channel: string) =>
  (t.app.db.prepare('SELECT count(*) AS n FROM watches WHERE channel = ?').get(channel) as { n: number }).n;

test('/watch, /watches and /unwatch by number and by query', async () => {
  const c = { channel: 'test:w1' };
  assert.match(await t.text('/watch LoRA', c), /Watching "LoRA"/);
  assert.match(await t.text('/watch 扩散模型 topic:generative', c), /Watching "扩散模型" in Generative/);
  assert.match(await t.text('/watch   lora ', c), /already watches "LoRA"/);
  const list = await t.text('/watches', c);
  assert.match(list, /Keyword alerts · 2\/20/);
  assert.match(list, /1: LoRA\n2: 扩散模型 · Generative Models/);
  assert.match(await t.text('/unwatch 1', c), /Stopped watching "LoRA"/);
  assert.match(await t.text('/watches', c), /1: 扩散模型/);
  assert.match(await t.text('/unwatch 擴散模型', c), /Stopped watching "扩散模型"/, 'by query, Traditional folded');
  assert.match(await t.text('/watches', c), /watches nothing yet/);
});

test('who may watch: admins in a group, anyone in a private chat; anyone may list', async () => {
  const refused = await t.run('/watch LoRA', { channel: 'test:w2', admin: false });
  assert.equal(refused.messageId, 'router.admin-only');
  assert.equal(count('test:w2'), 0);
  assert.equal((await t.run('/watch LoRA', { channel: 'test:dm', admin: false, isPrivate: true })).kind, 'info');
  assert.equal(count('test:dm'), 1);
  await t.run('/watch GAN', { channel: 'test:w2' });
  assert.equal((await t.run('/unwatch 1', { channel: 'test:w2', admin: false })).messageId, 'router.admin-only');
  assert.match(await t.text('/watches', { channel: 'test:w2', admin: false }), /1: GAN/);
});

test('limits and bad input: clear errors, in the caller’s language, nothing stored', async () => {
  const c = { channel: 'test:w3' };
  assert.equal((await t.run('/watch', c)).messageId, 'args.missing');
  assert.equal((await t.run('/watch ' + 'x'.repeat(101), c)).messageId, 'args.too-long');
  assert.equal((await t.run('/watch 。。。!!', c)).messageId, 'watch.nothing-searchable');
  assert.equal((await t.run('/watch LoRA topic:astrology', c)).messageId, 'topics.unknown');
  assert.equal((await t.run('/unwatch 7', c)).messageId, 'unwatch.not-found');
  assert.match(await t.text('/unwatch 不存在', { ...c, locale: 'zh' }), /本聊天没有关注"不存在"/);
  assert.equal(count('test:w3'), 0);
  for (let i = 0; i < 20; i++) await t.run(`/watch term${i}`, c);
  const full = await t.run('/watch one more', { ...c, locale: 'zh' });
  assert.equal(full.messageId, 'watch.too-many');
  assert.match(replyToPlainText(full), /已有 20 个关注/);
  assert.equal(count('test:w3'), 20);
});

test('/help states the matching rule and lists the commands', async () => {
  const help = await t.text('/help');
  assert.match(help, /\/watch <query> \[topic\]/);
  assert.match(help, /\/unwatch <watch>/);
  assert.match(help, /at least 3 times in its text/);
  assert.match(await t.text('/help', { locale: 'zh' }), /至少 3 次/);
});

test('Discord-style autocomplete for /unwatch offers the chat’s own watches', async () => {
  const c = { channel: 'test:w4' };
  await t.run('/watch LoRA', c);
  await t.run('/watch 强化学习 topic:rl', c);
  const option = t.bot.findCommand('unwatch')!.options[0]!;
  const limits = { maxChoices: 25, maxLength: 100 };
  assert.deepEqual(t.bot.complete(option, '', 'en', limits, 'test:w4'), [
    { name: '1. LoRA', value: '1' },
    { name: '2. 强化学习 (rl)', value: '2' },
  ]);
  assert.deepEqual(
    t.bot.complete(option, '強化', 'en', limits, 'test:w4').map((c) => c.value),
    ['2'],
  );
  assert.deepEqual(t.bot.complete(option, '', 'en', limits, 'test:other'), []);
});
