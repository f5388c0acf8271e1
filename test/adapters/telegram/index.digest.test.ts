// Digests end to end: a supergroup subscribed through Telegram gets its digest from the
// digest runtime (wired as main wires it) and the adapter, exactly once even after a 429.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createBotDigests } from '../../../src/bot';
import type { DigestRuntime } from '../../../src/digest/runtime';
import { startHarness, type Harness } from './harness';

const ADMIN = { id: 7001, first_name: 'Admin', language_code: 'zh-CN' };

let h: Harness;
let runtime: DigestRuntime;

async function subscribed(n: number): Promise<{ id: number; type: 'supergroup' }> {
  const group = { id: -1003000000000 - n, type: 'supergroup' as const };
  h.fake.setChatMember(group.id, ADMIN.id, 'creator');
  const ok = await h.command({ chat: group, from: ADMIN, text: '/subscribe 09:00 Asia/Shanghai' });
  assert.match(ok.text, /已订阅每日摘要/);
  return group;
}

const ingest = (guid: string, title: string) =>
  h.app.ingest({ source: 'digest-test', entries: [{ guid, title, text: `${title}:扩散模型 & 大模型 < 新进展 >`, categories: [] }] });

describe('digests through the Telegram adapter', { timeout: 20_000 }, () => {
  before(async () => {
    h = await startHarness();
    runtime = createBotDigests(h.bot, () => [h.adapter], h.bot.log);
  });
  after(async () => {
    await runtime.stop();
    await h.close();
  });

  it('delivers a new article to the subscribed supergroup', async () => {
    const group = await subscribed(1);
    ingest('d1', 'R&D 周报 <第一期>');
    const outcome = await runtime.deliverNow(`telegram:${group.id}`);
    assert.equal(outcome.kind, 'sent');
    const digests = h.fake.messagesIn(group.id).filter((m) => m.text.startsWith('每日摘要'));
    assert.equal(digests.length, 1);
    assert.ok(digests[0]!.text.includes('R&D 周报 <第一期>'));
  });

  it('sends exactly one message when Telegram answers 429 once', async () => {
    const group = await subscribed(2);
    ingest('d2', '限流之后的摘要');
    h.fake.failNext('sendMessage', { kind: 'rate-limit', retryAfter: 1 }, { chatId: group.id });
    const outcome = await runtime.deliverNow(`telegram:${group.id}`);
    assert.equal(outcome.kind, 'sent');
    const attempts = h.fake
      .callsOf('sendMessage')
      .filter((c) => c.params.chat_id === group.id && String(c.params.text).includes('限流之后的摘要'));
    assert.deepEqual(
      attempts.map((c) => c.failed?.code),
      [429, undefined],
    );
    assert.equal(h.fake.messagesIn(group.id).filter((m) => m.text.includes('限流之后的摘要')).length, 1);
  });
});
