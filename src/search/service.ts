// Search as commands use it: validates queries, keeps both indexes in step
// with the database (including rows other processes wrote), and pages
// results. The head index (title, lead, tags; in memory) is loaded from its
// snapshot at start and caught up by seq and updated_at; without a usable
// snapshot it is rebuilt in the background while the body index (the whole
// text; on disk) answers alone. The body index is caught up in small write
// transactions between other work (body-index.ts), in whichever process
// gets there first. A few new articles (a poll's worth) are indexed at once.
// The articles are read through the archive reader; the indexes live in their
// own SQLite database (search-sources.ts): the store's, or a file of their own.
import { LRUCache } from 'lru-cache';
import type { Logger } from '../core/log';
import type { Article } from '../store/types';
import type { ArchiveReader } from './archive-reader';
import { hasSearchMeta } from './body-index';
import { BodySync } from './body-sync';
import { DEFAULT_LEAD_CHARS } from './doc-fields';
import { Glossary } from './glossary';
import { emptyHead, loadHead, type Head, type Identity } from './head-sync';
import type { ArticleIndexOptions } from './index';
import { findHits } from './find';
import type { MergedResult } from './merged';
import { SnapshotKeeper } from './snapshot-keeper';
import { validateQuery, type SearchPage, type SearchServiceOptions } from './service-options';
import type { SearchSources } from './search-sources';

export { MAX_QUERY_LENGTH } from '../core/limits';
export { validateQuery, type SearchPage, type SearchServiceOptions } from './service-options';

/**
 * Without a logger, nothing is logged. Not core/log's silentLogger: importing
 * that module loads pino, which a process that only searches never uses.
 */
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };

