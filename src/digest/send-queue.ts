// Paces outgoing digest messages per platform: a global rate, a per-chat interval and a
// concurrency bound, as each platform's adapter declares them. A chat that must wait (its
// own interval, or a rate-limit hold-off) is skipped over, never blocking the chats queued
// behind it.
import { platformOf } from '../core/sender';
import type { Pacing } from '../core/types';

export interface SendQueue {
  /** Runs `fn` (one platform send) once the channel's platform and chat allow it. */
  run<T>(channel: string, fn: () => Promise<T>): Promise<T>;
  /** Keeps a chat quiet for `ms` (the platform said "retry after"). */
  holdOff(channel: string, ms: number): void;
}

export interface SendQueueDeps {
  clock: () => number;
  sleep: (ms: number) => Promise<void>;
  /** The pacing of a platform (`telegram`), asked once per platform; none: unpaced. */
  pacing?: (platform: string) => Pacing | undefined;
}

interface Waiting {
  channel: string;
  start(): void;
}

const WINDOW_MS = 1000;

class Lane {
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;
  /** Start times of the most recent sends, at most `perSecond` of them. */
  private readonly starts: number[] = [];
  private readonly chatNext = new Map<string, number>();
  private wakeAt = Infinity;
  /**
   * Smoothing on top of the per-second window: at most a tenth of a second's sends at once.
   * A platform counts arrivals, not our starts; a whole second's sends started together
   * arrive bunched and spill into the platform's next window as 429s.
   */
  private tokens = 0;
  private refilledAt = -Infinity;

  constructor(
    private readonly pacing: Pacing,
    private readonly deps: SendQueueDeps,
  ) {}

  run<T>(channel: string, fn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({
        channel,
        start: () => {
          fn()
            .then(resolve, reject)
            .finally(() => {
              this.inFlight--;
              this.pump();
            });
        },
      });
      this.pump();
    });
  }

  holdOff(channel: string, ms: number): void {
    const until = this.deps.clock() + ms;
    if (until > (this.chatNext.get(channel) ?? 0)) this.chatNext.set(channel, until);
  }

  /**
   * When the next send may start, as of `now`. Every call of one pump passes the same instant:
   * a clock read afresh could tick between the loop's "not yet" and the wake-up it schedules,
   * and refill the bucket so that the wake-up lands in the past — and no wake-up is set at all.
   */
  private globalFreeAt(now: number): number {
    const n = this.pacing.perSecond;
    if (!n) return -Infinity;
    const burst = Math.max(1, Math.ceil(n / 10));
    this.tokens = Math.min(burst, this.tokens + ((now - this.refilledAt) * n) / WINDOW_MS);
    this.refilledAt = now;
    const smooth = this.tokens >= 1 ? -Infinity : now + ((1 - this.tokens) * WINDOW_MS) / n;
    const window = this.starts.length < n ? -Infinity : this.starts[this.starts.length - n]! + WINDOW_MS;
    return Math.max(smooth, window);
  }

  private pump(): void {
    const now = this.deps.clock();
    const limit = this.pacing.concurrency ?? Infinity;
    if (this.chatNext.size > 10_000) for (const [c, t] of this.chatNext) if (t <= now) this.chatNext.delete(c);
    for (let i = 0; i < this.waiting.length && this.inFlight < limit;) {
      const item = this.waiting[i]!;
      if ((this.chatNext.get(item.channel) ?? -Infinity) > now) {
        i++;
        continue;
      }
      if (this.globalFreeAt(now) > now) break;
      this.waiting.splice(i, 1);
      if (this.pacing.perSecond) {
        this.tokens -= 1;
        this.starts.push(now);
        if (this.starts.length > this.pacing.perSecond) this.starts.shift();
      }
      if (this.pacing.perChatMs) this.chatNext.set(item.channel, now + this.pacing.perChatMs);
      this.inFlight++;
      item.start();
    }
    if (!this.waiting.length || this.inFlight >= limit) return; // a finishing send pumps again
    const global = this.globalFreeAt(now);
    let wake = Infinity;
    for (const w of this.waiting) wake = Math.min(wake, Math.max(this.chatNext.get(w.channel) ?? now, global));
    // Something is waiting and a send slot is free: a wake-up is always set, at the latest
    // instant it is due (never in the past, so a pump never leaves the lane without one).
    wake = Math.max(wake, now + 1);
    if (wake < this.wakeAt) {
      this.wakeAt = wake;
      void this.deps.sleep(wake - now).then(() => {
        if (this.wakeAt === wake) this.wakeAt = Infinity;
        this.pump();
      });
    }
  }
}

export function createSendQueue(deps: SendQueueDeps): SendQueue {
  const lanes = new Map<string, Lane>();
  const lane = (channel: string): Lane => {
    const platform = platformOf(channel);
    let l = lanes.get(platform);
    if (!l) lanes.set(platform, (l = new Lane(deps.pacing?.(platform) ?? {}, deps)));
    return l;
  };
  return {
    run: (channel, fn) => lane(channel).run(channel, fn),
    holdOff: (channel, ms) => lane(channel).holdOff(channel, ms),
  };
}
