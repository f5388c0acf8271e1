// Keyword alerts through the Telegram adapter: /watch from a group admin (refused for a
// member), /watches and /unwatch, the command menu, and alerts from the alert runtime wired
// as main wires it — one message per batch, exactly once even after a 429.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createBotAlerts, createBotDigests } from '../../../src/bot';
import type { DigestRuntime } from '../../../src/digest/runtime';
import type { AlertRuntime } from '../../../src/watch/runtime';
import { startHarness, type Harness } from './harness';

const ADMIN = { id: 7101, first_name: 'Admin', language_code: 'zh-CN' };
const MEMBER = { id: 7102, first_name: 'Member', language_code: 'en' };

let h: Harness;
let digests: DigestRuntime;
let alerts: AlertRuntime;

function group(n: number): { id: number; type: 'supergroup' } {
  const g = { id: -1004000000000 - n, type: 'supergroup' as const };
  h.fake.setChatMember(g.id, ADMIN.id, 'creator');
  h.fake.setChatMember(g.id, MEMBER.id, 'member');
  return g;
}

const ingest = (guid: string, title: string, text = '正文。') =>
  h.app.ingest({ source: 'watch-test', entries: [{ guid, title, text, categories: [] }] });
const alertsIn = (chat: number) => h.fake.messagesIn(chat).filter((m) => /^🔔 \d+ 篇新文章/.test(m.text));

describe('keyword alerts through the Telegram adapter', { timeout: 30_000 }, () => {
  before(async () => {
    h = await startHarness();
    digests = createBotDigests(h.bot, () => [h.adapter], h.bot.log);
    // Checks are driven by the test; the interval only has to stay out of the way.
    alerts = createBotAlerts(h.bot, digests, () => [h.adapter], h.bot.log, { checkEveryMs: 3_600_000 });
    await alerts.start();
  });
  after(async () => {
    await alerts.stop();
    await digests.stop();
    await h.close();
  });

  it('lists /watch, /watches and /unwatch in the command menu, in English and Chinese', () => {
    const calls = h.fake.callsOf('setMyCommands');
    const names = (lang?: string) =>
      (calls.find((c) => c.params.language_code === lang)!.params.commands as { command: string; description: string }[]).map(
        (c) => c.command,
      );
    for (const lang of [undefined, 'zh'])
      for (const n of ['watch', 'watches', 'unwatch']) assert.ok(names(lang).includes(n), `${n} (${lang ?? 'en'})`);
  });

  it('an admin watches, a member may not; the group gets one alert for a matching batch', async () => {
    const g = group(1);
    const refused = await h.command({ chat: g, from: MEMBER, text: '/watch LoRA' });
    assert.match(refused.text, /only an admin/);
    const ok = await h.command({ chat: g, from: ADMIN, text: '/watch LoRA' });
    assert.match(ok.text, /已关注"LoRA"/);
    assert.match((await h.command({ chat: g, from: MEMBER, text: '/watches' })).text, /1: LoRA/);

    ingest('t1', 'LoRA 微调实战 <第一篇>');
    ingest('t2', '推理服务', '批处理与缓存。');
    await alerts.check();
    const got = alertsIn(g.id);
    assert.equal(got.length, 1);
    assert.match(got[0]!.text, /1 篇新文章匹配你的关注/);
    assert.match(got[0]!.text, /LoRA 微调实战 <第一篇>/);
    assert.match(got[0]!.text, /🔔 LoRA/);
    assert.doesNotMatch(got[0]!.text, /推理服务/);
    await alerts.check();
    assert.equal(alertsIn(g.id).length, 1, 'not twice');
  });

  it('a 429 on the alert: retried, sent exactly once', async () => {
    const g = group(2);
    await h.command({ chat: g, from: ADMIN, text: '/watch 扩散模型' });
    ingest('t3', 'Diffusion models, step by step');
    h.fake.failNext('sendMessage', { kind: 'rate-limit', retryAfter: 1 }, { chatId: g.id });
    await alerts.check();
    const attempts = h.fake
      .callsOf('sendMessage')
      .filter((c) => c.params.chat_id === g.id && String(c.params.text).includes('Diffusion models'));
    assert.deepEqual(
      attempts.map((c) => c.failed?.code),
      [429, undefined],
    );
    assert.equal(alertsIn(g.id).length, 1);
  });

  it('/unwatch by query ends the alerts', async () => {
    const g = group(3);
    await h.command({ chat: g, from: ADMIN, text: '/watch GAN' });
    assert.match((await h.command({ chat: g, from: ADMIN, text: '/unwatch gan' })).text, /已取消关注 "GAN"/);
    ingest('t4', 'GAN 训练技巧');
    await alerts.check();
    assert.equal(alertsIn(g.id).length, 0);
  });
});
