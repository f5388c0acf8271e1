// The ingest worker thread: reads, parses, prepares and writes sources on its own database
// connection (SQLite or PostgreSQL), so the thread that answers commands never waits for a feed. One job at a time;
// see worker-client.ts for the side that sends jobs and enforces their time budgets.
import { parentPort, workerData } from 'node:worker_threads';
import { openStoreDatabase, type StoreTarget } from '../store/db';
import { ArticleStore } from '../store/articles';
import { createClassifier } from '../topics/classify';
import { loadTaxonomy } from '../topics/taxonomy';
import { redactUrl } from '../text/url-credentials';
import { budgetControl } from './control';
import { budgetFor, ingestBody, ingestSource, type SourceOptions } from './run';
import type { IngestReport } from './ingest';

/** The store (on PostgreSQL the worker opens its own connection to it), and what ingest needs besides. */
export interface WorkerInit extends StoreTarget {
  topicsPath: string;
  sourceOptions: SourceOptions;
}

export type WorkerJob =
  | { id: number; kind: 'source'; source: string; now: number }
  | { id: number; kind: 'body'; source: string; body: string; contentType?: string; now: number };

/** Asks the worker to close its database (checkpointing the WAL) and end once idle. */
export interface WorkerClose {
  kind: 'close';
}

export type WorkerReply =
  | { id: number; type: 'started' }
  | { id: number; type: 'writing' }
  | { id: number; type: 'done'; report: IngestReport }
  | { id: number; type: 'failed'; error: { name: string; message: string; fields: Record<string, unknown> } };

function serialize(err: unknown): { name: string; message: string; fields: Record<string, unknown> } {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(err)) if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) fields[k] = v;
  return { name: err.name, message: err.message, fields };
}

const init = workerData as WorkerInit;
const port = parentPort!;
const db = openStoreDatabase(init);
const store = new ArticleStore(db);
const classifier = createClassifier(loadTaxonomy(init.topicsPath));

let queue = Promise.resolve();
port.on('message', (job: WorkerJob | WorkerClose) => {
  if (job.kind === 'close') {
    void queue.then(() => {
      db.close();
      port.close();
    });
    return;
  }
  queue = queue.then(async () => {
    port.postMessage({ id: job.id, type: 'started' } satisfies WorkerReply);
    const deps = { store, classifier, now: () => job.now };
    const control = budgetControl(redactUrl(job.source), budgetFor(job.source, init.sourceOptions.limits), {
      onWriting: () => port.postMessage({ id: job.id, type: 'writing' } satisfies WorkerReply),
    });
    try {
      const report =
        job.kind === 'source'
          ? await ingestSource(deps, job.source, init.sourceOptions, control)
          : await ingestBody(deps, job.body, job.source, job.contentType, init.sourceOptions.limits, control);
      port.postMessage({ id: job.id, type: 'done', report } satisfies WorkerReply);
    } catch (err) {
      port.postMessage({ id: job.id, type: 'failed', error: serialize(err) } satisfies WorkerReply);
    }
  });
});
