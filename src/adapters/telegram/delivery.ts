// Putting a reply into a chat: split to fit, rendered as HTML, page buttons under the last
// part. Command replies get one retry after a 429; digests leave retrying to their service.
import type { Telegram } from 'telegraf';
import type { ChannelRef, Pacing, Reply } from '../../core/types';
import { classifyTelegramError } from './errors';
import { pageKeyboard } from './keyboard';
import { messageOptions, renderReply } from './render';
import { splitReply } from './split';

/**
 * Telegram allows a bot about 30 messages a second overall and one a second per chat; at most a
 * quarter second's worth await an answer (the default of TELEGRAM_DIGEST_CONCURRENCY).
 */
export const TELEGRAM_PACING: Pacing = { perSecond: 30, perChatMs: 1000, concurrency: 8 };

export interface Target {
  chatId: number | string;
  /** First part answers this message (groups: shows which command it answers). */
  replyTo?: number;
  /** Forum topic the command came from, so the answer lands in the same topic. */
  threadId?: number;
}

export type Attempt = <T>(call: () => Promise<T>) => Promise<T>;

export interface PostOptions {
  /** Called once, only when a part needs page buttons: a PaginationStore token. */
  pageToken?: () => string;
  attempt?: Attempt;
}

/** Sends `reply` as one message per part; returns the message ids. Throws telegraf's errors as they are. */
export async function postReply(tg: Telegram, target: Target, reply: Reply, opts: PostOptions = {}): Promise<number[]> {
  const attempt: Attempt = opts.attempt ?? ((call) => call());
  const ids: number[] = [];
  const parts = splitReply(reply);
  for (const [i, part] of parts.entries()) {
    const keyboard = part.pagination && opts.pageToken ? pageKeyboard(part.pagination, opts.pageToken()) : undefined;
    const extra = {
      ...messageOptions(part),
      ...(keyboard ? { reply_markup: keyboard } : {}),
      ...(i === 0 && target.replyTo !== undefined
        ? { reply_parameters: { message_id: target.replyTo, allow_sending_without_reply: true } }
        : {}),
      ...(target.threadId !== undefined ? { message_thread_id: target.threadId } : {}),
    };
    const sent = await attempt(() => tg.sendMessage(target.chatId, renderReply(part), extra));
    ids.push(sent.message_id);
  }
  return ids;
}

/** Runs `call`; after a 429 waits as told (if not absurdly long) and tries exactly once more. */
export async function retryOnceOnRateLimit<T>(call: () => Promise<T>, wait: (ms: number) => Promise<void>, maxWaitMs = 60_000): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const failure = classifyTelegramError(err);
    if (failure.kind !== 'rate-limited' || failure.retryAfterMs > maxWaitMs) throw err;
    await wait(failure.retryAfterMs);
    return call();
  }
}

/** `telegram:-100123` → -100123 (or `telegram:@name` → '@name'); null for other platforms. A topic's ref gives its chat. */
export function chatIdOf(channel: ChannelRef): number | string | null {
  return targetOf(channel)?.chatId ?? null;
}

/**
 * Where a channel ref points: a chat, or one forum topic of a supergroup
 * (`telegram:-100123:45`, the topic's message_thread_id after the chat id).
 */
export function targetOf(channel: ChannelRef): { chatId: number | string; threadId?: number } | null {
  const m = /^telegram:(-?\d{1,20}|@[A-Za-z0-9_]{4,64})(?::(\d{1,12}))?$/.exec(channel);
  if (!m) return null;
  const raw = m[1]!;
  const chatId = raw.startsWith('@') ? raw : Number(raw);
  return m[2] === undefined ? { chatId } : { chatId, threadId: Number(m[2]) };
}

/** The ref of a chat, or of one forum topic in it: each topic subscribes on its own. */
export const channelOf = (chatId: number | string, threadId?: number): ChannelRef =>
  threadId === undefined ? `telegram:${chatId}` : `telegram:${chatId}:${threadId}`;

/** A message's topic in a forum supergroup, if it was sent in one (not General, not a reply thread). */
export function topicOf(m: { is_topic_message?: boolean; message_thread_id?: number }): number | undefined {
  return m.is_topic_message && m.message_thread_id !== undefined ? m.message_thread_id : undefined;
}
