// The body index's preparation thread: reads new articles through its own
// archive reader (a read-only connection), in the order and batches the
// indexing steps take them (body-index.ts), and prepares their FTS5 rows (body-prep.ts) while the
// main thread writes the batch before. It never writes: the main thread
// checks each row still reads as prepared, inside its own transaction.
import { parentPort, workerData } from 'node:worker_threads';
import type { ArchiveSpec } from './archive-reader';
import { packRows, prepareRow, type PreparedRow } from './body-prep';
import { openArchiveReader } from './store-archive';

export interface FeedInit {
  archive: ArchiveSpec;
  /** Prepare articles after this seq. */
  after: number;
  leadChars: number;
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
const reader = openArchiveReader(init.archive);
let after = init.after;
let credits = 0;
let scheduled = false;

/** One batch per turn of the event loop, so credits sent meanwhile are seen. */
function pump(): void {
  if (scheduled || credits <= 0) return;
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    const rows: PreparedRow[] = [];
    let chars = 0;
    // Cut where a step would: it stops taking rows once it holds maxChars.
    for (const r of reader.archive.after(after, init.maxRows)) {
      if (chars >= init.maxChars) break;
      const p = prepareRow(r, init.leadChars);
      chars += p.chars;
      rows.push(p);
    }
    credits--;
    const packed = packRows(rows);
    port.postMessage({ rows: packed.rows } satisfies FeedBatch, [packed.buffer]);
    if (!rows.length) {
      reader.close();
      port.close();
      return;
    }
    after = rows[rows.length - 1]!.seq;
    pump();
  });
}

port.on('message', (m: FeedCredit) => {
  credits += m.credits;
  pump();
});
