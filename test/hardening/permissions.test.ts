// Permissions: on both platforms only a channel's admins change its subscription — not a
// member, not someone posting as another chat, not an admin of a different chat, and not
// anyone pressing buttons. Buttons only turn pages (re-running read-only queries with the
// presser's own rights), and a button's token works only in the chat it was made in.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Subscription } from '../../src/store/subscriptions';
import type { FakeTelegram, InjectMessageOptions, SentMessage } from '../fakes/telegram/index';
import type { FakeDiscord, FakeMessage } from '../fakes/discord/index';
import {
  CHANNEL_A,
  CHANNEL_B,
  EPHEMERAL,
  MANAGE_CHANNELS,
  callbackType,
  dcAnswer,
  dcBody,
  startPlatforms,
  tgCommand,
  type Platforms,
} from './platforms';

/** What users can observe of a subscription: everything but the bookkeeping timestamps. */
function observable(sub: Subscription | undefined): unknown {
  if (!sub) return undefined;
  const { updatedAt: _u, ...rest } = sub;
  return rest;
}

type Button = { text: string; callback_data: string };
const tgButtons = (m: SentMessage): Button[] =>
  ((m.replyMarkup as { inline_keyboard?: Button[][] } | undefined)?.inline_keyboard ?? []).flat();

