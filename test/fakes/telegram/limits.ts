// Opt-in rate limits of the fake Bot API, as Telegram documents them for bots: about 30
// messages a second overall, one a second to a private chat, 20 a minute to a group; a
// message over a limit is refused with 429 and `retry_after` (whole seconds, as Telegram
// sends it) and does not count. `scale` shortens every window, so a test or a benchmark can
// run at 10× the rate with the same shape of limits (the overall limit is multiplied instead).
import { ApiError } from './errors';
import { inferChatType } from './state';
import { KeyedWindows, SlidingWindow } from '../rate-window';

export interface TelegramRateLimits {
  /** Messages a second across all chats (Telegram: ~30). */
  perSecond?: number;
  /** Messages a second to one private chat (Telegram: 1). */
  perChatPerSecond?: number;
  /** Messages a minute to one group, supergroup or channel (Telegram: 20). */
  perGroupPerMinute?: number;
  /** Every window divided by this: 10 allows 300 messages a second with the defaults. */
  scale?: number;
}

/** Methods that post a message: the ones Telegram's broadcast limits count. */
const SENDS = /^(send(?!ChatAction)\w+|copyMessages?|forwardMessages?)$/;

export const isSend = (method: string): boolean => SENDS.test(method);

export class TelegramLimiter {
  private readonly global: SlidingWindow;
  private readonly chats: KeyedWindows;

  constructor(
    readonly limits: TelegramRateLimits,
    private readonly chatType: (id: number) => string | undefined,
  ) {
    const scale = limits.scale ?? 1;
    // Overall: `scale` times as many in a second (a window of a tenth of a second would turn a
    // client's even pacing of 300 a second into bursts the fake refuses).
    this.global = new SlidingWindow((limits.perSecond ?? 30) * scale, 1000);
    this.chats = new KeyedWindows((key) => {
      const id = Number(key);
      const type = this.chatType(id) ?? inferChatType(id);
      return type === 'private'
        ? new SlidingWindow(limits.perChatPerSecond ?? 1, 1000 / scale)
        : new SlidingWindow(limits.perGroupPerMinute ?? 20, 60_000 / scale);
    });
  }

  /** Throws Telegram's 429 when this call would break a limit; otherwise counts it. */
  admit(method: string, chatId: unknown, now: number): void {
    if (!isSend(method)) return;
    const chat = chatId === undefined ? undefined : this.chats.get(String(chatId));
    const wait = Math.max(this.global.waitMs(now), chat?.waitMs(now) ?? 0);
    if (wait > 0) {
      const retryAfter = Math.max(1, Math.ceil(wait / 1000));
      throw new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
    }
    this.global.record(now);
    chat?.record(now);
  }
}
