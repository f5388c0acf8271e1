// The main thread's side of the body index's preparation thread
// (body-worker.ts): while a step writes one batch of new articles, the
// worker prepares the next ones, at most `ahead` batches in front (which
// bounds the memory they hold). A worker that fails, or has nothing left,
// ends the feed; the steps then prepare what remains themselves.
import { Worker } from 'node:worker_threads';
import type { Logger } from '../core/log';
import type { PreparedRow } from './body-prep';
import type { FeedBatch, FeedCredit, FeedInit } from './body-worker';

/** Worker threads do not inherit tsx's loader in Node 20: the worker registers it, then loads the TypeScript entry. */
function spawn(init: FeedInit): Worker {
  const api = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./body-worker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { eval: true, workerData: init });
}

export class BodyFeed {
  private readonly worker: Worker;
  private readonly ready: PreparedRow[][] = [];
  private waiting: ((batch: PreparedRow[] | null) => void) | null = null;
  private ended = false;

  constructor(init: FeedInit, ahead: number, log: Logger) {
    this.worker = spawn(init);
    // A catch-up that is abandoned (the process ends) never waits for the worker.
    this.worker.unref();
    this.worker.on('message', (m: FeedBatch) => {
      if (!m.rows.length) return this.end();
      if (this.waiting) this.take(m.rows);
      else this.ready.push(m.rows);
    });
    this.worker.on('error', (err) => {
      log.warn('search: the whole-text preparation thread failed; indexing goes on without it', { error: err });
      this.end();
    });
    this.worker.on('exit', () => this.end());
    this.worker.postMessage({ credits: ahead } satisfies FeedCredit);
  }

  private take(rows: PreparedRow[] | null): void {
    const w = this.waiting;
    this.waiting = null;
    w?.(rows);
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    void this.worker.terminate();
    if (this.waiting && !this.ready.length) this.take(null);
  }

  /** The next prepared batch, in seq order; null once the worker has no more (or failed). */
  next(): Promise<PreparedRow[] | null> {
    const batch = this.ready.shift();
    if (batch) {
      if (!this.ended) this.worker.postMessage({ credits: 1 } satisfies FeedCredit);
      return Promise.resolve(batch);
    }
    if (this.ended) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.waiting = (rows) => {
        if (rows && !this.ended) this.worker.postMessage({ credits: 1 } satisfies FeedCredit);
        resolve(rows);
      };
    });
  }

  close(): void {
    this.end();
  }
}
