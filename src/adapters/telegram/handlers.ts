// What the bot does with each kind of update: commands (private, groups, channels), page
// button presses, inline queries and its own membership changes. Failures are logged once,
// without the token, and never escape: one bad update must not stop the others.
import type { Telegram } from 'telegraf';
import type { CallbackQuery, ChatMemberUpdated, InlineQuery, Message, Update, User } from 'telegraf/types';
import type { Logger } from '../../core/log';
import { localeFrom, t } from '../../i18n/catalog';
import type { BotPort } from '../../core/port';
import type { Caller, Locale, Reply } from '../../core/types';
import { AdminCache, type ChatKind } from './admin';
import { channelOf, postReply, retryOnceOnRateLimit, topicOf } from './delivery';
import { describeError } from './errors';
import { findInline, inlineResult, INLINE_CACHE_SECONDS } from './inline';
import { chatEventOfMembership, chatEventOfMigration, chatEventOfTopic, withTopics } from './lifecycle';
import { pageKeyboard, parsePageData } from './keyboard';
import { parseCommand } from './parse';
import { messageOptions, renderReply } from './render';
import { splitReply } from './split';

export interface HandlerDeps {
  bot: BotPort;
  tg: Telegram;
  log: Logger;
  admins: AdminCache;
  fallbackLocale: Locale;
  botUsername: () => string | undefined;
  /** The pause before a retry after 429; rejects at shutdown so nobody waits it out. */
  wait: (ms: number) => Promise<void>;
  /**
   * Per-user limit on inline queries, which never pass the router and its command throttle:
   * 'ok' to answer, 'warn' for the one polite "slow down", 'drop' to ignore (no API call).
   */
  inlineGate?: (userId: number) => 'ok' | 'warn' | 'drop';
}

/** Queues a handler on a lane (a chat, a user); each lane runs its handlers in order. */
export type Lanes = { run(key: string, task: () => Promise<void>): void };

/** Hands an update to its handler on the update's chat lane; returns at once. */
export function routeUpdate(d: HandlerDeps, queue: Lanes, update: Update): void {
  if ('message' in update && 'text' in update.message) {
    const m = update.message;
    queue.run(`chat:${m.chat.id}`, () => onMessage(d, m));
  } else if ('channel_post' in update && 'text' in update.channel_post) {
    const m = update.channel_post;
    queue.run(`chat:${m.chat.id}`, () => onMessage(d, m));
  } else if ('callback_query' in update) {
    const q = update.callback_query;
    queue.run(q.message ? `chat:${q.message.chat.id}` : `user:${q.from.id}`, () => onCallback(d, q));
  } else if ('inline_query' in update) {
    const q = update.inline_query;
    queue.run(`inline:${q.from.id}`, () => onInline(d, q));
  } else if ('message' in update && ('migrate_to_chat_id' in update.message || 'migrate_from_chat_id' in update.message)) {
    const event = chatEventOfMigration(update.message);
    if (event) d.bot.lifecycle(event);
  } else if ('message' in update && ('forum_topic_closed' in update.message || 'forum_topic_reopened' in update.message)) {
    const event = chatEventOfTopic(update.message);
    if (event) d.bot.lifecycle(event);
  } else if ('my_chat_member' in update) {
    onMyChatMember(d, update.my_chat_member);
  }
}

function callerOf(from: User | undefined, senderChat: { id: number; title?: string } | undefined): Caller {
  // A message posted as a chat (anonymous admin, channel) is the chat's doing, not the placeholder bot's.
  if (senderChat) return { id: String(senderChat.id), ...(senderChat.title ? { name: senderChat.title } : {}) };
  if (!from) return { id: 'unknown' };
  const name = from.username ? `@${from.username}` : [from.first_name, from.last_name].filter(Boolean).join(' ');
  return { id: String(from.id), ...(name ? { name } : {}) };
}

async function onMessage(d: HandlerDeps, m: Message.TextMessage): Promise<void> {
  const parsed = parseCommand(m.text, d.botUsername());
  if (!parsed) return;
  const senderChat = m.sender_chat as { id: number; title?: string } | undefined;
  // Other bots' commands are ignored so two bots in one group can't set each other off.
  if (m.from?.is_bot && !senderChat) return;
  const isPrivate = m.chat.type === 'private';
  // Without "@FeedBot", an unknown command in a group is probably another bot's.
  if (!isPrivate && !parsed.addressedTo && !d.bot.findCommand(parsed.command)) return;
  // A command sent in a forum topic is about that topic: its subscription delivers there.
  const channel = channelOf(m.chat.id, topicOf(m));
  const poster = {
    chat: { id: m.chat.id, type: m.chat.type as ChatKind },
    ...(m.from ? { from: m.from } : {}),
    ...(senderChat ? { senderChat } : {}),
  };
  const reply = await d.bot.handle({
    command: parsed.command,
    // Deep links arrive as "/start <payload>"; /start takes no arguments.
    text: parsed.command === 'start' ? '' : parsed.text,
    channel,
    caller: callerOf(m.from, senderChat),
    locale: localeFrom(m.from?.language_code, d.fallbackLocale),
    isPrivate,
    isChannelAdmin: d.admins.checkFor(poster, (err) => d.log.warn('getChatMember failed', { channel, error: describeError(err) })),
  });
  if (!reply) return;
  try {
    await postReply(
      d.tg,
      {
        chatId: m.chat.id,
        ...(isPrivate ? {} : { replyTo: m.message_id }),
        ...(m.is_topic_message && m.message_thread_id !== undefined ? { threadId: m.message_thread_id } : {}),
      },
      reply,
      {
        pageToken: () =>
          d.bot.pages.save({
            command: reply.pagination!.command,
            args: reply.pagination!.args,
            channel,
            callerId: callerOf(m.from, senderChat).id,
          }),
        attempt: (call) => retryOnceOnRateLimit(call, d.wait),
      },
    );
  } catch (err) {
    d.log.warn('could not reply to a command', { channel, command: parsed.command, error: describeError(err) });
  }
}

