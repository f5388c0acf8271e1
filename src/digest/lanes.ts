// The per-channel lanes of a delivery runtime (digests, alerts): one task at a time per
// channel in this process, in arrival order (the lease covers other processes). A task that
// starts after stop, or throws, becomes an outcome instead of a rejection.
// A failure shared by many tasks (the store unreachable for a whole fan-out) is logged once,
// with a count of the repeats when it ends, not once per channel.
import { KeyedQueue } from '../core/keyed-queue';
import type { Logger } from '../core/log';

export type LaneStopped = { kind: 'stopped'; channel: string };
export type LaneError = { kind: 'error'; channel: string; error: string };

/** How long a repeated failure stays folded into the first one's log line. */
export const REPEAT_WINDOW_MS = 60_000;

interface Repeats {
  message: string;
  since: number;
  count: number;
}

export class DeliveryLanes<O extends { kind: string; channel: string }> extends KeyedQueue {
  private repeats: Repeats | null = null;

  constructor(
    /** Names what is delivered in log lines ('digest', 'alert'). */
    private readonly label: string,
    private readonly log: Logger,
    private readonly isStopped: () => boolean,
    private readonly clock: () => number = Date.now,
  ) {
    super();
  }

  serial(channel: string, task: () => Promise<O>): Promise<O | LaneStopped | LaneError> {
    return this.run(channel, async (): Promise<O | LaneStopped | LaneError> => {
      if (this.isStopped()) return { kind: 'stopped', channel };
      try {
        const out = await task();
        this.endRepeats();
        return out;
      } catch (err) {
        this.failed(channel, err as Error);
        return { kind: 'error', channel, error: (err as Error).message };
      }
    });
  }

  private failed(channel: string, error: Error): void {
    const now = this.clock();
    const r = this.repeats;
    if (r && r.message === error.message && now - r.since < REPEAT_WINDOW_MS) {
      r.count++;
      this.log.debug(`${this.label} delivery failed the same way`, { channel, error: error.message });
      return;
    }
    this.endRepeats();
    this.log.error(`${this.label} delivery failed`, { channel, error });
    this.repeats = { message: error.message, since: now, count: 0 };
  }

  /** Says how many more failed like the last one logged, if any did. */
  private endRepeats(): void {
    const r = this.repeats;
    this.repeats = null;
    if (!r?.count) return;
    const what = r.count === 1 ? `${this.label} delivery` : `${this.label} deliveries`;
    this.log.error(`${r.count} more ${what} failed the same way`, { error: r.message });
  }
}
