// Runs ingest jobs in a worker thread (worker.ts) and holds each to its source's time budget.
// The worker checks the budget itself between chunks of work; should a single step still run
// past it (plus a grace period), the worker is terminated, the source reported abandoned, and a
// fresh worker started for the next job. A worker that has begun its write transaction is left
// to finish it: the transaction only writes, and cutting it short would gain nothing.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { FeedParseError, FetchError, SourceReadError } from '../feeds/errors';
import { redactUrl } from '../text/url-credentials';
import { IngestBudgetError } from './errors';
import type { IngestReport } from './ingest';
import { budgetFor, type SourceOptions } from './run';
import type { WorkerClose, WorkerInit, WorkerJob, WorkerReply } from './worker';

export interface IngestWorkerOptions extends WorkerInit {
  /** The app's clock: stored rows are stamped with it at the time a job is sent. */
  clock?: () => number;
  /** How long past a source's budget a stuck worker is given before it is terminated. */
  graceMs?: number;
}

export interface IngestWorker {
  ingestSource(source: string): Promise<IngestReport>;
  ingestBody(body: string, source: string, contentType?: string): Promise<IngestReport>;
  /** Jobs that were sent to a worker so far (started, finished or not). */
  readonly jobsStarted: number;
  close(): Promise<void>;
}

const ERRORS: Record<string, new (...args: never[]) => Error> = {
  FeedParseError,
  FetchError,
  SourceReadError,
  IngestBudgetError,
};

/** The worker's error as an instance of the same class, so callers can tell kinds apart. */
function revive(e: { name: string; message: string; fields: Record<string, unknown> }): Error {
  const cls = ERRORS[e.name] ?? Error;
  const err = Object.create(cls.prototype as object) as Error;
  Object.assign(err, e.fields, { name: e.name, message: e.message });
  Object.defineProperty(err, 'stack', { value: `${e.name}: ${e.message}\n    (in the ingest worker)`, enumerable: false });
  return err;
}

function spawn(init: WorkerInit): Worker {
  return new Worker(new URL('./worker-entry.mjs', import.meta.url), { workerData: init });
}

/** How long a worker may take to start before its first job counts against the job's budget. */
const STARTUP_ALLOWANCE_MS = 30_000;

export function createIngestWorker(opts: IngestWorkerOptions): IngestWorker {
  const clock = opts.clock ?? Date.now;
  const graceMs = opts.graceMs ?? 2000;
  // Only what crosses to the thread: the clock and grace stay here.
  const { clock: _clock, graceMs: _grace, ...init } = opts;
  let worker: Worker | null = null;
  let nextId = 1;
  let started = 0;
  let chain: Promise<unknown> = Promise.resolve();

  function run(
    job: { kind: 'source'; source: string } | { kind: 'body'; source: string; body: string; contentType?: string },
  ): Promise<IngestReport> {
    const result = chain.then(
      () =>
        new Promise<IngestReport>((resolve, reject) => {
          const w = (worker ??= spawn(init));
          const id = nextId++;
          started++;
          let writing = false;
          const budget = budgetFor(job.source, init.sourceOptions.limits);
          const finish = (err: Error | null, report?: IngestReport) => {
            clearTimeout(timer);
            w.off('message', onMessage);
            w.off('error', onError);
            w.off('exit', onExit);
            if (err) reject(err);
            else resolve(report!);
          };
          const abandon = () => {
            if (writing) return;
            worker = null;
            finish(new IngestBudgetError(redactUrl(job.source), budget.ms, budget.setting));
            void w.terminate();
          };
          // The budget counts from when the worker begins the job: a fresh worker's start-up (loading
          // tsx and the modules, slow on a busy machine) is not the source's time. Until then a worker
          // that never comes up is bounded by a start-up allowance of its own.
          let timer = setTimeout(abandon, STARTUP_ALLOWANCE_MS + budget.ms + graceMs);
          const onMessage = (m: WorkerReply) => {
            if (m.id !== id) return;
            if (m.type === 'started') {
              clearTimeout(timer);
              timer = setTimeout(abandon, budget.ms + graceMs);
            } else if (m.type === 'writing') writing = true;
            else if (m.type === 'done') finish(null, m.report);
            else finish(revive(m.error));
          };
          const onError = (err: Error) => {
            worker = null;
            finish(new Error(`${redactUrl(job.source)}: the ingest worker failed: ${err.message}`));
          };
          const onExit = (code: number) => {
            worker = null;
            finish(new Error(`${redactUrl(job.source)}: the ingest worker stopped (exit code ${code})`));
          };
          w.on('message', onMessage);
          w.on('error', onError);
          w.on('exit', onExit);
          w.postMessage({ ...job, id, now: clock() } as WorkerJob);
        }),
    );
    chain = result.catch(() => {});
    return result;
  }

  return {
    ingestSource: (source) => run({ kind: 'source', source }),
    ingestBody: (body, source, contentType) => run({ kind: 'body', source, body, ...(contentType ? { contentType } : {}) }),
    get jobsStarted() {
      return started;
    },
    async close() {
      await chain;
      const w = worker;
      worker = null;
      if (!w) return;
      // Let it close its database cleanly; a worker that does not end soon is terminated.
      const exited = once(w, 'exit');
      w.postMessage({ kind: 'close' } satisfies WorkerClose);
      const timer = setTimeout(() => void w.terminate(), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export type { SourceOptions };
