// Ordered log of every API call the fake received, with race-free waiting: a waiter scans the
// history from `since` before listening, so a call that landed before the wait began is found.

import type { Call, WaitOptions } from './types';

type Predicate = (params: Record<string, unknown>, call: Call) => boolean;

interface Waiter {
  method: string;
  predicate: Predicate;
  since: number;
  resolve: (call: Call) => void;
  reject: (error: unknown) => void;
}

export class CallLog {
  readonly calls: Call[] = [];
  private waiters: Waiter[] = [];
  /** Calls whose outcome is known; waiters never see a call before its `failed` is final. */
  private readonly settledCalls = new WeakSet<Call>();

  add(method: string, params: Record<string, unknown>): Call {
    const call: Call = { index: this.calls.length, method, params, at: Date.now() };
    this.calls.push(call);
    return call;
  }

  /** Wakes waiters; called once a call's outcome (including `failed`) is known. */
  settle(call: Call): void {
    this.settledCalls.add(call);
    for (const waiter of [...this.waiters]) {
      let matched: boolean;
      try {
        matched = this.matches(waiter, call);
      } catch (error) {
        // A throwing predicate is the test's bug: report it to the waiting test, not the client.
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.reject(error);
        continue;
      }
      if (matched) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(call);
      }
    }
  }

  callsOf(method: string): Call[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Index the next call will get; pass it as `since` to ignore everything before now. */
  mark(): number {
    return this.calls.length;
  }

  waitForCall(method: string, predicate: Predicate = () => true, opts: WaitOptions | number = {}): Promise<Call> {
    const { since = 0, timeoutMs = 5000 } = typeof opts === 'number' ? { timeoutMs: opts } : opts;
    const waiter: Waiter = { method, predicate, since, resolve: () => {}, reject: () => {} };
    const earlier = this.calls.find((c) => this.settled(c) && this.matches(waiter, c));
    if (earlier) return Promise.resolve(earlier);
    return new Promise<Call>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        const seen =
          this.calls
            .slice(since)
            .map((c) => c.method)
            .join(', ') || 'none';
        reject(new Error(`no matching ${method} call within ${timeoutMs} ms (calls since #${since}: ${seen})`));
      }, timeoutMs);
      waiter.resolve = (call) => {
        clearTimeout(timer);
        resolve(call);
      };
      waiter.reject = (error) => {
        clearTimeout(timer);
        reject(error);
      };
      this.waiters.push(waiter);
    });
  }

  private settled(call: Call): boolean {
    return this.settledCalls.has(call);
  }

  private matches(waiter: Waiter, call: Call): boolean {
    return call.index >= waiter.since && call.method === waiter.method && waiter.predicate(call.params, call);
  }
}
