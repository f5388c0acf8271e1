// Sliding-window counters shared by the fake servers' opt-in rate limits, and a seeded
// random source for their injected faults (the same faults on every run).
import { seeded } from '../helpers/rng';

/** At most `limit` events in any `windowMs`; answers how long until the next one is allowed. */
export class SlidingWindow {
  private readonly times: number[] = [];
  private head = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  private prune(now: number): void {
    while (this.head < this.times.length && this.times[this.head]! <= now - this.windowMs) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times.splice(0, this.head);
      this.head = 0;
    }
  }

  /** Milliseconds until an event would be allowed (0: now). */
  waitMs(now: number): number {
    this.prune(now);
    const used = this.times.length - this.head;
    if (used < this.limit) return 0;
    return this.times[this.times.length - this.limit]! + this.windowMs - now;
  }

  remaining(now: number): number {
    this.prune(now);
    return Math.max(0, this.limit - (this.times.length - this.head));
  }

  /** When the oldest counted event leaves the window (now when none is counted). */
  resetAt(now: number): number {
    this.prune(now);
    return this.head < this.times.length ? this.times[this.head]! + this.windowMs : now;
  }

  record(now: number): void {
    this.times.push(now);
  }
}

/** Windows per key (a chat, a route), created on first use and forgotten once idle. */
export class KeyedWindows {
  private readonly windows = new Map<string, SlidingWindow>();

  constructor(private readonly make: (key: string) => SlidingWindow) {}

  get(key: string): SlidingWindow {
    let w = this.windows.get(key);
    if (!w) this.windows.set(key, (w = this.make(key)));
    return w;
  }
}

/** Faults injected at random into calls that would otherwise be answered normally. */
export interface RandomFaults {
  /** Share of calls answered 429 with a short retry_after although under the limits. */
  rateLimited?: number;
  /** Share of calls answered 500 without taking effect. */
  serverError?: number;
  /** Share of calls never answered: the connection is dropped after `timeoutMs`, nothing done. */
  timeout?: number;
  timeoutMs?: number;
  seed?: number;
}

export type FaultDraw = 'rate-limited' | 'server-error' | 'timeout' | undefined;

export function faultDrawer(f: RandomFaults | undefined): () => FaultDraw {
  if (!f) return () => undefined;
  const rnd = seeded(f.seed ?? 1);
  return () => {
    const r = rnd();
    let edge = f.rateLimited ?? 0;
    if (r < edge) return 'rate-limited';
    edge += f.serverError ?? 0;
    if (r < edge) return 'server-error';
    edge += f.timeout ?? 0;
    if (r < edge) return 'timeout';
    return undefined;
  };
}
