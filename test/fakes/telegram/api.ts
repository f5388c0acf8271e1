// Public interface of the fake Telegram Bot API, kept apart from the server implementation.

import type { CallbackQuery, InlineQuery, Message, Update, User } from 'telegraf/types';
import type { Failure } from './errors';
import type { TelegramRateLimits } from './limits';
import type { RandomFaults } from '../rate-window';
import type { InjectCallbackOptions, InjectInlineOptions, InjectMessageOptions } from './inject';
import type { InjectMyChatMemberOptions } from './lifecycle';
import type { Call, ChatSpec, MemberStatus, SentMessage, WaitOptions } from './types';

export interface FakeTelegramOptions {
  /** Default '123456789:TEST-fake-token'; the digits before ":" become the bot's user id. */
  token?: string;
  /** Default 'FeedBot'. */
  botUsername?: string;
  /** See parseTelegramHtml; default true (an unescaped "&" is rejected). */
  strictEntities?: boolean;
  /** Enforce Telegram's broadcast limits (off by default: most tests are not about them). */
  rateLimits?: TelegramRateLimits;
  /** Random 429s, 5xx and dropped connections on message sends (seeded). */
  faults?: RandomFaults;
}

export interface Injected {
  updateId: number;
  update: Update;
  /** `calls` length before the injection: use as `since` when waiting for the bot's reaction. */
  mark: number;
}

export interface FakeTelegram {
  /** Base URL for telegraf's `telegram.apiRoot`, e.g. http://127.0.0.1:40123 */
  readonly apiRoot: string;
  readonly token: string;
  /** The bot user getMe returns (id from the token, username from the options). */
  readonly bot: User;
  /** Every request received, including failed ones, in arrival order. */
  readonly calls: readonly Call[];
  callsOf(method: string): Call[];
  /** Index the next call will get; pass as `since` to ignore earlier calls. */
  mark(): number;
  /**
   * Resolves with the first call of `method` at index >= `since` (default 0, so calls made
   * before waiting count) matching `predicate`; rejects after `timeoutMs` (default 5000).
   */
  waitForCall(
    method: string,
    predicate?: (params: Record<string, unknown>, call: Call) => boolean,
    opts?: WaitOptions | number,
  ): Promise<Call>;

  /** Queues a message (or, in a channel, a channel_post) update from a user. */
  injectMessage(opts: InjectMessageOptions): Injected & { message: Message.TextMessage };
  /** Queues a button press on a message the bot sent earlier. */
  injectCallbackQuery(opts: InjectCallbackOptions): Injected & { callbackQuery: CallbackQuery.DataQuery };
  injectInlineQuery(opts: InjectInlineOptions): Injected & { inlineQuery: InlineQuery };
  /** Any other update kind, e.g. my_chat_member; update_id is assigned here. */
  injectUpdate(update: Record<string, unknown>): Injected;
  /**
   * Queues the bot's own my_chat_member change (added, removed, kicked, restricted, demoted) and
   * applies it: later sends to that chat fail (or work again) as they would on Telegram.
   */
  injectMyChatMember(opts: InjectMyChatMemberOptions): Injected;
  /**
   * Upgrades group `from` to supergroup `to`: queues the two service messages (migrate_to_chat_id
   * in the old chat, then migrate_from_chat_id in the new one); sends to `from` then fail with
   * Telegram's "upgraded to a supergroup" error carrying the new id.
   */
  migrateGroup(from: ChatSpec, to: ChatSpec): Injected[];
  /**
   * Closes (or reopens) a forum topic: queues the service message Telegram posts in the topic
   * (forum_topic_closed / forum_topic_reopened); the bot's sends there fail with TOPIC_CLOSED meanwhile.
   */
  setTopicClosed(chat: ChatSpec, threadId: number, closed: boolean): Injected;
  /** From now on every call is answered 401 Unauthorized, as after the token was revoked in BotFather. */
  revokeToken(): void;
  /** Updates not yet confirmed by a getUpdates offset. */
  pendingUpdates(): Update[];

  /**
   * Makes the next `times` (default 1) calls of `method` — only those for `chatId`, if
   * given — fail with a canned Telegram error instead of taking effect.
   */
  failNext(method: string, failure: Failure, opts?: { chatId?: number | string; times?: number }): void;
  clearFailures(): void;
  /**
   * Calls of `method` take effect and are recorded but get no answer until release; for
   * crash tests (kill the client while Telegram has the message but the client has no reply).
   */
  holdResponses(method: string): void;
  releaseResponses(method: string): void;

  /** Declares a chat (e.g. a channel or @username) so chat_id lookups and getChat know it. */
  setChat(chat: ChatSpec): void;
  /**
   * Status getChatMember reports (default 'member'). Setting the bot's own id to 'kicked',
   * 'left' or 'restricted' makes sends to that chat fail like Telegram.
   */
  setChatMember(chatId: number, userId: number, status: MemberStatus): void;
  /** Messages the bot successfully sent to the chat, as they read now (after edits/deletes). */
  messagesIn(chatId: number): SentMessage[];
  /** Answers open long polls with [], drops held calls and stops listening. Stop bots first. */
  close(): Promise<void>;
}
