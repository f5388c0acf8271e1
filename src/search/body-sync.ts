// Keeping the body index (body-index.ts) and its vocabulary in step with the
// articles, from the search service: the tables opened (or made) once the
// database has search_meta; a few pending articles indexed at once (a poll's
// worth), more by a background job of small steps that yields between them
// and backs off while another process holds the write lock; the vocabulary
// topped up with the terms any process stored. A failure (a full disk, a
// read-only file) is logged and retried a minute later; searches go on.
import type { Logger } from '../core/log';
import { BodyFeed } from './body-feed';
import { BodyIndex, ensureBodyTables, readMeta, type BodySource, type PreparedPool, type StepOptions } from './body-index';
import { BodyVocab } from './body-vocab';

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const RETRY_MS = 60_000;
const TERMS_PER_READ = 10_000;

export interface BodySyncOptions {
  step: StepOptions;
  /** Up to this many pending articles are indexed at once, more in the background. */
  syncRows: number;
  /**
   * A background catch-up of at least this many articles has their text
   * prepared in a worker thread while this one writes (body-feed.ts);
   * Infinity: never. Not for articles a worker cannot read (an in-memory database).
   */
  workerRows: number;
}

/** Batches the worker may prepare ahead of the step writing: enough to never wait, few enough to hold little text. */
const FEED_AHEAD = 2;

export class BodySync {
  index: BodyIndex | null = null;
  vocab: BodyVocab | null = null;
  /** The body index's generation (see body-index.ts), once open. */
  bodyId: string | null = null;
  job: Promise<void> | null = null;
  private failedAt = -Infinity;
  private closed = false;
  readonly stats = { indexed: 0, busy: 0, prepared: 0 };

  constructor(
    private readonly src: BodySource,
    private readonly options: BodySyncOptions,
    private readonly log: Logger,
    /** Told how many vocabulary terms arrived (the saved head includes the vocabulary). */
    private readonly onTerms: (n: number) => void,
    /** Told when a background job ends: what arrived meanwhile needs a look. */
    private readonly onIdle: () => void,
  ) {}

  /** Opens (or makes) the tables; false while another process is making them or they cannot be. */
  open(): boolean {
    if (this.index) return true;
    try {
      const rebuilt = (reason: string) => this.log.info('search: rebuilding the whole-text index', { reason });
      if (!ensureBodyTables(this.src, rebuilt)) return false;
      this.index = new BodyIndex(this.src);
      this.bodyId = readMeta(this.src.db, 'body_id') ?? null;
      this.vocab ??= new BodyVocab();
      return true;
    } catch (err) {
      this.log.warn('search: the whole-text index is not available', { error: err as Error });
      return false;
    }
  }

  /** Adds the terms stored since the vocabulary was last topped up. */
  syncVocab(): void {
    if (!this.index || !this.vocab) return;
    for (;;) {
      const terms = this.index.termsAfter(this.vocab.lastId, TERMS_PER_READ);
      for (const t of terms) this.vocab.add(t.id, t.term);
      this.onTerms(terms.length);
      if (terms.length < TERMS_PER_READ) break;
    }
  }

  private step(prepared?: PreparedPool) {
    const r = this.index!.step(this.options.step, (t) => this.vocab?.has(t) ?? false, prepared);
    this.stats.indexed += r.indexed;
    if (r.busy) this.stats.busy++;
    this.syncVocab();
    return r;
  }

  /** Indexes what is pending: a few articles at once, more in the background. */
  refresh(): void {
    if (!this.index || this.job || this.closed || performance.now() - this.failedAt < RETRY_MS) return;
    try {
      const pending = this.index.pending(this.options.syncRows + 1);
      if (!pending) return;
      if (pending <= this.options.syncRows) {
        // New articles, then the re-check of changed ones: a few steps at most.
        for (let i = 0; i < 4; i++) {
          const r = this.step();
          if (r.busy) break;
          if (!r.more) return;
        }
      }
    } catch (err) {
      this.failed(err);
      return;
    }
    this.runJob();
  }

  private failed(err: unknown): void {
    this.failedAt = performance.now();
    this.log.warn('search: indexing the whole text failed; retrying in a minute', { error: err as Error });
  }

  /** A preparation thread for a catch-up of many new articles, or null. */
  private feed(): BodyFeed | null {
    const { workerRows, step } = this.options;
    const spec = this.src.articles.workerSpec();
    if (!spec || !Number.isFinite(workerRows)) return null;
    const index = this.index!;
    if (index.pending(workerRows) < workerRows) return null;
    const after = index.coverage().seq;
    return new BodyFeed({ archive: spec, after, ...step }, FEED_AHEAD, this.log);
  }

  private runJob(): void {
    this.job = (async () => {
      let wait = 10;
      let feed: BodyFeed | null = null;
      const pool: PreparedPool = new Map();
      try {
        feed = this.feed();
        for (;;) {
          await yieldToLoop();
          if (this.closed) return;
          if (feed && !pool.size) {
            const batch = await feed.next();
            if (this.closed) return;
            if (batch) {
              for (const p of batch) pool.set(p.seq, p);
              this.stats.prepared += batch.length;
            } else {
              feed.close();
              feed = null;
            }
          }
          const r = this.step(feed || pool.size ? pool : undefined);
          if (pool.size) {
            // Rows another process indexed first are not needed any more.
            const covered = this.index!.coverage().seq;
            for (const seq of pool.keys()) if (seq <= covered) pool.delete(seq);
          }
          if (r.busy) {
            // Another process is writing (maybe indexing the same articles): give it the lock.
            await sleep(wait);
            wait = Math.min(wait * 2, 1000);
          } else if (!r.more) break;
          else wait = 10;
        }
      } catch (err) {
        if (!this.closed) this.failed(err);
      } finally {
        feed?.close();
        this.job = null;
        if (!this.closed) this.onIdle();
      }
    })();
  }

  close(): void {
    this.closed = true;
  }
}
