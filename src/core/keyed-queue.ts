// Tasks one at a time per key, in arrival order, different keys side by side: a chat's
// commands (or a channel's digests) stay in order without one slow chat holding up others.
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<Promise<void>>();

  /** Runs `task` after the earlier tasks of `key`; a task that fails does not stop the ones after it. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(key) ?? Promise.resolve()).then(task);
    const tail = result.then(
      () => {},
      () => {},
    );
    this.tails.set(key, tail);
    this.inFlight.add(tail);
    void tail.then(() => {
      this.inFlight.delete(tail);
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Whether `key` has a task queued or running. */
  has(key: string): boolean {
    return this.tails.has(key);
  }

  /** Tasks queued or running. */
  get size(): number {
    return this.inFlight.size;
  }

  /** Resolves once nothing is queued, tasks added meanwhile included (or after `timeoutMs`). */
  async idle(timeoutMs?: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline =
      timeoutMs === undefined ? null : new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    try {
      while (this.inFlight.size > 0) {
        const settled = Promise.allSettled([...this.inFlight]).then(() => true);
        if (!(await (deadline ? Promise.race([settled, deadline]) : settled))) break;
      }
    } finally {
      clearTimeout(timer);
    }
  }
}
