// Virtual time for digest tests: timers and sleeps fire only when the test advances the
// clock, in time order, so concurrent waits interleave as they would for real.
import type { Timers } from '../../src/digest/scheduler';

interface FakeTimer {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/** Lets promise continuations (and better-sqlite3's synchronous work between them) run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((r) => setImmediate(r));
}

/**
 * Virtual time. Timers and sleeps only fire from advanceTo/run, in time order, with the
 * clock set to each one's instant, so concurrent waits interleave as they would for real.
 */
export class FakeTime {
  now: number;
  private pending: FakeTimer[] = [];
  private seq = 0;

  constructor(start: string | number) {
    this.now = typeof start === 'string' ? Date.parse(start) : start;
  }

  readonly clock = (): number => this.now;

  readonly timers: Timers = {
    at: (date, fn) => {
      const t = this.add(date.getTime(), fn);
      return () => {
        t.cancelled = true;
      };
    },
  };

  // Whole milliseconds, never early, as setTimeout and Date.now: a paced wait of 1000/30 ms must not
  // make the clock fractional (PostgreSQL's BIGINT columns refuse what SQLite would store as REAL).
  readonly sleep = (ms: number): Promise<void> => new Promise<void>((resolve) => this.add(Math.ceil(this.now + Math.max(0, ms)), resolve));

  /** Instants of armed timers and sleeps, earliest first. */
  armed(): number[] {
    return this.pending
      .filter((t) => !t.cancelled)
      .map((t) => t.at)
      .sort((a, b) => a - b);
  }

  private add(at: number, fn: () => void): FakeTimer {
    const t = { at, seq: this.seq++, fn, cancelled: false };
    this.pending.push(t);
    return t;
  }

  private takeNext(limit: number): FakeTimer | undefined {
    this.pending = this.pending.filter((t) => !t.cancelled);
    let best: FakeTimer | undefined;
    for (const t of this.pending) if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    if (!best || best.at > limit) return undefined;
    this.pending.splice(this.pending.indexOf(best), 1);
    return best;
  }

  private fire(t: FakeTimer): void {
    this.now = Math.max(this.now, t.at);
    t.fn();
  }

  /** Fires everything due up to `t` in order, letting each one's consequences run. */
  async advanceTo(t: string | number): Promise<void> {
    const until = typeof t === 'string' ? Date.parse(t) : t;
    await flush();
    for (let next = this.takeNext(until); next; next = this.takeNext(until)) {
      this.fire(next);
      await flush();
    }
    this.now = Math.max(this.now, until);
    await flush();
  }

  advanceBy(ms: number): Promise<void> {
    return this.advanceTo(this.now + ms);
  }

  /** Drives time forward until `p` settles (at most `maxMs` of virtual time). */
  async run<T>(p: Promise<T>, maxMs = 86_400_000): Promise<T> {
    let settled = false;
    p.then(
      () => (settled = true),
      () => (settled = true),
    );
    const limit = this.now + maxMs;
    for (;;) {
      await flush();
      if (settled) return p;
      const next = this.takeNext(limit);
      if (!next) throw new Error(`still not settled after ${maxMs} ms of virtual time`);
      this.fire(next);
    }
  }
}
