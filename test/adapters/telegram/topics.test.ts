// Forum topics as digest targets on Telegram: a subscription made inside a topic delivers into
// that topic and its replies stay there; a closed topic, or the bot leaving the supergroup,
// pauses it like a removed chat. Real telegraf against the fake Bot API.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createBotDigests } from '../../../src/bot';
import type { DigestRuntime } from '../../../src/digest/runtime';
import { until } from '../../hardening/bot-process';
import type { ChatSpec } from '../../fakes/telegram/index';
import { startHarness, type Harness } from './harness';

const ADMIN = { id: 7201, first_name: 'Admin', language_code: 'en' };
const FORUM: ChatSpec = { id: -1004301, type: 'supergroup', title: 'ML forum' };

let h: Harness;
let runtime: DigestRuntime;
let n = 0;
const sub = (ref: string) => h.bot.services.subscriptions.get(ref);
const ingest = (title: string) =>
  h.app.ingest({ source: 'topics-test', entries: [{ guid: `${title}-${++n}`, title, text: `${title}: 大模型 notes`, categories: [] }] });

describe('forum topics through the Telegram adapter', { timeout: 30_000 }, () => {
  before(async () => {
    h = await startHarness();
    h.fake.setChatMember(FORUM.id, ADMIN.id, 'creator');
    runtime = createBotDigests(h.bot, () => [h.adapter], h.bot.log);
  });
  after(async () => {
    await runtime.stop();
    await h.close();
  });

  it('/subscribe in a topic answers in the topic and delivers the digest there, not to General', async () => {
    const ok = await h.command({ chat: FORUM, from: ADMIN, threadId: 45, text: '/subscribe 09:00 UTC' });
    assert.match(ok.text, /Subscribed/);
    assert.equal(ok.threadId, 45, 'the reply stays in the topic');
    assert.equal(sub(`telegram:${FORUM.id}:45`)?.status, 'active');
    const general = await h.command({ chat: FORUM, from: ADMIN, text: '/settings' });
    assert.match(general.text, /no subscription/, 'General (the chat itself) is another target');
    assert.equal(general.threadId, undefined);

    ingest('Topic digest article');
    assert.equal((await runtime.deliverNow(`telegram:${FORUM.id}:45`)).kind, 'sent');
    const digests = h.fake.messagesIn(FORUM.id).filter((m) => /Daily digest/.test(m.text));
    assert.equal(digests.length, 1);
    assert.equal(digests[0]!.threadId, 45);
    assert.match(digests[0]!.text, /Topic digest article/);
  });

  it('page buttons work on a list shown in a topic', async () => {
    const list = await h.command({ chat: FORUM, from: ADMIN, threadId: 45, text: '/search 卷积' });
    const next = (list.replyMarkup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard
      .flat()
      .find((b) => b.text === '▶')!;
    const press = h.fake.injectCallbackQuery({
      from: ADMIN,
      message: { chatId: FORUM.id, messageId: list.messageId },
      data: next.callback_data,
    });
    await h.fake.waitForCall('editMessageText', (p) => p.message_id === list.messageId, { since: press.mark });
  });

  it('a closed topic pauses its subscription; reopened it stays paused; /settings says why; /subscribe resumes', async () => {
    h.fake.setTopicClosed(FORUM, 45, true);
    await until(() => sub(`telegram:${FORUM.id}:45`)?.status === 'paused', 'the closed topic to pause');
    assert.equal(sub(`telegram:${FORUM.id}:45`)!.pausedCode, 'closed');
    ingest('While closed');
    const mark = h.fake.mark();
    await runtime.deliverNow(`telegram:${FORUM.id}:45`);
    await runtime.runDue();
    assert.equal(h.fake.callsOf('sendMessage').filter((c) => c.index >= mark).length, 0, 'nothing sent to a closed topic');
    h.fake.setTopicClosed(FORUM, 45, false);
    const settings = await h.command({ chat: FORUM, from: ADMIN, threadId: 45, text: '/settings' });
    assert.match(settings.text, /this thread was locked or this topic closed/);
    assert.match(settings.text, /First reopen the thread or topic/);
    assert.equal(sub(`telegram:${FORUM.id}:45`)!.status, 'paused');
    const resumed = await h.command({ chat: FORUM, from: ADMIN, threadId: 45, text: '/subscribe' });
    assert.match(resumed.text, /Subscription resumed/);
  });

  it("a deleted topic: the refused send pauses it with Telegram's reason", async () => {
    await h.command({ chat: FORUM, from: ADMIN, threadId: 77, text: '/subscribe 10:00 UTC' });
    ingest('For a deleted topic');
    h.fake.failNext(
      'sendMessage',
      { kind: 'custom', code: 400, description: 'Bad Request: message thread not found' },
      { chatId: FORUM.id },
    );
    assert.equal((await runtime.deliverNow(`telegram:${FORUM.id}:77`)).kind, 'abandoned');
    assert.match(sub(`telegram:${FORUM.id}:77`)!.pausedReason ?? '', /forum topic no longer exists/);
  });

  it('the bot removed from the supergroup pauses its topics too', async () => {
    await h.command({ chat: FORUM, from: ADMIN, threadId: 88, text: '/subscribe 11:00 UTC' });
    await h.command({ chat: FORUM, from: ADMIN, text: '/subscribe 11:00 UTC' });
    h.fake.injectMyChatMember({ chat: FORUM, oldStatus: 'member', newStatus: 'kicked' });
    await until(
      () => sub(`telegram:${FORUM.id}:88`)?.status === 'paused' && sub(`telegram:${FORUM.id}`)?.status === 'paused',
      'chat and topic to pause',
    );
    assert.equal(sub(`telegram:${FORUM.id}:88`)!.pausedCode, 'removed');
  });
});