async function onCallback(d: HandlerDeps, q: CallbackQuery): Promise<void> {
  const data = 'data' in q ? q.data : undefined;
  const button = parsePageData(data);
  const answer = async (text?: string) => {
    try {
      await d.tg.answerCbQuery(q.id, text?.slice(0, 200));
    } catch (err) {
      d.log.debug('could not answer a button press', { error: describeError(err) });
    }
  };
  const locale = localeFrom(q.from.language_code, d.fallbackLocale);
  const msg = q.message;
  const state = button.kind === 'page' ? d.bot.pages.get(button.token) : undefined;
  // A token only works in the chat it was made for: a forwarded list must not page another chat's query.
  const here = msg ? channelOf(msg.chat.id, 'is_topic_message' in msg ? topicOf(msg) : undefined) : channelOf(q.from.id);
  if (button.kind !== 'page' || !msg || !state || state.channel !== here) {
    // Answered without a command, but throttled like one: a flood of stale buttons is still a flood.
    const gate = d.bot.admit({ channel: here, caller: callerOf(q.from, undefined), locale });
    if (gate === 'drop') return;
    return answer(gate ? textOf(gate) : button.kind === 'page' ? t(locale, 'pages.list-expired') : undefined);
  }
  const reply = await d.bot.handle({
    command: state.command,
    values: { ...state.args, page: button.page },
    channel: state.channel,
    caller: callerOf(q.from, undefined),
    locale,
    isPrivate: msg.chat.type === 'private',
    isChannelAdmin: d.admins.checkFor({ chat: { id: msg.chat.id, type: msg.chat.type as ChatKind }, from: q.from }, () => {}),
  });
  // A throttled presser is ignored without an API call, like a throttled command.
  if (!reply) return;
  if (reply.kind === 'error') return answer(textOf(reply));
  // Editing can show only one message; a page too long for it keeps its first part.
  const [first] = splitReply({ ...reply, pagination: undefined });
  const keyboard = pageKeyboard(reply.pagination, button.token);
  try {
    await retryOnceOnRateLimit(
      () =>
        d.tg.editMessageText(msg.chat.id, msg.message_id, undefined, renderReply(first!), {
          ...messageOptions(reply),
          ...(keyboard ? { reply_markup: keyboard } : {}),
        }),
      d.wait,
    );
  } catch (err) {
    // "not modified" means a double press: the message already shows that page.
    if (!/message is not modified/i.test(describeError(err))) {
      d.log.warn('could not show another page', { channel: state.channel, error: describeError(err) });
    }
  }
  await answer();
}

const textOf = (reply: Reply): string => reply.blocks.map((b) => (b.kind === 'text' ? b.text : '')).join(' ');

async function onInline(d: HandlerDeps, q: InlineQuery): Promise<void> {
  const locale = localeFrom(q.from.language_code, d.fallbackLocale);
  const gate = d.inlineGate?.(q.from.id) ?? 'ok';
  // A flood is ignored without an API call or a search; Telegram simply times the queries out.
  if (gate === 'drop') return;
  if (gate === 'warn') {
    await d.tg
      .answerInlineQuery(q.id, [], { cache_time: 0, button: { text: t(locale, 'inline.slow-down'), start_parameter: 'help' } })
      .catch((err: unknown) => d.log.debug('could not answer a throttled inline query', { error: describeError(err) }));
    return;
  }
  try {
    const page = findInline(d.bot, q.query, q.offset, locale);
    await d.tg.answerInlineQuery(q.id, page.items.map(inlineResult), { cache_time: INLINE_CACHE_SECONDS, next_offset: page.nextOffset });
  } catch (err) {
    d.log.warn('inline query failed', { query: q.query.slice(0, 100), error: describeError(err) });
    // An empty answer stops the user's spinner; if even that fails the query just times out.
    await d.tg.answerInlineQuery(q.id, [], { cache_time: 0 }).catch(() => {});
  }
}

/** The bot's own membership changed: the core pauses (or keeps paused) what this chat subscribed. */
function onMyChatMember(d: HandlerDeps, u: ChatMemberUpdated): void {
  const event = chatEventOfMembership(u);
  if (!event) return;
  // Debug only: what it means for a subscription is logged once by the core.
  const what =
    event.kind === 'removed'
      ? 'bot was removed from a chat'
      : event.kind === 'readded'
        ? 'bot was added to a chat'
        : 'bot may no longer post in a chat';
  d.log.debug(what, { channel: channelOf(u.chat.id), from: u.old_chat_member.status, to: u.new_chat_member.status });
  for (const e of withTopics(event, d.bot.subscribedChannels('telegram'))) d.bot.lifecycle(e);
}