/** Articles kept for building result pages: the same ones top many searches. */
const ARTICLE_CACHE = 2000;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class SearchService {
  private head: Head | null = null;
  private started = false;
  private closed = false;
  private headJob: Promise<void> | null = null;
  private headToken: symbol | null = null;
  private headError: unknown = null;
  private readonly body: BodySync;
  private identity: Identity | null = null;
  private seen = '';
  private readonly archive: ArchiveReader;
  private readonly leadChars: number;
  private readonly glossary: Glossary;
  private readonly indexOptions: ArticleIndexOptions;
  private readonly keeper: SnapshotKeeper;
  private readonly log: Logger;
  private readonly state;
  /** What happened in this process: for tests, logs and the benchmark. */
  private readonly counts = { snapshotLoads: 0, rebuilds: 0, headIndexed: 0 };
  /** Recently shown articles by id, least recently used first; cleared whenever the database changes. */
  private readonly articles = new LRUCache<string, Article>({ max: ARTICLE_CACHE });

  constructor(
    private readonly sources: SearchSources,
    private readonly options: SearchServiceOptions = {},
  ) {
    this.glossary = options.index?.glossary ?? new Glossary();
    this.indexOptions = { ...options.index, glossary: this.glossary };
    this.archive = sources.articles;
    this.leadChars = options.index?.maxSummaryChars ?? DEFAULT_LEAD_CHARS;
    this.log = options.log ?? quiet;
    const db = sources.indexDb;
    // The body index's doclists span many pages; SQLite's default 2 MB page cache re-reads them for every query.
    if (!db.memory) db.pragma(`cache_size = -${options.pageCacheKiB ?? 32768}`);
    // In a file of its own, the index also changes when another process indexes into it.
    const indexVersion = sources.separate ? db.prepare<[], number>('PRAGMA data_version').pluck() : null;
    this.state = () => (indexVersion ? `${this.archive.changeToken()}:${indexVersion.get()}` : this.archive.changeToken());
    const path = options.snapshot ?? (db.memory ? false : `${db.name}.search-index`);
    this.keeper = new SnapshotKeeper(path, this.archive, db, this.log, options.snapshotEvery ?? 1000, this.indexOptions);
    const step = {
      maxChars: options.bodyChars ?? 1_000_000,
      maxRows: options.bodyRows ?? 300,
    };
    this.body = new BodySync(
      { db, articles: this.archive, own: sources.separate },
      { step, syncRows: options.bodySyncRows ?? 50, workerRows: options.bodyWorkerRows ?? 2000 },
      this.log,
      (n) => this.keeper.changed(n),
      () => (this.seen = ''),
    );
  }

  /** False while the head index is being built (the body index answers meanwhile). */
  get isReady(): boolean {
    return this.head !== null;
  }

  /** What happened in this process: for tests, logs and the benchmark. */
  get stats() {
    const body = this.body.stats;
    return { ...this.counts, bodyIndexed: body.indexed, bodyBusy: body.busy, bodyPrepared: body.prepared };
  }

  /** Snapshots this process wrote. */
  get snapshotWrites(): number {
    return this.keeper.writes;
  }

  /** Articles in the head index. */
  get size(): number {
    return this.head?.index.size ?? 0;
  }

  private start(): void {
    this.started = true;
    if (hasSearchMeta(this.sources.indexDb)) {
      this.identity = { dbId: this.archive.storeId(), bodyId: null };
      if (this.body.open()) this.identity.bodyId = this.body.bodyId;
      const loaded = this.keeper.load((path) => loadHead(path, this.archive, this.identity!, this.indexOptions));
      if (loaded) {
        this.head = loaded.head;
        this.body.vocab = loaded.vocab ?? this.body.vocab;
        this.counts.snapshotLoads++;
      }
    }
    if (!this.head) this.build();
  }

  /**
   * Brings the indexes up to date with the database: cheap when nothing
   * changed; a few changes at once; many in the background.
   */
  refresh(): void {
    if (this.closed) return;
    if (!this.started) this.start();
    const state = this.state();
    if (state === this.seen) return;
    this.seen = state;
    this.articles.clear();
    if (this.identity && this.body.open()) this.identity.bodyId = this.body.bodyId;
    this.body.syncVocab();
    const syncLimit = this.options.syncLimit ?? 5000;
    if (this.head && !this.headJob) {
      try {
        const pending = this.head.pending(this.archive, syncLimit + 1);
        if (pending > syncLimit) this.runHeadJob(this.head, false);
        else if (pending > 0) this.catchUpNow(this.head);
      } catch (err) {
        // The index answers as it is; the next change to the database tries again.
        this.log.warn('search: catching up on new articles failed', { error: err as Error });
      }
    }
    this.body.refresh();
  }

  private catchUpNow(head: Head): void {
    for (const n of head.catchUp(this.archive, this.options.chunk ?? 2000, this.leadChars)) {
      this.counts.headIndexed += n.indexed;
      this.keeper.changed(n.read);
    }
    if (head === this.head) this.keeper.maybeSave(head, this.body.vocab, this.identity);
  }

  /** Builds a new head from the archive: at once when small, else in the background (the current one, if any, answers). */
  private build(): void {
    const fresh = emptyHead(this.archive, this.indexOptions);
    this.counts.rebuilds++;
    if (this.archive.count() <= (this.options.syncLimit ?? 5000)) {
      this.headToken = null;
      this.head = fresh;
      this.catchUpNow(fresh);
      this.keeper.saveSoon(fresh, this.body.vocab, this.identity);
      return;
    }
    this.runHeadJob(fresh, true);
  }

  private runHeadJob(head: Head, install: boolean): void {
    const token = Symbol('head');
    this.headToken = token;
    this.headError = null;
    const steps = head.catchUp(this.archive, this.options.chunk ?? 2000, this.leadChars);
    this.headJob = (async () => {
      try {
        for (;;) {
          await yieldToLoop();
          // Closed, or a newer build started: it supersedes this one.
          if (this.closed || this.headToken !== token) return;
          const r = steps.next();
          if (r.done) break;
          this.counts.headIndexed += r.value.indexed;
          this.keeper.changed(r.value.read);
        }
        if (install) this.head = head;
        this.keeper.saveSoon(head, this.body.vocab, this.identity);
      } catch (err) {
        // E.g. the database was closed mid-build; the next refresh tries again.
        if (this.headToken === token && !this.closed) {
          this.headError = err;
          this.log.warn('search: building the index failed', { error: err as Error });
        }
      } finally {
        if (this.headToken === token) this.headJob = null;
        this.seen = '';
      }
    })();
  }

  /** Resolves once both indexes cover the archive (at once if they already do); rejects if building the head failed. */
  async whenReady(): Promise<void> {
    this.refresh();
    while (this.headJob || this.body.job) {
      await (this.headJob ?? this.body.job);
      this.seen = '';
      this.refresh();
    }
    if (!this.head && this.headError) throw this.headError;
  }

  /** Rebuilds the head from scratch; the current one answers until the new one is ready. */
  rebuild(): void {
    if (!this.started) this.start();
    const fresh = emptyHead(this.archive, this.indexOptions);
    this.counts.rebuilds++;
    this.runHeadJob(fresh, true);
  }

  search(rawQuery: string, opts: { topic?: string; page?: number; pageSize?: number } = {}): SearchPage {
    const query = validateQuery(rawQuery);
    this.refresh();
    const pageSize = opts.pageSize ?? 5;
    const page = Math.max(1, opts.page ?? 1);
    const indexes = { head: this.head?.index ?? null, body: this.body.index, vocab: this.body.vocab, glossary: this.glossary };
    const res = findHits(indexes, query, { topic: opts.topic, offset: (page - 1) * pageSize, limit: pageSize }, this.options, this.log);
    const pages = Math.max(1, Math.ceil(res.total / pageSize));
    const items = this.articlesOf(res);
    return {
      query,
      total: res.total,
      ...(res.more ? { more: true } : {}),
      page,
      pages,
      items,
      ...(this.head ? {} : { provisional: true }),
    };
  }

  suggest(rawQuery: string, limit = 5): string[] {
    this.refresh();
    return this.head ? this.head.index.suggest(rawQuery.trim(), limit) : [];
  }

  /** Stops background work and saves the head index if it changed since it was last saved. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.body.close();
    if (this.head) this.keeper.saveNow(this.head, this.body.vocab, this.identity);
    this.keeper.stop();
  }

  /** The articles for a page of hits, from the cache where it can. */
  private articlesOf(res: MergedResult): (Article & { score: number })[] {
    const missingIds = res.hits.filter((h) => h.id === undefined).map((h) => h.seq);
    const bySeq = missingIds.length ? this.archive.ids(missingIds) : new Map<number, string>();
    const ids = res.hits.map((h) => h.id ?? bySeq.get(h.seq));
    const fetch = ids.filter((id): id is string => id !== undefined && !this.articles.has(id));
    for (const a of this.archive.articles(fetch)) this.articles.set(a.id, a);
    return res.hits.flatMap((h, i) => {
      const a = ids[i] === undefined ? undefined : this.articles.get(ids[i]!);
      return a ? [{ ...a, score: h.score }] : [];
    });
  }
}
