// One-off retries of work that failed for a reason that may pass (the store unreachable at the
// due minute): each runs once after a delay unless stopped, and stop() cancels them all.
import type { Timers } from './scheduler';

export class Later {
  private readonly pending = new Set<() => void>();
  private stopped = false;

  constructor(
    private readonly timers: Timers,
    private readonly clock: () => number,
  ) {}

  /** Runs `fn` in `ms` (not after stop). */
  after(ms: number, fn: () => void): void {
    if (this.stopped) return;
    const cancel = this.timers.at(new Date(this.clock() + ms), () => {
      this.pending.delete(cancel);
      if (!this.stopped) fn();
    });
    this.pending.add(cancel);
  }

  stop(): void {
    this.stopped = true;
    for (const cancel of this.pending) cancel();
    this.pending.clear();
  }
}
