// Unprompted sends (digests) through the adapter: long replies split to fit, and Telegram's
// refusals classified into DeliveryError kinds the digest service acts on.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { DeliveryError, type DeliveryFailure } from '../../../src/core/errors';
import type { ArticleView, Reply } from '../../../src/core/types';
import { createTelegramAdapter } from '../../../src/adapters/telegram/index';
import { startHarness, type Harness } from './harness';

const group = (n: number) => -1002000000000 - n;
const channel = (id: number) => `telegram:${id}`;
const digest: Reply = { title: 'Daily digest · 2024-05-01', kind: 'digest', blocks: [{ kind: 'text', text: 'R&D <news>' }] };

const articles = (n: number): ArticleView[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `a${i}`,
    title: `第 ${i + 1} 篇:R&D <tips>`,
    url: `https://example.com/post/${i}?a=1&b=2`,
    snippet: '扩散模型 & 大模型 < 训练 > 推理 '.repeat(6),
    topics: ['大模型', '生成模型'],
    date: '2024-05-01',
  }));

async function failure(send: Promise<unknown>): Promise<DeliveryFailure> {
  try {
    await send;
  } catch (err) {
    assert.ok(err instanceof DeliveryError, String(err));
    return err.failure;
  }
  throw new Error('send succeeded');
}

let h: Harness;

describe('TelegramAdapter.send', { timeout: 20_000 }, () => {
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  it('sends a digest as HTML and returns the message id', async () => {
    const result = await h.adapter.send(channel(group(1)), digest);
    const [msg] = h.fake.messagesIn(group(1));
    assert.equal(result.messageId, String(msg!.messageId));
    assert.equal(msg!.text, 'Daily digest · 2024-05-01\n\nR&D <news>');
  });

  it('splits a very long digest into messages that each fit Telegram', async () => {
    const long: Reply = { title: 'Daily digest', kind: 'digest', blocks: [{ kind: 'articles', heading: '大模型', items: articles(60) }] };
    const parts = h.adapter.split(long);
    assert.ok(parts.length >= 3, `${parts.length} parts`);
    for (const part of parts) await h.adapter.send(channel(group(2)), part);
    const sent = h.fake.messagesIn(group(2));
    assert.equal(sent.length, parts.length);
    for (const m of sent) assert.ok(m.source.length <= 4096, `${m.source.length} units`);
    const text = sent.map((m) => m.text).join('\n');
    for (let i = 1; i <= 60; i++) assert.ok(text.includes(`${i}. 第 ${i} 篇:R&D <tips>`), `article ${i} delivered`);
  });

  it('splits on its own when handed a reply too long for one message', async () => {
    await h.adapter.send(channel(group(3)), { kind: 'digest', blocks: [{ kind: 'articles', items: articles(40) }] });
    assert.ok(h.fake.messagesIn(group(3)).length > 1);
  });

  it('reports 429 as rate-limited with the wait Telegram asked for', async () => {
    h.fake.failNext('sendMessage', { kind: 'rate-limit', retryAfter: 7 }, { chatId: group(4) });
    assert.deepEqual(await failure(h.adapter.send(channel(group(4)), digest)), { kind: 'rate-limited', retryAfterMs: 7000 });
  });

  it('reports a kicked bot and an unknown chat as permanent', async () => {
    h.fake.setChatMember(group(5), h.fake.bot.id, 'kicked');
    assert.deepEqual(await failure(h.adapter.send(channel(group(5)), digest)), {
      kind: 'permanent',
      reason: 'bot was kicked from the group',
    });
    h.fake.failNext('sendMessage', { kind: 'chat-not-found' }, { chatId: group(6) });
    assert.deepEqual(await failure(h.adapter.send(channel(group(6)), digest)), { kind: 'permanent', reason: 'chat not found' });
    h.fake.failNext('sendMessage', { kind: 'blocked' }, { chatId: 5099 });
    assert.deepEqual(await failure(h.adapter.send(channel(5099), digest)), { kind: 'permanent', reason: 'bot was blocked by the user' });
  });

  it('reports a group upgraded to a supergroup as migrated, with the new channel', async () => {
    h.fake.failNext('sendMessage', { kind: 'migrated', newChatId: -1003333333333 }, { chatId: -4444 });
    assert.deepEqual(await failure(h.adapter.send(channel(-4444), digest)), { kind: 'migrated', newChannel: 'telegram:-1003333333333' });
  });

  it('reports a server error as transient', async () => {
    h.fake.failNext('sendMessage', { kind: 'server-error' }, { chatId: group(7) });
    assert.deepEqual(await failure(h.adapter.send(channel(group(7)), digest)), { kind: 'transient' });
    await h.adapter.send(channel(group(7)), digest);
    assert.equal(h.fake.messagesIn(group(7)).length, 1, 'the next attempt goes through');
  });

  it('refuses channels of other platforms as permanent', async () => {
    assert.equal((await failure(h.adapter.send('discord:123', digest))).kind, 'permanent');
  });

  it('reports an unreachable API as transient, with no answer', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const offline = createTelegramAdapter(
      h.bot,
      { ...h.config, telegram: { ...h.config.telegram, apiRoot: `http://127.0.0.1:${port}` } },
      h.bot.log,
    );
    const err = await offline.send(channel(group(8)), digest).catch((e: unknown) => e);
    assert.ok(err instanceof DeliveryError);
    assert.deepEqual(err.failure, { kind: 'transient', noAnswer: true });
    assert.ok(!err.message.includes(h.fake.token), err.message);
  });
});
