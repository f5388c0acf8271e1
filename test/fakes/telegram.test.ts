// End-to-end checks of the fake Telegram Bot API with the real telegraf client polling it,
// proving the fake is good enough to stand in for Telegram in the adapter's tests.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { Markup, Telegraf, TelegramError } from 'telegraf';
import { parseTelegramHtml, startFakeTelegram, type FakeTelegram } from './telegram/index';

const USER = { id: 5001, first_name: '小明', username: 'xiaoming', language_code: 'zh-hans' };
const PRIVATE = { id: USER.id, type: 'private' as const };
const GROUP = { id: -1001234567890, type: 'supergroup' as const, title: 'ML 读书会' };

let fake: FakeTelegram;
let bot: Telegraf;
let launched: Promise<unknown>;
const seen: string[] = [];

const repliesIn = (chatId: number): string[] => fake.messagesIn(chatId).map((m) => m.text);

describe('fake Telegram with the real telegraf client', { timeout: 10_000 }, () => {
  beforeEach(async () => {
    fake = await startFakeTelegram({ botUsername: 'FeedBot' });
    bot = new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot } });
    seen.length = 0;
    bot.command('ping', (ctx) => ctx.reply('pong'));
    bot.command('menu', (ctx) => ctx.reply('menu', Markup.inlineKeyboard([Markup.button.callback('More', 'more:1')])));
    bot.on('callback_query', async (ctx) => {
      seen.push(`cb:${'data' in ctx.callbackQuery ? ctx.callbackQuery.data : ''}`);
      await ctx.answerCbQuery('loading');
    });
    bot.on('inline_query', (ctx) =>
      ctx.answerInlineQuery([
        { type: 'article', id: 'a1', title: `hit for ${ctx.inlineQuery.query}`, input_message_content: { message_text: 'x' } },
      ]),
    );
    bot.on('channel_post', (ctx) => {
      seen.push(`channel:${ctx.chat.id}`);
    });
    bot.on('message', (ctx) => {
      seen.push(`message:${ctx.from.username}:${ctx.message.sender_chat?.id ?? ''}`);
    });
    // Never awaited before stop(): launch() only settles once polling ends.
    launched = bot.launch().catch((error: unknown) => error);
    await fake.waitForCall('getUpdates');
  });

  afterEach(async () => {
    bot.stop('test over');
    assert.equal(await launched, undefined, 'polling should end cleanly');
    await fake.close();
  });

  it('answers /ping with pong in a private chat', async () => {
    const { mark } = fake.injectMessage({ chat: PRIVATE, from: USER, text: '/ping' });
    const call = await fake.waitForCall('sendMessage', (p) => p.chat_id === USER.id, { since: mark });
    assert.equal(call.params.text, 'pong');
    assert.deepEqual(repliesIn(USER.id), ['pong']);
  });

  it('routes /ping@FeedBot in a supergroup using the username from getMe', async () => {
    const { mark, message } = fake.injectMessage({ chat: GROUP, from: USER, text: '/ping@FeedBot now' });
    assert.deepEqual(message.entities, [{ type: 'bot_command', offset: 0, length: '/ping@FeedBot'.length }]);
    await fake.waitForCall('sendMessage', (p) => p.chat_id === GROUP.id, { since: mark });
    assert.deepEqual(repliesIn(GROUP.id), ['pong']);
  });

  it('does not treat a command addressed to another bot as its own', async () => {
    const other = fake.injectMessage({ chat: GROUP, from: USER, text: '/ping@OtherBot' });
    const mine = fake.injectMessage({ chat: GROUP, from: USER, text: '/ping' });
    // Once telegraf confirms both updates, it has finished handling them.
    await fake.waitForCall('getUpdates', (p) => p.offset === mine.updateId + 1);
    assert.ok(other.updateId < mine.updateId);
    assert.deepEqual(repliesIn(GROUP.id), ['pong'], 'only the second command is answered');
  });

  it('delivers each update once because telegraf confirms it with offset', async () => {
    const first = fake.injectMessage({ chat: PRIVATE, from: USER, text: '/ping' });
    await fake.waitForCall('sendMessage', () => true, { since: first.mark });
    const second = fake.injectMessage({ chat: PRIVATE, from: USER, text: '/ping' });
    await fake.waitForCall('sendMessage', () => true, { since: second.mark });
    // The poll after the second reply carries an offset confirming both updates.
    await fake.waitForCall('getUpdates', (p) => p.offset === second.updateId + 1);
    assert.deepEqual(repliesIn(USER.id), ['pong', 'pong']);
    assert.deepEqual(fake.pendingUpdates(), []);
  });

  it('answers a callback query from a button the bot sent', async () => {
    const menu = fake.injectMessage({ chat: PRIVATE, from: USER, text: '/menu' });
    await fake.waitForCall('sendMessage', () => true, { since: menu.mark });
    const [sent] = fake.messagesIn(USER.id);
    assert.deepEqual(sent?.replyMarkup, { inline_keyboard: [[{ text: 'More', callback_data: 'more:1', hide: false }]] });

    const press = fake.injectCallbackQuery({ from: USER, message: { chatId: USER.id, messageId: sent!.messageId }, data: 'more:1' });
    const answer = await fake.waitForCall('answerCallbackQuery', (p) => p.callback_query_id === press.callbackQuery.id);
    assert.equal(answer.failed, undefined);
    assert.equal(answer.params.text, 'loading');
    assert.deepEqual(seen, ['cb:more:1']);
  });

  it('answers an inline query', async () => {
    const { inlineQuery, mark } = fake.injectInlineQuery({ from: USER, query: 'transformer' });
    const answer = await fake.waitForCall('answerInlineQuery', () => true, { since: mark });
    assert.equal(answer.params.inline_query_id, inlineQuery.id);
    assert.equal(answer.failed, undefined);
    assert.deepEqual(
      (answer.params.results as { title: string }[]).map((r) => r.title),
      ['hit for transformer'],
    );
  });

  it('delivers channel posts without a sender and anonymous admin messages with the group as sender_chat', async () => {
    const channel = { id: -1009876543210, type: 'channel' as const, title: 'Feed' };
    const post = fake.injectMessage({ chat: channel, text: 'hello' });
    assert.equal(post.message.from, undefined);
    assert.equal(post.message.sender_chat?.id, channel.id);
    assert.ok('channel_post' in post.update);

    const anon = fake.injectMessage({ chat: GROUP, senderChat: GROUP, text: 'hi from admins' });
    assert.equal(anon.message.from?.username, 'GroupAnonymousBot');
    await fake.waitForCall('getUpdates', (p) => p.offset === anon.updateId + 1);
    assert.deepEqual(seen, [`channel:${channel.id}`, `message:GroupAnonymousBot:${GROUP.id}`]);
  });

  it('surfaces an injected 429 as a TelegramError carrying retry_after', async () => {
    fake.failNext('sendMessage', { kind: 'rate-limit', retryAfter: 7 }, { chatId: USER.id });
    await assert.rejects(bot.telegram.sendMessage(USER.id, 'digest'), (error: unknown) => {
      assert.ok(error instanceof TelegramError);
      assert.equal(error.code, 429);
      assert.equal(error.parameters?.retry_after, 7);
      return true;
    });
    assert.equal(fake.callsOf('sendMessage')[0]?.failed?.injected, true);
    // The failure was used up: the retry goes through.
    await bot.telegram.sendMessage(USER.id, 'digest');
    assert.deepEqual(repliesIn(USER.id), ['digest']);
  });

  it('rejects HTML Telegram cannot parse, with Telegram wording', async () => {
    await assert.rejects(bot.telegram.sendMessage(USER.id, '1 < 2', { parse_mode: 'HTML' }), (error: unknown) => {
      assert.ok(error instanceof TelegramError);
      assert.equal(error.code, 400);
      assert.equal(error.description, `Bad Request: can't parse entities: Unsupported start tag "" at byte offset 2`);
      return true;
    });
    const ok = await bot.telegram.sendMessage(USER.id, '<b>a &amp; b</b>', { parse_mode: 'HTML' });
    assert.equal(ok.text, 'a & b');
    assert.deepEqual(
      fake.messagesIn(USER.id).map((m) => m.source),
      ['<b>a &amp; b</b>'],
    );
  });
});

describe('HTML checker cases the adapter relies on', () => {
  it('accepts escaped text and links, rejects unclosed tags, bare & and <, and unknown tags', () => {
    assert.ok(parseTelegramHtml('<b>a &amp; b</b>').ok);
    assert.ok(parseTelegramHtml('<a href="https://x">t</a>').ok);
    for (const bad of ['<b>x', 'a & b', '1 < 2', '<script>']) {
      assert.equal(parseTelegramHtml(bad).ok, false, bad);
    }
  });
});
