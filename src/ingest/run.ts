// One source from bytes to stored rows, paced: read (fetch, file, or a large file streamed),
// parse, prepare in chunks with checkpoints between them, plan twins, then one tight write
// transaction. Checkpoints yield to the event loop and enforce the source's time budget.
import { stat } from 'node:fs/promises';
import { FeedParseError } from '../feeds/errors';
import { overLimit, withFeedLimits } from '../feeds/limits';
import { loadSource, localPath } from '../feeds/read';
import type { ParsedFeed } from '../feeds/types';
import { budgetControl, type Budget, type Control } from './control';
import { commitStage, emptyReport, stageEntry, type IngestDeps, type IngestReport } from './ingest';
import { parseBody } from './sources';
import { MemoryStage } from './stage';
import { importLargeFile, type ImportStats } from './stream-import';
import { redactUrl, withoutCredentials } from '../text/url-credentials';

/** Per-source limits, from the configuration (src/config.ts reads them). */
export interface IngestLimits {
  /** Entries one fetched feed may have (FEED_MAX_ENTRIES). */
  feedMaxEntries: number;
  /** Time one fetched feed may take from request to stored rows (FEED_INGEST_BUDGET_SECONDS). */
  feedBudgetMs: number;
  /** Largest local file accepted (IMPORT_MAX_MB); files past FEED_MAX_MB are streamed. */
  fileMaxBytes: number;
  /** Entries one local file may have (IMPORT_MAX_ENTRIES). */
  fileMaxEntries: number;
  /** Time one local file may take (IMPORT_BUDGET_SECONDS). */
  fileBudgetMs: number;
}

export interface SourceOptions {
  /** HTTP deadline for one fetch (FEED_TIMEOUT_SECONDS). */
  timeoutMs: number;
  /** Largest HTTP body, and largest local file read whole (FEED_MAX_MB). */
  maxBytes: number;
  limits: IngestLimits;
  userAgent?: string;
}

/** Entries prepared between two checkpoints. */
const CHUNK = 256;

/** The time budget that applies to a source: fetched feeds and local files have their own. */
export function budgetFor(source: string, limits: IngestLimits): Budget {
  return localPath(source) === null
    ? { ms: limits.feedBudgetMs, setting: 'FEED_INGEST_BUDGET_SECONDS' }
    : { ms: limits.fileBudgetMs, setting: 'IMPORT_BUDGET_SECONDS' };
}

/** Stores a parsed feed: prepared in checkpointed chunks, planned, then written in one transaction. */
export async function ingestParsed(deps: IngestDeps, feed: ParsedFeed, maxEntries: number, control: Control): Promise<IngestReport> {
  if (feed.entries.length > maxEntries) throw new FeedParseError(feed.source, overLimit(feed.entries.length, 'entries', maxEntries));
  const report = emptyReport(feed.source);
  report.entries = feed.entries.length;
  const stage = new MemoryStage();
  let n = 0;
  for (const entry of feed.entries) {
    if (!stageEntry(stage, entry, feed.source, deps.classifier, feed.format)) report.skipped++;
    if (++n % CHUNK === 0) await control.checkpoint();
  }
  report.skipped += stage.repeats;
  await commitStage(deps, stage, control, report);
  return report;
}

/** A fetched body (the poller's): parsed with the feed entry limit, then stored. */
export async function ingestBody(
  deps: IngestDeps,
  body: string,
  source: string,
  contentType: string | undefined,
  limits: IngestLimits,
  control: Control = budgetControl(source, budgetFor(source, limits)),
): Promise<IngestReport> {
  const maxEntries = localPath(source) === null ? limits.feedMaxEntries : limits.fileMaxEntries;
  await control.checkpoint();
  const feed = withFeedLimits(maxEntries, () => parseBody(body, source, contentType));
  return ingestParsed(deps, feed, maxEntries, control);
}

/**
 * Reads and stores a source: an http(s) URL, a local file, or a file: URL. Only loading sees the
 * source as given; the feed, its articles and any error name it without the credentials a URL
 * may carry.
 */
export async function ingestSource(
  deps: IngestDeps,
  source: string,
  opts: SourceOptions,
  control: Control = budgetControl(redactUrl(source), budgetFor(source, opts.limits)),
  stats?: ImportStats,
): Promise<IngestReport> {
  const name = redactUrl(source);
  try {
    const path = localPath(source);
    let maxBytes = opts.maxBytes;
    if (path !== null) {
      const { fileMaxBytes, fileMaxEntries: maxEntries } = opts.limits;
      // Regular files past the fetch cap are streamed; anything else (a FIFO, /dev/zero) is read
      // up to the cap like a body, so an endless one is refused rather than read forever.
      const st = await stat(path).catch(() => null);
      if (st?.isFile() && st.size > Math.min(opts.maxBytes, fileMaxBytes)) {
        return await importLargeFile(
          deps,
          path,
          name,
          { size: st.size, maxBytes: opts.maxBytes, fileMaxBytes, maxEntries },
          control,
          stats,
        );
      }
      maxBytes = Math.min(opts.maxBytes, fileMaxBytes);
    }
    const { body, contentType } = await loadSource(source, { timeoutMs: opts.timeoutMs, maxBytes, userAgent: opts.userAgent });
    return await ingestBody(deps, body, name, contentType, opts.limits, control);
  } catch (err) {
    throw withoutCredentials(err);
  }
}