describe('only admins change a channel’s subscription', { timeout: 60_000 }, () => {
  let p: Platforms;
  before(async () => {
    p = await startPlatforms({ throttle: false });
  });
  after(async () => {
    await p.close();
  });
  const subs = () => p.bot.services.subscriptions;

  describe('Telegram', () => {
    const tg = (): FakeTelegram => p.tg!.fake;
    const G1 = { id: -1006000000001, type: 'supergroup' as const, title: 'Group one' };
    const G2 = { id: -1006000000002, type: 'supergroup' as const, title: 'Group two' };
    const ADMIN1 = { id: 6101, first_name: 'Admin of one', language_code: 'en' };
    const ADMIN2 = { id: 6102, first_name: 'Admin of two', language_code: 'en' };
    const MEMBER = { id: 6103, first_name: 'Member', language_code: 'en' };
    const say = (chat: InjectMessageOptions['chat'], from: InjectMessageOptions['from'], text: string) =>
      tgCommand(tg(), { chat, ...(from ? { from } : {}), text });

    /** Presses `data` on `message` in its chat and resolves with the answerCallbackQuery call. */
    async function press(from: typeof MEMBER, message: SentMessage, data: string) {
      const pressed = tg().injectCallbackQuery({ from, message: { chatId: message.chatId, messageId: message.messageId }, data });
      return tg().waitForCall('answerCallbackQuery', (q) => q.callback_query_id === pressed.callbackQuery.id, { since: pressed.mark });
    }

    before(() => {
      tg().setChatMember(G1.id, ADMIN1.id, 'creator');
      tg().setChatMember(G1.id, ADMIN2.id, 'member');
      tg().setChatMember(G2.id, ADMIN2.id, 'administrator');
      tg().setChatMember(G2.id, ADMIN1.id, 'member');
    });

    it('a member cannot subscribe a group; its admin can', async () => {
      const no = await say(G1, MEMBER, '/subscribe 07:00 UTC');
      assert.match(no.text, /only an admin/);
      assert.equal(subs().get(`telegram:${G1.id}`), undefined);
      const yes = await say(G1, ADMIN1, '/subscribe 08:00 UTC');
      assert.match(yes.text, /Subscribed/);
      assert.equal(subs().get(`telegram:${G1.id}`)?.time, '08:00');
    });

    it('a member can neither change nor cancel it', async () => {
      const before = observable(subs().get(`telegram:${G1.id}`));
      assert.match((await say(G1, MEMBER, '/subscribe 10:00 Europe/Berlin nlp')).text, /only an admin/);
      assert.match((await say(G1, MEMBER, '/unsubscribe')).text, /only an admin/);
      assert.deepEqual(observable(subs().get(`telegram:${G1.id}`)), before);
    });

    it('an admin of another group is a member here: refused', async () => {
      const before = observable(subs().get(`telegram:${G1.id}`));
      // Asked about G2 first, so an admin cache keyed by user alone would wrongly say yes in G1.
      assert.match((await say(G2, ADMIN2, '/subscribe 06:00 UTC')).text, /Subscribed/);
      assert.match((await say(G1, ADMIN2, '/unsubscribe')).text, /only an admin/);
      assert.deepEqual(observable(subs().get(`telegram:${G1.id}`)), before);
      // …and G2's admin cancelling G2 leaves G1 alone.
      assert.match((await say(G2, ADMIN2, '/unsubscribe')).text, /Unsubscribed/);
      assert.deepEqual(observable(subs().get(`telegram:${G1.id}`)), before);
    });

    it('posting as another chat (a channel) does not carry admin rights into the group', async () => {
      const before = observable(subs().get(`telegram:${G1.id}`));
      const asChannel = await tgCommand(tg(), {
        chat: G1,
        senderChat: { id: -1006000000099, type: 'channel', title: 'Someone’s channel' },
        text: '/unsubscribe',
      });
      assert.match(asChannel.text, /only an admin/);
      assert.deepEqual(observable(subs().get(`telegram:${G1.id}`)), before);
    });

    it('when Telegram cannot say who is admin, the answer is no', async () => {
      const before = observable(subs().get(`telegram:${G1.id}`));
      const stranger = { id: 6104, first_name: 'Unknown', language_code: 'en' };
      tg().failNext('getChatMember', { kind: 'server-error' });
      assert.match((await say(G1, stranger, '/unsubscribe')).text, /only an admin/);
      assert.deepEqual(observable(subs().get(`telegram:${G1.id}`)), before);
    });

    it('the only buttons are page buttons; a member pressing them on an admin’s list pages it and changes nothing else', async () => {
      const before = observable(subs().get(`telegram:${G1.id}`));
      const list = await say(G1, ADMIN1, '/search 卷积');
      const buttons = tgButtons(list);
      assert.ok(buttons.length >= 2);
      for (const b of buttons) assert.match(b.callback_data, /^pg:/, 'a button can only turn a page');
      const next = buttons.find((b) => b.text === '▶')!;
      const answer = await press(MEMBER, list, next.callback_data);
      assert.equal(answer.failed, undefined);
      assert.match(
        tg()
          .messagesIn(G1.id)
          .find((m) => m.messageId === list.messageId)!.text,
        /page 2\/2/,
      );
      assert.deepEqual(observable(subs().get(`telegram:${G1.id}`)), before);
    });

    it('a token made in one group, pressed in another, shows nothing of the first group’s list', async () => {
      const listInG1 = await say(G1, ADMIN1, '/search 卷积');
      const tokenFromG1 = tgButtons(listInG1).find((b) => b.text === '▶')!.callback_data;
      const messageInG2 = await say(G2, ADMIN2, '/help');
      const g2Before = tg()
        .messagesIn(G2.id)
        .map((m) => m.text);
      const edits = tg().callsOf('editMessageText').length;
      const answer = await press(ADMIN2, messageInG2, tokenFromG1);
      assert.match(String(answer.params.text), /expired/);
      assert.equal(tg().callsOf('editMessageText').length, edits, 'no message was edited');
      assert.deepEqual(
        tg()
          .messagesIn(G2.id)
          .map((m) => m.text),
        g2Before,
      );
      // A made-up token fares no better.
      const forged = await press(ADMIN2, messageInG2, 'pg:AAAAAAAA:2');
      assert.match(String(forged.params.text), /expired/);
      assert.equal(tg().callsOf('editMessageText').length, edits);
    });
  });

  describe('Discord', () => {
    const dc = (): FakeDiscord => p.dc!.fake;
    const ADMIN = { id: '400000000000000001', username: 'admin' };
    const MEMBER = { id: '400000000000000002', username: 'member' };

    /** Runs a slash command and resolves with the body of its visible answer and whether it was private. */
    async function slash(name: string, channelId: string, opts: { admin?: boolean; options?: Record<string, string> } = {}) {
      const sent = await dc().slashCommand({
        name,
        channelId,
        user: opts.admin ? ADMIN : MEMBER,
        ...(opts.options ? { options: opts.options } : {}),
        ...(opts.admin ? { permissions: MANAGE_CHANNELS } : {}),
      });
      const call = await dcAnswer(dc(), sent);
      const body = dcBody(call);
      return { sent, body, private: ((body.flags ?? 0) & EPHEMERAL) !== 0 };
    }

    const messageOf = (channel: string, interactionId: string): FakeMessage | undefined =>
      dc()
        .messagesIn(channel)
        .find((m) => (m.interaction_metadata as { id?: string } | undefined)?.id === interactionId);
    const pageButton = (m: FakeMessage, label: string) =>
      (m.components[0] as { components: { label: string; custom_id: string }[] }).components.find((b) => b.label === label)!;

    it('a member without Manage Channels cannot subscribe; an admin can', async () => {
      const no = await slash('subscribe', CHANNEL_A, { options: { time: '07:00', timezone: 'UTC' } });
      assert.ok(no.private);
      assert.match(no.body.content ?? '', /only an admin/);
      assert.equal(subs().get(`discord:${CHANNEL_A}`), undefined);
      const yes = await slash('subscribe', CHANNEL_A, { admin: true, options: { time: '08:00', timezone: 'UTC' } });
      assert.match(yes.body.content ?? '', /Subscribed/);
      assert.equal(subs().get(`discord:${CHANNEL_A}`)?.time, '08:00');
    });

    it('a member can neither change nor cancel it', async () => {
      const before = observable(subs().get(`discord:${CHANNEL_A}`));
      const change = await slash('subscribe', CHANNEL_A, { options: { time: '10:00', topics: 'nlp' } });
      const cancel = await slash('unsubscribe', CHANNEL_A);
      for (const r of [change, cancel]) {
        assert.ok(r.private);
        assert.match(r.body.content ?? '', /only an admin/);
      }
      assert.deepEqual(observable(subs().get(`discord:${CHANNEL_A}`)), before);
    });

    it('an admin’s rights in one channel change only that channel', async () => {
      const before = observable(subs().get(`discord:${CHANNEL_A}`));
      assert.match((await slash('subscribe', CHANNEL_B, { admin: true })).body.content ?? '', /Subscribed/);
      assert.match((await slash('unsubscribe', CHANNEL_B, { admin: true })).body.content ?? '', /Unsubscribed/);
      assert.deepEqual(observable(subs().get(`discord:${CHANNEL_A}`)), before);
    });

    it('a member pressing ▶ on an admin’s list turns the page and changes nothing else', async () => {
      const before = observable(subs().get(`discord:${CHANNEL_A}`));
      const list = await slash('search', CHANNEL_A, { admin: true, options: { query: '卷积' } });
      const message = messageOf(CHANNEL_A, list.sent.id)!;
      for (const row of message.components as { components: { custom_id: string }[] }[]) {
        for (const b of row.components) assert.match(b.custom_id, /^pg:/, 'a button can only turn a page');
      }
      const pressed = await dc().buttonPress({
        customId: pageButton(message, '▶').custom_id,
        message: message.id,
        channelId: CHANNEL_A,
        user: MEMBER,
      });
      const call = await dcAnswer(dc(), pressed);
      assert.equal(callbackType(call), 7, 'the list is updated in place');
      assert.match(
        dc()
          .messagesIn(CHANNEL_A)
          .find((m) => m.id === message.id)!.content,
        /page 2\/2/,
      );
      assert.deepEqual(observable(subs().get(`discord:${CHANNEL_A}`)), before);
    });

    it('a button from one channel pressed in another channel or a DM shows nothing and changes nothing', async () => {
      const list = await slash('search', CHANNEL_A, { admin: true, options: { query: '卷积' } });
      const message = messageOf(CHANNEL_A, list.sent.id)!;
      const customId = pageButton(message, '▶').custom_id;
      for (const channelId of [CHANNEL_B, '300000000000000042' /* a DM, where the presser is "admin" */]) {
        const pressed = await dc().buttonPress({ customId, channelId, user: ADMIN, permissions: MANAGE_CHANNELS });
        const body = dcBody(await dcAnswer(dc(), pressed));
        assert.equal((body.flags ?? 0) & EPHEMERAL, EPHEMERAL);
        assert.match(body.content ?? '', /expired/);
        assert.equal(body.embeds?.length ?? 0, 0, 'none of the other channel’s results');
      }
      assert.match(
        dc()
          .messagesIn(CHANNEL_A)
          .find((m) => m.id === message.id)!.content,
        /page 1\/2/,
        'the original list is untouched',
      );
    });
  });
});
