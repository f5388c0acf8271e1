// Importing a local file too large to read whole (past FEED_MAX_MB, up to IMPORT_MAX_MB): its
// entries are streamed one at a time, prepared, and staged on disk; then planned and written in
// one transaction like any source. Memory holds one chunk of the file and one batch of rows,
// whatever the file's size.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import iconv from 'iconv-lite';
import { detectEncoding } from '../feeds/decode';
import { FeedParseError, SourceReadError } from '../feeds/errors';
import { formatBytes } from '../feeds/fetch';
import { looksLikeSnapshot } from '../feeds/snapshot';
import { looksLikeHtml, trimStart } from '../feeds/sniff';
import { readJsonFeedEntries } from '../feeds/stream-jsonfeed';
import { readXmlEntries, type StreamStats } from '../feeds/stream-xml';
import type { FeedEntry } from '../feeds/types';
import type { Control } from './control';
import { commitStage, emptyReport, type IngestDeps, type IngestReport } from './ingest';
import { prepareEntry } from './prepare';
import { TableStage } from './table-stage';

/** Entries prepared between two checkpoints (a yield to the event loop and a budget check). */
const CHUNK = 256;

export interface ImportStats extends StreamStats {
  /** Prepared rows held in memory before being staged, at most. */
  peakBufferedRows: number;
}

async function readHead(path: string, bytes: number): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await file.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

async function* decodedChunks(path: string, encoding: string): AsyncGenerator<string> {
  const stream = createReadStream(path, { highWaterMark: 64 * 1024 }).pipe(iconv.decodeStream(encoding));
  let first = true;
  for await (const chunk of stream as AsyncIterable<string>) {
    // Whitespace before the XML declaration is tolerated, as for a body read whole.
    const text = first ? trimStart(chunk) : chunk;
    if (first && !text) continue;
    first = false;
    yield text;
  }
}

/** Entries of a large local file, by what it starts with. */
async function entriesOf(
  path: string,
  source: string,
  maxEntries: number,
  maxBodyBytes: number,
  stats: StreamStats,
): Promise<AsyncIterable<FeedEntry>> {
  const headBytes = await readHead(path, 64 * 1024);
  const encoding = detectEncoding(headBytes);
  const head = trimStart(iconv.decode(headBytes, encoding));
  if (head.startsWith('{')) return readJsonFeedEntries(createReadStream(path, { highWaterMark: 64 * 1024 }), source, { maxEntries, stats });
  if (looksLikeHtml(head)) throw new FeedParseError(source, 'got an HTML page, not a feed');
  if (head.startsWith('<')) return readXmlEntries(decodedChunks(path, encoding), source, { maxEntries, stats });
  if (looksLikeSnapshot(head)) {
    throw new FeedParseError(
      source,
      `a page snapshot larger than ${formatBytes(maxBodyBytes)} (FEED_MAX_MB) is not read; split it into smaller files`,
    );
  }
  throw new FeedParseError(source, `not a feed (neither XML nor JSON; starts with "${head.slice(0, 40).replace(/\s+/g, ' ')}")`);
}

export async function importLargeFile(
  deps: IngestDeps,
  path: string,
  source: string,
  opts: { size: number; maxBytes: number; fileMaxBytes: number; maxEntries: number },
  control: Control,
  stats: ImportStats = { peakQueuedEntries: 0, peakItemChars: 0, peakBufferedRows: 0 },
): Promise<IngestReport> {
  if (opts.size > opts.fileMaxBytes) {
    throw new SourceReadError(path, `file larger than ${formatBytes(opts.fileMaxBytes)} (IMPORT_MAX_MB)`);
  }
  const entries = await entriesOf(path, source, opts.maxEntries, opts.maxBytes, stats);
  const report = emptyReport(source);
  const stage = new TableStage(deps.store.db);
  try {
    let empty = 0;
    for await (const entry of entries) {
      report.entries++;
      const row = prepareEntry(entry, source, deps.classifier);
      if (row) stage.add(row);
      else empty++;
      stats.peakBufferedRows = Math.max(stats.peakBufferedRows, stage.buffered);
      if (report.entries % CHUNK === 0) await control.checkpoint();
    }
    stage.flush();
    report.skipped = empty + stage.repeats;
    await commitStage(deps, stage, control, report);
    return report;
  } finally {
    stage.dispose();
  }
}
