// Paces outgoing digest messages per platform: a global rate, a per-chat interval and a
// concurrency bound, as each platform's adapter declares them. A chat that must wait (its
// own interval, or a rate-limit hold-off) is parked until then, never blocking the chats
// queued behind it. Sends that continue something already under way (a retry, a digest's
// next part) go ahead of sends not yet begun, so a failure late in a fan-out is retried
// among the remaining sends instead of after all of them.
import { Heap } from '@datastructures-js/heap';
import { Queue } from '@datastructures-js/queue';
import { platformOf } from '../core/sender';
import { RateWindow } from '../core/rate-window';
import type { Pacing } from '../core/types';
import { Admission } from './admission';

export interface RunOptions {
  /** Continues a send already under way (a retry, a later part): ahead of sends not yet begun. */
  first?: boolean;
}

export interface SendQueue {
  /** Runs `fn` (one platform send) once the channel's platform and chat allow it. */
  run<T>(channel: string, fn: () => Promise<T>, opts?: RunOptions): Promise<T>;
  /** Keeps a chat quiet for `ms` (the platform said "retry after"). */
  holdOff(channel: string, ms: number): void;
  /**
   * Waits until this process may take on another message for the channel's platform (see
   * Pacing.ahead); the function it resolves to gives the room back.
   */
  admit(channel: string): Promise<() => void>;
}

/** Seconds of sends at the platform's rate a process claims ahead by default (Pacing.ahead). */
export const AHEAD_SECONDS = 4;

export interface SendQueueDeps {
  clock: () => number;
  sleep: (ms: number) => Promise<void>;
  /** The pacing of a platform (`telegram`), asked once per platform; none: unpaced. */
  pacing?: (platform: string) => Pacing | undefined;
  /** Counts waiting sends looked at, for tests that compare work across queue sizes. */
  work?: { examined: number };
}

interface Waiting {
  channel: string;
  /** Arrival order, to keep sends to one chat in order when parked together. */
  seq: number;
  start(): void;
}

interface Parked {
  item: Waiting;
  until: number;
}

class Lane {
  /** Retries and later parts, then sends not yet begun: each in arrival order. */
  private readonly first = new Queue<Waiting>();
  private readonly fresh = new Queue<Waiting>();
  /** Sends whose chat must stay quiet a while, by when it may hear from us again. */
  private readonly parked = new Heap<Parked>((a, b) => a.until - b.until || a.item.seq - b.item.seq);
  private seq = 0;
  private inFlight = 0;
  private readonly chatNext = new Map<string, number>();
  private wakeAt = Infinity;
  /** The platform's rate, counted over the sends' actual starts (see RateWindow). */
  private readonly rate: RateWindow | null;
  private readonly work: { examined: number };

  readonly admission: Admission | null;

  constructor(
    private readonly pacing: Pacing,
    private readonly deps: SendQueueDeps,
  ) {
    this.work = deps.work ?? { examined: 0 };
    const ahead = pacing.ahead ?? (pacing.perSecond ? Math.max(pacing.concurrency ?? 1, Math.ceil(pacing.perSecond * AHEAD_SECONDS)) : 0);
    this.admission = ahead > 0 ? new Admission(ahead) : null;
    this.rate = pacing.perSecond ? new RateWindow(pacing.perSecond) : null;
  }

  run<T>(channel: string, fn: () => Promise<T>, opts: RunOptions = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      (opts.first ? this.first : this.fresh).push({
        channel,
        seq: this.seq++,
        start: () => {
          fn()
            .then(resolve, reject)
            .finally(() => {
              this.inFlight--;
              // The interval counts from the answer: the platform counts arrivals, and the next
              // message must not reach it sooner than the interval after this one did.
              if (this.pacing.perChatMs) this.quiet(channel, this.deps.clock() + this.pacing.perChatMs);
              this.pump();
            });
        },
      });
      this.pump();
    });
  }

  holdOff(channel: string, ms: number): void {
    this.quiet(channel, this.deps.clock() + ms);
  }

  private quiet(channel: string, until: number): void {
    if (until > (this.chatNext.get(channel) ?? 0)) this.chatNext.set(channel, until);
  }

  /**
   * When the next send may start, as of `now`. Every call of one pump passes the same instant:
   * a clock read afresh could tick between the loop's "not yet" and the wake-up it schedules,
   * and refill the bucket so that the wake-up lands in the past — and no wake-up is set at all.
   */
  private globalFreeAt(now: number): number {
    const hold = this.pacing.holdMs?.() ?? 0;
    if (hold > 0) {
      // The platform holds every request (its global limit): starting more would only queue them
      // in the client, to leave together when the hold ends — a burst over the limit again.
      this.rate?.drain();
      return now + hold;
    }
    return this.rate ? this.rate.freeAt(now) : -Infinity;
  }

  private pump(): void {
    const now = this.deps.clock();
    const limit = this.pacing.concurrency ?? Infinity;
    for (let p = this.parked.top(); p && p.until <= now; p = this.parked.top()) this.first.push(this.parked.pop()!.item);
    if (this.chatNext.size > 10_000) for (const [c, t] of this.chatNext) if (t <= now) this.chatNext.delete(c);
    while (this.inFlight < limit) {
      const queue = this.first.size() ? this.first : this.fresh;
      const item = queue.front();
      if (!item) break;
      this.work.examined++;
      const until = this.chatNext.get(item.channel) ?? -Infinity;
      if (until > now) {
        queue.dequeue();
        this.parked.push({ item, until });
        continue;
      }
      if (this.globalFreeAt(now) > now) break;
      queue.dequeue();
      this.rate?.record(now);
      if (this.pacing.perChatMs) this.chatNext.set(item.channel, now + this.pacing.perChatMs);
      this.inFlight++;
      item.start();
    }
    if (this.inFlight >= limit) return; // a finishing send pumps again
    let wake = this.parked.top()?.until ?? Infinity;
    if (this.first.size() || this.fresh.size()) wake = Math.min(wake, this.globalFreeAt(now));
    if (wake === Infinity) return;
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
    run: (channel, fn, opts) => lane(channel).run(channel, fn, opts),
    holdOff: (channel, ms) => lane(channel).holdOff(channel, ms),
    admit: (channel) => lane(channel).admission?.enter() ?? Promise.resolve(() => {}),
  };
}
