// The per-channel lanes of a delivery runtime (digests, alerts): one task at a time per
// channel in this process, in arrival order (the lease covers other processes). A task that
// starts after stop, or throws, becomes an outcome instead of a rejection; a failure many
// tasks share is logged once (RepeatLog).
import { KeyedQueue } from '../core/keyed-queue';
import type { Logger } from '../core/log';
import { RepeatLog } from '../core/repeat-log';

export type LaneStopped = { kind: 'stopped'; channel: string };
export type LaneError = { kind: 'error'; channel: string; error: string };

export class DeliveryLanes<O extends { kind: string; channel: string }> extends KeyedQueue {
  private readonly repeats: RepeatLog;

  constructor(
    /** Names what is delivered in log lines ('digest', 'alert'). */
    private readonly label: string,
    log: Logger,
    private readonly isStopped: () => boolean,
    clock: () => number = Date.now,
  ) {
    super();
    this.repeats = new RepeatLog(log, clock);
  }

  serial(channel: string, task: () => Promise<O>): Promise<O | LaneStopped | LaneError> {
    return this.run(channel, async (): Promise<O | LaneStopped | LaneError> => {
      if (this.isStopped()) return { kind: 'stopped', channel };
      try {
        const out = await task();
        this.repeats.settle();
        return out;
      } catch (err) {
        const error = err as Error;
        this.repeats.report('error', `${this.label} delivery failed`, error.message, { channel, error }, (n) =>
          n === 1 ? `1 more ${this.label} delivery failed the same way` : `${n} more ${this.label} deliveries failed the same way`,
        );
        return { kind: 'error', channel, error: error.message };
      }
    });
  }
}
