// Pending-update queue with Telegram's getUpdates semantics: offset confirms (drops) older
// updates, unconfirmed ones are redelivered, a request long-polls for `timeout` seconds, and a
// newer getUpdates terminates an older one with 409 like the real server.

import type { Update } from 'telegraf/types';
import { ApiError } from './errors';

interface Poll {
  offset: number;
  limit: number;
  resolve: (updates: Update[]) => void;
  reject: (error: ApiError) => void;
  timer?: NodeJS.Timeout;
}

export interface PollRequest {
  offset?: number;
  limit?: number;
  timeout?: number;
}

export class UpdateQueue {
  private queue: Update[] = [];
  private polls: Poll[] = [];
  private lastId: number;
  private closed = false;

  constructor(firstUpdateId = 700_000_001) {
    this.lastId = firstUpdateId - 1;
  }

  /** Adds an update built around a fresh, strictly increasing update_id. */
  push<U extends Update>(build: (updateId: number) => U): U {
    const update = build(++this.lastId);
    this.queue.push(update);
    this.wake();
    return update;
  }

  /** Updates Telegram still holds (not yet confirmed by an offset). */
  pending(): Update[] {
    return [...this.queue];
  }

  dropPending(): void {
    this.queue = [];
  }

  /**
   * Answers a getUpdates call. `cancel` forgets the poll when the client goes away, so a
   * dead poller cannot swallow updates meant for the next one.
   */
  poll(req: PollRequest): { result: Promise<Update[]>; cancel: () => void } {
    this.confirm(req.offset ?? 0);
    const limit = Math.min(100, Math.max(1, req.limit ?? 100));
    const timeoutSec = Math.max(0, req.timeout ?? 0);

    for (const older of this.polls.splice(0)) {
      clearTimeout(older.timer);
      older.reject(new ApiError(409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running'));
    }

    const ready = this.take(req.offset ?? 0, limit);
    if (ready.length > 0 || timeoutSec === 0 || this.closed) {
      return { result: Promise.resolve(ready), cancel: () => {} };
    }
    let poll!: Poll;
    const result = new Promise<Update[]>((resolve, reject) => {
      poll = { offset: req.offset ?? 0, limit, resolve, reject };
    });
    poll.timer = setTimeout(() => this.finish(poll, []), timeoutSec * 1000);
    this.polls.push(poll);
    return { result, cancel: () => this.finish(poll, []) };
  }

  /** Ends every open poll with `error` (a revoked token ends long polls at once). */
  failOpenPolls(error: ApiError): void {
    for (const poll of this.polls.splice(0)) {
      clearTimeout(poll.timer);
      poll.reject(error);
    }
  }

  /** Answers every open poll with [] so clients notice the shutdown at once. */
  close(): void {
    this.closed = true;
    for (const poll of [...this.polls]) this.finish(poll, []);
  }

  private confirm(offset: number): void {
    if (offset > 0) {
      this.queue = this.queue.filter((u) => u.update_id >= offset);
    } else if (offset < 0) {
      // Negative offsets keep only the last -offset updates; older ones are forgotten.
      this.queue = this.queue.slice(offset);
    }
  }

  private take(offset: number, limit: number): Update[] {
    return this.queue.filter((u) => offset <= 0 || u.update_id >= offset).slice(0, limit);
  }

  private wake(): void {
    for (const poll of [...this.polls]) {
      const ready = this.take(poll.offset, poll.limit);
      if (ready.length > 0) this.finish(poll, ready);
    }
  }

  private finish(poll: Poll, updates: Update[]): void {
    const i = this.polls.indexOf(poll);
    if (i < 0) return;
    this.polls.splice(i, 1);
    clearTimeout(poll.timer);
    poll.resolve(updates);
  }
}
