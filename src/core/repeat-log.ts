// Logging a failure that many tasks meet at once (the store unreachable for a whole fan-out, a
// platform answering 500 to every send) once, not once per task: the first is logged in full,
// the same failure again within a minute is counted (and logged at debug), and the count is
// logged when things go well again, when another failure comes, or with the next one after
// the minute.
import type { Logger } from './log';

/** How long a repeated failure stays folded into the first one's log line. */
export const REPEAT_WINDOW_MS = 60_000;

interface Repeats {
  /** What makes a failure the same as the last: its message. */
  same: string;
  since: number;
  count: number;
  summary: (count: number) => string;
  level: 'warn' | 'error';
}

export class RepeatLog {
  private last: Repeats | null = null;

  constructor(
    private readonly log: Logger,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Logs `msg` at `level`, unless it repeats the last failure (`same`) within the window.
   * `summary(n)` is the line that later says n more did.
   */
  report(level: 'warn' | 'error', msg: string, same: string, ctx: Record<string, unknown>, summary: (count: number) => string): void {
    const now = this.clock();
    const r = this.last;
    if (r && r.same === same && now - r.since < REPEAT_WINDOW_MS) {
      r.count++;
      this.log.debug(msg, ctx);
      return;
    }
    this.settle();
    this.log[level](msg, ctx);
    this.last = { same, since: now, count: 0, summary, level };
  }

  /** Says how many more failed like the last one logged, if any did. */
  settle(): void {
    const r = this.last;
    this.last = null;
    if (r?.count) this.log[r.level](r.summary(r.count), { error: r.same });
  }
}
