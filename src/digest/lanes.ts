// The per-channel lanes of a delivery runtime (digests, alerts): one task at a time per
// channel in this process, in arrival order (the lease covers other processes). A task that
// starts after stop, or throws, becomes an outcome instead of a rejection.
import { KeyedQueue } from '../core/keyed-queue';
import type { Logger } from '../core/log';

export type LaneStopped = { kind: 'stopped'; channel: string };
export type LaneError = { kind: 'error'; channel: string; error: string };

export class DeliveryLanes<O extends { kind: string; channel: string }> extends KeyedQueue {
  constructor(
    /** Names what is delivered in log lines ('digest', 'alert'). */
    private readonly label: string,
    private readonly log: Logger,
    private readonly isStopped: () => boolean,
  ) {
    super();
  }

  serial(channel: string, task: () => Promise<O>): Promise<O | LaneStopped | LaneError> {
    return this.run(channel, async (): Promise<O | LaneStopped | LaneError> => {
      if (this.isStopped()) return { kind: 'stopped', channel };
      try {
        return await task();
      } catch (err) {
        this.log.error(`${this.label} delivery failed`, { channel, error: err as Error });
        return { kind: 'error', channel, error: (err as Error).message };
      }
    });
  }
}
