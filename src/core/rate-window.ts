// A send rate as a platform counts it: at most `perSecond` starts within any one second
// (a sliding window over the times they actually started, not when they were booked), and
// at most a tenth of a second's worth at once (a token bucket on top). Counting actual
// starts matters after an event-loop stall: sends booked for slots during the stall would
// all leave when it ends, on top of the ones booked after it, and arrive over the limit.

const WINDOW_MS = 1000;

export class RateWindow {
  /** Start times of the most recent starts, at most `perSecond` of them (a ring; `next` is the oldest once full). */
  private readonly starts: number[] = [];
  private next = 0;
  private tokens = 0;
  private refilledAt = -Infinity;
  private readonly burst: number;
  /** How many starts the window holds. */
  private readonly size: number;

  constructor(readonly perSecond: number) {
    if (!(perSecond > 0)) throw new RangeError(`perSecond must be positive, got ${perSecond}`);
    this.burst = Math.max(1, Math.ceil(perSecond / 10));
    this.size = Math.max(1, Math.floor(perSecond));
  }

  /**
   * When the next start may happen, as of `now` (at or before `now`: at once). Callers that
   * loop pass one instant throughout: a clock read afresh could tick between a "not yet" and
   * the wake-up it schedules, refill the bucket, and put the wake-up in the past.
   */
  freeAt(now: number): number {
    const n = this.perSecond;
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) * n) / WINDOW_MS);
    this.refilledAt = now;
    const smooth = this.tokens >= 1 ? -Infinity : now + ((1 - this.tokens) * WINDOW_MS) / n;
    const window = this.starts.length < this.size ? -Infinity : this.starts[this.next]! + WINDOW_MS;
    return Math.max(smooth, window);
  }

  /** Counts a start at `now`. */
  record(now: number): void {
    this.tokens -= 1;
    if (this.starts.length < this.size) this.starts.push(now);
    else this.starts[this.next] = now;
    this.next = (this.next + 1) % this.size;
  }

  /** Forgets the bucket's saved-up starts: the next ones wait their full spacing. */
  drain(): void {
    this.tokens = Math.min(this.tokens, 0);
  }
}
