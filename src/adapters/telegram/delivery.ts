// Putting a reply into a chat: split to fit, rendered as HTML, page buttons under the last
// part. Command replies get one retry after a 429; digests leave retrying to their service.
import type { Telegram } from 'telegraf';
import type { ChannelRef, Pacing, Reply } from '../../core/types';
import { classifyTelegramError } from './errors';
import { pageKeyboard } from './keyboard';
import { messageOptions, renderReply } from './render';
import { splitReply } from './split';

/** Telegram allows a bot about 30 messages a second overall and one a second per chat. */
export const TELEGRAM_PACING: Pacing = { perSecond: 30, perChatMs: 1000 };

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

/** `telegram:-100123` → -100123 (or `telegram:@name` → '@name'); null for other platforms. */
export function chatIdOf(channel: ChannelRef): number | string | null {
  const m = /^telegram:(-?\d{1,20}|@[A-Za-z0-9_]{4,64})$/.exec(channel);
  if (!m) return null;
  const raw = m[1]!;
  return raw.startsWith('@') ? raw : Number(raw);
}

export const channelOf = (chatId: number | string): ChannelRef => `telegram:${chatId}`;
