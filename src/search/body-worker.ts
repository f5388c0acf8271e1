// The body index's preparation thread: reads new articles through its own
// archive reader (a read-only connection), in the order and batches the
// indexing steps take them (body-index.ts), and prepares their FTS5 rows (body-prep.ts) while the
// main thread writes the batch before. It never writes: the main thread
// checks each row still reads as prepared, inside its own transaction.
import { parentPort, workerData } from 'node:worker_threads';
import type { ArchiveSpec } from './archive-reader';
import { packRows, prepareRow, type PreparedRow } from './body-prep';
import { openArchiveReader } from './store-archive';
import { openPgArchivePages, type ArchivePages } from './pg-archive-pages';

export interface FeedInit {
  archive: ArchiveSpec;
  /** Prepare articles after this seq. */
  after: number;
  maxRows: number;
  maxChars: number;
}

/** From the main thread: it may be sent this many more batches. */
export interface FeedCredit {
  credits: number;
}

/** To the main thread: the next batch; an empty one when no article is left. */
export interface FeedBatch {
  rows: PreparedRow[];
}

const init = workerData as FeedInit;
const port = parentPort!;
/** The worker's pages of new articles: its own read-only SQLite connection, or pg's client. */
async function openPages(spec: ArchiveSpec): Promise<ArchivePages> {
  if (spec.engine === 'postgres') return openPgArchivePages(spec.url);
  const r = openArchiveReader(spec);
  return {
    after: (afterSeq, limit) => Promise.resolve(r.archive.after(afterSeq, limit)),
    close: () => Promise.resolve(r.close()),
  };
}

const reader = openPages(init.archive);
let after = init.after;
let credits = 0;
let scheduled = false;

/** One batch per turn of the event loop, so credits sent meanwhile are seen. */
function pump(): void {
  if (scheduled || credits <= 0) return;
  scheduled = true;
  setImmediate(() => void batch());
}

/** One batch; `scheduled` stays set until it is sent, so batches never overlap. */
async function batch(): Promise<void> {
  const pages = await reader;
  {
    const rows: PreparedRow[] = [];
    let chars = 0;
    // Cut where a step would: it stops taking rows once it holds maxChars.
    for (const r of await pages.after(after, init.maxRows)) {
      if (chars >= init.maxChars) break;
      const p = prepareRow(r);
      chars += p.chars;
      rows.push(p);
    }
    credits--;
    const packed = packRows(rows);
    port.postMessage({ rows: packed.rows } satisfies FeedBatch, [packed.buffer]);
    if (!rows.length) {
      await pages.close();
      port.close();
      return;
    }
    after = rows[rows.length - 1]!.seq;
    scheduled = false;
    pump();
  }
}

port.on('message', (m: FeedCredit) => {
  credits += m.credits;
  pump();
});
