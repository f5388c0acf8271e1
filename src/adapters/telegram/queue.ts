// Runs update handlers off telegraf's polling path. telegraf awaits a whole getUpdates batch
// before polling again, so one slow reply (a 429 wait) would stall every chat; here each
// chat gets its own serial lane, keeping its commands in order without blocking others.
export class ChatQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly onError: (err: unknown) => void) {}

  /** Queues `task` behind earlier tasks of the same key; never throws, never rejects. */
  run(key: string, task: () => Promise<void>): void {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const next = prev.then(task).catch((err: unknown) => this.onError(err));
    this.tails.set(key, next);
    this.inFlight.add(next);
    void next.finally(() => {
      this.inFlight.delete(next);
      if (this.tails.get(key) === next) this.tails.delete(key);
    });
  }

  get size(): number {
    return this.inFlight.size;
  }

  /** Waits for queued tasks, at most `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    while (this.inFlight.size > 0) {
      const settled = await Promise.race([Promise.allSettled([...this.inFlight]).then(() => true), deadline.then(() => false)]);
      if (!settled) break;
    }
    clearTimeout(timer);
  }
}

/** Resolves after `ms`, or rejects at once when `signal` aborts (so shutdown never waits out a 429). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('aborted'));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
