// The body index's preparation thread: reads new articles on its own
// read-only connection, in the order and batches the indexing steps take
// them (body-index.ts), and prepares their FTS5 rows (body-prep.ts) while the
// main thread writes the batch before. It never writes: the main thread
// checks each row still reads as prepared, inside its own transaction.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { ARTICLE_COLUMNS, packRows, prepareRow, type ArticleRow, type PreparedRow } from './body-prep';

export interface FeedInit {
  dbPath: string;
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
const db = new Database(init.dbPath, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const next = db.prepare<[number, number], ArticleRow>(`SELECT ${ARTICLE_COLUMNS} FROM articles WHERE seq > ? ORDER BY seq LIMIT ?`);
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
    for (const r of next.all(after, init.maxRows)) {
      if (chars >= init.maxChars) break;
      const p = prepareRow(r, init.leadChars);
      chars += p.chars;
      rows.push(p);
    }
    credits--;
    const packed = packRows(rows);
    port.postMessage({ rows: packed.rows } satisfies FeedBatch, [packed.buffer]);
    if (!rows.length) {
      db.close();
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
