// Builds the updates a real Telegram would send for user activity (messages, channel posts,
// anonymous-admin posts, button presses, inline queries), using the shared world state.

import type { CallbackQuery, InlineQuery, Message, Update, User } from 'telegraf/types';
import type { HtmlEntity } from './html-check';
import { toUser, type FakeState } from './state';
import type { ChatSpec, UserSpec } from './types';

/** Telegram's placeholder sender for anonymous group admins. */
export const GROUP_ANONYMOUS_BOT: User = {
  id: 1087968824,
  is_bot: true,
  first_name: 'Group',
  username: 'GroupAnonymousBot',
};
/** Telegram's placeholder sender for messages posted on behalf of a channel. */
export const CHANNEL_BOT: User = { id: 136817688, is_bot: true, first_name: 'Channel', username: 'Channel_Bot' };

const DEFAULT_USER: UserSpec = { id: 10_001, first_name: 'Tester', username: 'tester', language_code: 'en' };

export interface InjectMessageOptions {
  chat: ChatSpec;
  /** Defaults to the private chat's user, or a fixed test user in groups. Ignored for channels. */
  from?: UserSpec;
  text: string;
  /** Post as a chat: the group itself (anonymous admin) or a channel. */
  senderChat?: ChatSpec;
  /** Replaces the entities the fake would detect (only a leading bot command). */
  entities?: HtmlEntity[];
  replyToMessageId?: number;
  /** A forum topic of a supergroup: the message is sent in that topic (message_thread_id, is_topic_message). */
  threadId?: number;
}

/**
 * The leading bot_command entity Telegram attaches, if any. Like tdlib, "/cmd" must be followed
 * by a non-word character, so "/search中文" (no space) is not a command.
 */
export function leadingCommandEntity(text: string): HtmlEntity | undefined {
  const m = /^\/[A-Za-z0-9_]{1,64}(@[A-Za-z0-9_]{1,32})?/.exec(text);
  if (!m) return undefined;
  const next = text.slice(m[0].length);
  if (/^[\p{L}\p{N}_/@]/u.test(next)) return undefined;
  return { type: 'bot_command', offset: 0, length: m[0].length };
}

function senderFor(state: FakeState, opts: InjectMessageOptions): { from?: User; senderChat?: ChatSpec } {
  const { chat } = opts;
  if (chat.type === 'channel') return { senderChat: chat };
  if (opts.senderChat) {
    const sc = state.rememberChat(opts.senderChat);
    return { from: sc.id === chat.id ? GROUP_ANONYMOUS_BOT : CHANNEL_BOT, senderChat: sc };
  }
  if (chat.type === 'private') {
    const from = { ...DEFAULT_USER, first_name: chat.first_name ?? DEFAULT_USER.first_name, ...opts.from, id: chat.id };
    if (opts.from && opts.from.id !== chat.id) {
      throw new Error(`private chat ${chat.id} can only receive messages from user ${chat.id}`);
    }
    return { from: toUser(from) };
  }
  return { from: toUser(opts.from ?? DEFAULT_USER) };
}

export function buildMessage(state: FakeState, opts: InjectMessageOptions): Message.TextMessage {
  const { from, senderChat } = senderFor(state, opts);
  let chatSpec = opts.chat;
  if (chatSpec.type === 'private' && chatSpec.first_name === undefined && from) {
    chatSpec = { ...chatSpec, first_name: from.first_name, ...(from.username ? { username: from.username } : {}) };
  }
  const chat = state.rememberChat(chatSpec);
  const message: Message.TextMessage = {
    message_id: state.nextMessageId(chat.id),
    date: Math.floor(Date.now() / 1000),
    chat: state.chatObject(chat),
    text: opts.text,
  };
  if (from) message.from = from;
  if (senderChat) message.sender_chat = state.chatObject(senderChat);
  if (opts.threadId !== undefined) Object.assign(message, { message_thread_id: opts.threadId, is_topic_message: true });
  const entities = opts.entities ?? [leadingCommandEntity(opts.text)].filter((e) => e !== undefined);
  if (entities.length > 0) message.entities = entities as Message.TextMessage['entities'];
  if (opts.replyToMessageId !== undefined) {
    const original = state.find(chat.id, opts.replyToMessageId);
    if (!original) throw new Error(`no message ${opts.replyToMessageId} in chat ${chat.id} to reply to`);
    message.reply_to_message = original.message as Message.TextMessage['reply_to_message'];
  }
  state.store(chat.id, { message, fromBot: false, entities });
  return message;
}

export function messageUpdate(updateId: number, message: Message.TextMessage): Update {
  // Telegram types split channel posts from other messages; the built object fits whichever applies.
  return (message.chat.type === 'channel' ? { update_id: updateId, channel_post: message } : { update_id: updateId, message }) as Update;
}

export interface InjectCallbackOptions {
  from?: UserSpec;
  /** The bot message whose button was pressed: ids, or the Message the bot got back. */
  message?: { chatId: number; messageId: number } | { chat: { id: number }; message_id: number };
  /** For buttons on inline-mode messages instead of `message`. */
  inlineMessageId?: string;
  data: string;
}

let queryCounter = 0;
const nextQueryId = (): string => String(4_000_000_000_000_000n + BigInt(++queryCounter));

export function buildCallbackQuery(state: FakeState, opts: InjectCallbackOptions): CallbackQuery.DataQuery {
  const id = nextQueryId();
  if (opts.message) {
    const [chatId, messageId] =
      'chatId' in opts.message ? [opts.message.chatId, opts.message.messageId] : [opts.message.chat.id, opts.message.message_id];
    const stored = state.find(chatId, messageId);
    if (!stored?.fromBot) throw new Error(`chat ${chatId} has no bot message ${messageId} to press a button on`);
    const chat = state.chats.get(chatId);
    const fromSpec = opts.from ?? (chat?.type === 'private' ? { id: chatId, first_name: chat.first_name } : DEFAULT_USER);
    state.openQueries.set(id, { kind: 'callback', answered: false });
    return {
      id,
      from: toUser(fromSpec),
      message: stored.message,
      chat_instance: String((BigInt(chatId) * 7_919n) % 9_007_199_254_740_881n),
      data: opts.data,
    };
  }
  if (opts.inlineMessageId === undefined) throw new Error('injectCallbackQuery needs message or inlineMessageId');
  state.openQueries.set(id, { kind: 'callback', answered: false });
  return {
    id,
    from: toUser(opts.from ?? DEFAULT_USER),
    inline_message_id: opts.inlineMessageId,
    chat_instance: '0',
    data: opts.data,
  };
}

export interface InjectInlineOptions {
  from?: UserSpec;
  query: string;
  offset?: string;
  chatType?: 'sender' | 'private' | 'group' | 'supergroup' | 'channel';
}

export function buildInlineQuery(state: FakeState, opts: InjectInlineOptions): InlineQuery {
  const id = nextQueryId();
  state.openQueries.set(id, { kind: 'inline', answered: false });
  const query: InlineQuery = { id, from: toUser(opts.from ?? DEFAULT_USER), query: opts.query, offset: opts.offset ?? '' };
  if (opts.chatType !== undefined) query.chat_type = opts.chatType;
  return query;
}
