// Log of every REST call the fake answered, with waiters that cannot miss a call recorded before they started.

import type { RecordedCall, WaitOptions } from './types';

interface Waiter {
  since: number;
  predicate: (call: RecordedCall) => boolean;
  resolve: (call: RecordedCall) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class CallRecorder {
  readonly calls: RecordedCall[] = [];
  private readonly waiters = new Set<Waiter>();

  record(call: Omit<RecordedCall, 'seq' | 'at'>): RecordedCall {
    const full: RecordedCall = { ...call, seq: this.calls.length, at: Date.now() };
    this.calls.push(full);
    for (const waiter of this.waiters) {
      if (full.seq >= waiter.since && waiter.predicate(full)) this.settle(waiter, () => waiter.resolve(full));
    }
    return full;
  }

  /** Calls whose `"METHOD /path"` matches, e.g. `/^POST \/channels\/1\/messages$/`. */
  callsTo(pattern: RegExp): RecordedCall[] {
    return this.calls.filter((call) => pattern.test(`${call.method} ${call.path}`));
  }

  waitFor(predicate: (call: RecordedCall) => boolean, options: WaitOptions = {}): Promise<RecordedCall> {
    const since = options.since ?? 0;
    if (since > this.calls.length) {
      // A timestamp passed by mistake would otherwise wait forever.
      return Promise.reject(new RangeError(`since must be a call index (fake.mark()), got ${since}`));
    }
    const existing = this.calls.slice(since).find(predicate);
    if (existing) return Promise.resolve(existing);
    const timeoutMs = options.timeoutMs ?? 5000;
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        since,
        predicate,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.settle(waiter, () =>
            reject(new Error(`waitForCall: no matching call within ${timeoutMs} ms; calls so far:\n${this.describe()}`)),
          );
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Fail every pending waiter, so a closed fake never leaves a test hanging. */
  close(): void {
    for (const waiter of this.waiters) this.settle(waiter, () => waiter.reject(new Error('fake Discord closed')));
  }

  describe(): string {
    return this.calls.map((c) => `  #${c.seq} ${c.method} ${c.path} -> ${c.status}`).join('\n') || '  (none)';
  }

  private settle(waiter: Waiter, action: () => void): void {
    clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
    action();
  }
}
