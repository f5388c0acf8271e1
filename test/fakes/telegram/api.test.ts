// Raw-HTTP tests of the fake Bot API's Telegram-like behaviour: long polling and offsets,
// message validation and edits, fault injection, held responses and call waiting.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { startFakeTelegram, type FakeTelegram } from './index';

interface ApiReply {
  status: number;
  body: { ok: boolean; result?: unknown; error_code?: number; description?: string; parameters?: Record<string, number> };
}

let fake: FakeTelegram;

async function api(method: string, params: Record<string, unknown> = {}, token = fake.token): Promise<ApiReply> {
  const res = await fetch(`${fake.apiRoot}/bot${token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  return { status: res.status, body: (await res.json()) as ApiReply['body'] };
}

const resultOf = async <T>(method: string, params: Record<string, unknown> = {}): Promise<T> => {
  const reply = await api(method, params);
  assert.equal(reply.body.ok, true, `${method} failed: ${reply.body.description}`);
  return reply.body.result as T;
};

const USER = { id: 42, first_name: 'Ada' };
const CHAT = { id: 42, type: 'private' as const };

beforeEach(async () => {
  fake = await startFakeTelegram();
});
afterEach(async () => {
  await fake.close();
});

describe('routing', { timeout: 5000 }, () => {
  it('answers a wrong token with 401 and an unknown method with 404, like Telegram', async () => {
    assert.deepEqual(await api('getMe', {}, '1:wrong'), {
      status: 401,
      body: { ok: false, error_code: 401, description: 'Unauthorized' },
    });
    assert.deepEqual(await api('sendPigeon'), {
      status: 404,
      body: { ok: false, error_code: 404, description: 'Not Found: method not found' },
    });
  });

  it('reads urlencoded bodies and query strings too', async () => {
    const res = await fetch(`${fake.apiRoot}/bot${fake.token}/sendMessage?chat_id=42`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ text: 'hi', reply_markup: JSON.stringify({ inline_keyboard: [[{ text: 'a', callback_data: 'b' }]] }) }),
    });
    assert.equal(res.status, 200);
    assert.deepEqual(fake.messagesIn(42)[0]?.replyMarkup, { inline_keyboard: [[{ text: 'a', callback_data: 'b' }]] });

    const form = new FormData();
    form.set('chat_id', '42');
    form.set('text', '多部分');
    const multipart = await fetch(`${fake.apiRoot}/bot${fake.token}/sendMessage`, { method: 'POST', body: form });
    assert.equal(multipart.status, 200);
    assert.deepEqual(
      fake.messagesIn(42).map((m) => m.text),
      ['hi', '多部分'],
    );
  });
});

describe('getUpdates', { timeout: 5000 }, () => {
  it('holds a long poll open until an update arrives', async () => {
    const poll = api('getUpdates', { timeout: 30 });
    await fake.waitForCall('getUpdates');
    const { updateId } = fake.injectMessage({ chat: CHAT, from: USER, text: 'hello' });
    const reply = await poll;
    assert.deepEqual(
      (reply.body.result as { update_id: number }[]).map((u) => u.update_id),
      [updateId],
    );
  });

  it('redelivers until an offset confirms, and honours limit and negative offsets', async () => {
    const ids = [1, 2, 3].map((n) => fake.injectMessage({ chat: CHAT, from: USER, text: `m${n}` }).updateId);
    const idsOf = (updates: unknown): number[] => (updates as { update_id: number }[]).map((u) => u.update_id);
    assert.deepEqual(idsOf(await resultOf('getUpdates')), ids);
    assert.deepEqual(idsOf(await resultOf('getUpdates')), ids, 'unconfirmed updates come back');
    assert.deepEqual(idsOf(await resultOf('getUpdates', { offset: ids[1], limit: 1 })), [ids[1]]);
    assert.deepEqual(idsOf(await resultOf('getUpdates', { offset: 0 })), [ids[1], ids[2]], 'the first was confirmed');
    assert.deepEqual(idsOf(await resultOf('getUpdates', { offset: -1 })), [ids[2]]);
    assert.deepEqual(idsOf(await resultOf('getUpdates', { offset: ids[2]! + 1 })), []);
  });

  it('ends an older poll with 409 when a newer one starts', async () => {
    const older = api('getUpdates', { timeout: 30 });
    await fake.waitForCall('getUpdates');
    const newer = api('getUpdates', { timeout: 0 });
    const reply = await older;
    assert.equal(reply.status, 409);
    assert.match(reply.body.description ?? '', /^Conflict: terminated by other getUpdates request/);
    assert.equal((await newer).status, 200);
  });

  it('answers a pending poll with [] when the fake closes', async () => {
    const poll = api('getUpdates', { timeout: 50 });
    await fake.waitForCall('getUpdates');
    await fake.close();
    assert.deepEqual((await poll).body, { ok: true, result: [] });
  });

  it('refuses to poll while a webhook is set', async () => {
    await resultOf('setWebhook', { url: 'https://example.org/hook' });
    assert.equal((await api('getUpdates')).status, 409);
  });
});

describe('messages', { timeout: 5000 }, () => {
  it('numbers messages per chat, shared with incoming ones', async () => {
    fake.injectMessage({ chat: CHAT, from: USER, text: 'hi' });
    const a = await resultOf<{ message_id: number; from: { username: string } }>('sendMessage', { chat_id: 42, text: 'one' });
    const b = await resultOf<{ message_id: number }>('sendMessage', { chat_id: -100777, text: 'group' });
    assert.equal(a.message_id, 2);
    assert.equal(a.from.username, 'FeedBot');
    assert.equal(b.message_id, 1);
  });

  it('limits text to 4096 UTF-16 code units after parsing and rejects empty text', async () => {
    assert.equal((await api('sendMessage', { chat_id: 42, text: 'x'.repeat(4096) })).status, 200);
    assert.equal((await api('sendMessage', { chat_id: 42, text: `<b>${'x'.repeat(4096)}</b>`, parse_mode: 'HTML' })).status, 200);
    const tooLong = await api('sendMessage', { chat_id: 42, text: '😀'.repeat(2049) });
    assert.equal(tooLong.body.description, 'Bad Request: message is too long');
    assert.equal((await api('sendMessage', { chat_id: 42, text: ' \n ' })).body.description, 'Bad Request: message text is empty');
    assert.equal(
      (await api('sendMessage', { chat_id: 42, text: '<b></b>', parse_mode: 'HTML' })).body.description,
      'Bad Request: message text is empty',
    );
  });

  it('rejects callback_data over 64 bytes', async () => {
    const keyboard = (data: string) => ({ inline_keyboard: [[{ text: 'go', callback_data: data }]] });
    assert.equal((await api('sendMessage', { chat_id: 42, text: 't', reply_markup: keyboard('搜'.repeat(21)) })).status, 200);
    const tooBig = await api('sendMessage', { chat_id: 42, text: 't', reply_markup: keyboard('搜'.repeat(22)) });
    assert.equal(tooBig.body.description, 'Bad Request: BUTTON_DATA_INVALID');
  });

  it('edits bot messages and refuses unknown, unchanged or foreign ones', async () => {
    const sent = await resultOf<{ message_id: number }>('sendMessage', { chat_id: 42, text: 'page 1' });
    await resultOf('editMessageText', { chat_id: 42, message_id: sent.message_id, text: '<i>page 2</i>', parse_mode: 'HTML' });
    assert.deepEqual(
      fake.messagesIn(42).map((m) => [m.text, m.source, m.editDate !== undefined]),
      [['page 2', '<i>page 2</i>', true]],
    );

    const same = await api('editMessageText', { chat_id: 42, message_id: sent.message_id, text: '<i>page 2</i>', parse_mode: 'HTML' });
    assert.match(same.body.description ?? '', /^Bad Request: message is not modified/);
    const missing = await api('editMessageText', { chat_id: 42, message_id: 999, text: 'x' });
    assert.equal(missing.body.description, 'Bad Request: message to edit not found');
    const userMessage = fake.injectMessage({ chat: CHAT, from: USER, text: 'mine' }).message;
    const foreign = await api('editMessageText', { chat_id: 42, message_id: userMessage.message_id, text: 'x' });
    assert.equal(foreign.body.description, "Bad Request: message can't be edited");
  });

  it('marks a leading command with its UTF-16 length, but not one glued to Chinese text', () => {
    const cmd = fake.injectMessage({ chat: CHAT, from: USER, text: '/search@FeedBot 注意力机制' }).message;
    assert.deepEqual(cmd.entities, [{ type: 'bot_command', offset: 0, length: 15 }]);
    assert.equal(fake.injectMessage({ chat: CHAT, from: USER, text: '/search中文' }).message.entities, undefined);
    assert.throws(() => fake.injectMessage({ chat: CHAT, from: { id: 7 }, text: 'x' }), /private chat 42/);
  });
});

describe('fault injection and control', { timeout: 5000 }, () => {
  it('produces each canned failure with Telegram status, wording and parameters', async () => {
    fake.failNext('sendMessage', { kind: 'kicked' });
    fake.failNext('sendMessage', { kind: 'blocked' });
    fake.failNext('sendMessage', { kind: 'migrated', newChatId: -1001 });
    fake.failNext('sendMessage', { kind: 'chat-not-found' });
    fake.failNext('sendMessage', { kind: 'not-enough-rights' });
    fake.failNext('sendMessage', { kind: 'server-error' });
    const replies = [];
    for (let i = 0; i < 6; i++) replies.push(await api('sendMessage', { chat_id: -100555, text: 'x' }));
    assert.deepEqual(
      replies.map((r) => [r.status, r.body.description]),
      [
        [403, 'Forbidden: bot was kicked from the supergroup chat'],
        [403, 'Forbidden: bot was blocked by the user'],
        [400, 'Bad Request: group chat was upgraded to a supergroup chat'],
        [400, 'Bad Request: chat not found'],
        [400, 'Bad Request: not enough rights to send text messages to the chat'],
        [500, 'Internal Server Error'],
      ],
    );
    assert.deepEqual(replies[2]?.body.parameters, { migrate_to_chat_id: -1001 });
    assert.deepEqual(fake.messagesIn(-100555), [], 'failed sends leave nothing in the chat');
    assert.equal((await api('sendMessage', { chat_id: -100555, text: 'x' })).status, 200);
  });

  it('scopes failures to a chat and repeats them `times` times', async () => {
    fake.failNext('sendMessage', { kind: 'blocked' }, { chatId: 7, times: 2 });
    assert.equal((await api('sendMessage', { chat_id: 42, text: 'x' })).status, 200);
    assert.equal((await api('sendMessage', { chat_id: 7, text: 'x' })).status, 403);
    assert.equal((await api('sendMessage', { chat_id: '7', text: 'x' })).status, 403);
    assert.equal((await api('sendMessage', { chat_id: 7, text: 'x' })).status, 200);
  });

  it('holds responses: the send takes effect but is answered only on release', async () => {
    fake.holdResponses('sendMessage');
    let answered = false;
    const pending = api('sendMessage', { chat_id: 42, text: 'digest' }).then((r) => {
      answered = true;
      return r;
    });
    await fake.waitForCall('sendMessage');
    assert.deepEqual(
      fake.messagesIn(42).map((m) => m.text),
      ['digest'],
    );
    await resultOf('getMe'); // a full round trip on another request
    assert.equal(answered, false);
    fake.releaseResponses('sendMessage');
    assert.equal((await pending).status, 200);
  });

  it('reports configured member statuses and stores commands per scope', async () => {
    fake.setChatMember(-100555, 42, 'administrator');
    const admin = await resultOf<{ status: string }>('getChatMember', { chat_id: -100555, user_id: 42 });
    const plain = await resultOf<{ status: string }>('getChatMember', { chat_id: -100555, user_id: 43 });
    assert.deepEqual([admin.status, plain.status], ['administrator', 'member']);

    // The bot's own status persists, unlike failNext.
    fake.setChatMember(-100556, fake.bot.id, 'kicked');
    fake.setChatMember(43, fake.bot.id, 'kicked');
    for (let i = 0; i < 2; i++) {
      assert.equal(
        (await api('sendMessage', { chat_id: -100556, text: 'x' })).body.description,
        'Forbidden: bot was kicked from the supergroup chat',
      );
    }
    assert.equal((await api('sendMessage', { chat_id: 43, text: 'x' })).body.description, 'Forbidden: bot was blocked by the user');

    const commands = [{ command: 'search', description: '搜索文章' }];
    await resultOf('setMyCommands', { commands, language_code: 'zh' });
    assert.deepEqual(await resultOf('getMyCommands', { language_code: 'zh' }), commands);
    assert.deepEqual(await resultOf('getMyCommands'), []);
    const bad = await api('setMyCommands', { commands: [{ command: 'Search!', description: 'x' }] });
    assert.equal(bad.body.description, 'Bad Request: BOT_COMMAND_INVALID');
  });

  it('lets tests wait for calls that already happened, or only for later ones', async () => {
    await resultOf('sendChatAction', { chat_id: 42, action: 'typing' });
    const earlier = await fake.waitForCall('sendChatAction');
    assert.equal(earlier.params.action, 'typing');
    const since = fake.mark();
    await assert.rejects(
      fake.waitForCall('sendChatAction', () => true, { since, timeoutMs: 50 }),
      /no matching sendChatAction/,
    );
    const bad = await api('sendChatAction', { chat_id: 42, action: 'dancing' });
    assert.equal(bad.body.description, 'Bad Request: wrong parameter action in request');
    assert.equal((await fake.waitForCall('sendChatAction', () => true, { since })).failed?.code, 400);
  });

  it('rejects answers to unknown or already answered callback queries', async () => {
    const sent = await resultOf<{ message_id: number }>('sendMessage', { chat_id: 42, text: 'menu' });
    const { callbackQuery } = fake.injectCallbackQuery({ message: { chatId: 42, messageId: sent.message_id }, data: 'x' });
    assert.equal(callbackQuery.from.id, 42, 'a private chat presses come from its user');
    assert.equal((await api('answerCallbackQuery', { callback_query_id: callbackQuery.id })).status, 200);
    const again = await api('answerCallbackQuery', { callback_query_id: callbackQuery.id });
    assert.match(again.body.description ?? '', /query is too old/);
  });
});
