// Search as commands use it: validates queries, keeps both indexes in step
// with the database (including rows other processes wrote), and pages
// results. The head index (title, lead, tags; in memory) is loaded from its
// snapshot at start and caught up by seq and updated_at; without a usable
// snapshot it is rebuilt in the background while the body index (the whole
// text; on disk) answers alone. The body index is caught up in small write
// transactions between other work (body-index.ts), in whichever process
// gets there first. A few new articles (a poll's worth) are indexed at once.
import type { Localized } from '../core/types';
import { UserError } from '../core/errors';
import { silentLogger, type Logger } from '../core/log';
import type { ArticleStore } from '../store/articles';
import type { Article } from '../store/types';
import type { TopicRegistry } from '../topics/registry';
import { ArchiveReader } from './archive-reader';
import { BodyIndex, ensureBodyTables, hasSearchMeta, readMeta } from './body-index';
import { bodyMatch } from './body-query';
import { BodyVocab } from './body-vocab';
import { DEFAULT_LEAD_CHARS } from './doc-fields';
import { Glossary } from './glossary';
import { emptyHead, loadHead, type Head, type Identity } from './head-sync';
import type { ArticleIndexOptions } from './index';
import { bodyOnlySearch, mergedSearch, type MergedResult } from './merged';
import { planQuery } from './query';
import { SnapshotKeeper } from './snapshot-keeper';

export const MAX_QUERY_LENGTH = 200;

export interface SearchPage {
  query: string;
  total: number;
  /** More articles match than `total` counts (shown as "1000+"): only the newest body matches are read. */
  more?: boolean;
  page: number;
  pages: number;
  items: (Article & { score: number })[];
  /** True while the head index is being built and the body index answered alone. */
  provisional?: boolean;
}

export interface SearchServiceOptions {
  /** Up to this many new or changed articles are added to the head at once; more in the background. Default 5000. */
  syncLimit?: number;
  /** Articles read and added to the head per background step. Default 2000. */
  chunk?: number;
  /** Body index: text characters per write transaction (bounds how long the write lock is held). Default 1,000,000. */
  bodyChars?: number;
  /** Body index: articles per write transaction at most. Default 300. */
  bodyRows?: number;
  /** Body index: up to this many pending articles are indexed at once; more in the background. Default 50. */
  bodySyncRows?: number;
  /** Body matches read per query, newest first (see merged.ts). Default 1000. */
  bodyWindow?: number;
  /**
   * bm25 ranks body-only matches when the query's terms are in at most this
   * many articles' titles, leads and tags in all (else newest first: see
   * merged.ts). Default 500.
   */
  bm25Budget?: number;
  /** Where the head snapshot goes; false: none. Default `<database file>.search-index`. */
  snapshot?: string | false;
  /** Head changes after which a snapshot is saved in the background (else at close). Default 1000. */
  snapshotEvery?: number;
  index?: ArticleIndexOptions;
  log?: Logger;
}

/** Articles kept for building result pages: the same ones top many searches. */
const ARTICLE_CACHE = 2000;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export class SearchService {
  private head: Head | null = null;
  private started = false;
  private closed = false;
  private headJob: Promise<void> | null = null;
  private headToken: symbol | null = null;
  private headError: unknown = null;
  private bodyJob: Promise<void> | null = null;
  private bodyFailedAt = -Infinity;
  private body: BodyIndex | null = null;
  private vocab: BodyVocab | null = null;
  private identity: Identity | null = null;
  private seen = '';
  private readonly reader: ArchiveReader;
  private readonly glossary: Glossary;
  private readonly indexOptions: ArticleIndexOptions;
  private readonly keeper: SnapshotKeeper;
  private readonly log: Logger;
  private readonly state;
  /** What happened in this process: for tests, logs and the benchmark. */
  readonly stats = { snapshotLoads: 0, rebuilds: 0, headIndexed: 0, bodyIndexed: 0, bodyBusy: 0 };
  /** Recently shown articles by id, least recently used first; cleared whenever the database changes. */
  private readonly articles = new Map<string, Article>();

  constructor(
    private readonly store: ArticleStore,
    _topics?: TopicRegistry,
    private readonly options: SearchServiceOptions = {},
  ) {
    this.glossary = options.index?.glossary ?? new Glossary();
    this.indexOptions = { ...options.index, glossary: this.glossary };
    this.reader = new ArchiveReader(store.db, options.index?.maxSummaryChars ?? DEFAULT_LEAD_CHARS);
    this.log = options.log ?? silentLogger;
    const db = store.db;
    const version = db.prepare<[], number>('PRAGMA data_version').pluck();
    // One aggregate per SELECT: SQLite answers a lone max() from an index, two at once by scanning the table.
    const last = db.prepare<[], { s: number | null; u: number | null }>(
      'SELECT (SELECT max(seq) FROM articles) AS s, (SELECT max(updated_at) FROM articles) AS u',
    );
    // data_version sees other connections' commits; the maxima see this one's.
    this.state = () => {
      const l = last.get()!;
      return `${version.get()}:${l.s}:${l.u}`;
    };
    const path = options.snapshot ?? (db.memory ? false : `${db.name}.search-index`);
    this.keeper = new SnapshotKeeper(path, db, this.log, options.snapshotEvery ?? 1000, this.indexOptions);
  }

  /** False while the head index is being built (the body index answers meanwhile). */
  get isReady(): boolean {
    return this.head !== null;
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
    const db = this.store.db;
    if (hasSearchMeta(db)) {
      this.identity = { dbId: readMeta(db, 'db_id') ?? '', bodyId: null };
      this.openBody();
      const loaded = this.keeper.load((path) => loadHead(path, db, this.identity!, this.indexOptions));
      if (loaded) {
        this.head = loaded.head;
        this.vocab = loaded.vocab ?? this.vocab;
        this.stats.snapshotLoads++;
      }
    }
    if (!this.head) this.build();
  }

  private openBody(): void {
    if (this.body || !this.identity) return;
    try {
      if (!ensureBodyTables(this.store.db)) return;
      this.body = new BodyIndex(this.store.db);
      this.identity.bodyId = readMeta(this.store.db, 'body_id') ?? null;
      this.vocab ??= new BodyVocab();
    } catch (err) {
      this.log.warn('search: the whole-text index is not available', { error: err as Error });
    }
  }

  /** New terms other steps (ours or another process's) stored. */
  private syncVocab(): void {
    if (!this.body || !this.vocab) return;
    for (;;) {
      const terms = this.body.termsAfter(this.vocab.lastId, 10_000);
      for (const t of terms) this.vocab.add(t.id, t.term);
      this.keeper.changed(terms.length);
      if (terms.length < 10_000) break;
    }
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
    this.openBody();
    this.syncVocab();
    const syncLimit = this.options.syncLimit ?? 5000;
    if (this.head && !this.headJob) {
      const pending = this.head.pending(this.reader, syncLimit + 1);
      if (pending > syncLimit) this.runHeadJob(this.head, false);
      else if (pending > 0) this.catchUpNow(this.head);
    }
    this.refreshBody();
  }

  private refreshBody(): void {
    if (!this.body || this.bodyJob || performance.now() - this.bodyFailedAt < 60_000) return;
    try {
      const pending = this.body.pending((this.options.bodySyncRows ?? 50) + 1);
      if (!pending) return;
      if (pending <= (this.options.bodySyncRows ?? 50)) {
        // New articles, then the re-check of changed ones: a few steps at most.
        for (let i = 0; i < 4; i++) {
          const r = this.body.step(this.stepOptions(), (t) => this.vocab?.has(t) ?? false);
          this.stats.bodyIndexed += r.indexed;
          this.syncVocab();
          if (r.busy) {
            this.stats.bodyBusy++;
            break;
          }
          if (!r.more) return;
        }
      }
    } catch (err) {
      this.bodyFailed(err);
      return;
    }
    this.runBodyJob();
  }

  private stepOptions() {
    return {
      maxChars: this.options.bodyChars ?? 1_000_000,
      maxRows: this.options.bodyRows ?? 300,
      leadChars: this.options.index?.maxSummaryChars ?? DEFAULT_LEAD_CHARS,
    };
  }

  private bodyFailed(err: unknown): void {
    this.bodyFailedAt = performance.now();
    this.log.warn('search: indexing the whole text failed; retrying in a minute', { error: err as Error });
  }

  private runBodyJob(): void {
    this.bodyJob = (async () => {
      let wait = 10;
      try {
        for (;;) {
          await yieldToLoop();
          if (this.closed || !this.body) return;
          const r = this.body.step(this.stepOptions(), (t) => this.vocab?.has(t) ?? false);
          this.stats.bodyIndexed += r.indexed;
          this.syncVocab();
          if (r.busy) {
            this.stats.bodyBusy++;
            // Another process is writing (maybe indexing the same articles): give it the lock.
            await sleep(wait);
            wait = Math.min(wait * 2, 1000);
          } else if (!r.more) break;
          else wait = 10;
        }
      } catch (err) {
        if (!this.closed) this.bodyFailed(err);
      } finally {
        this.bodyJob = null;
        // What arrived meanwhile is looked at by the next refresh.
        this.seen = '';
      }
    })();
  }

  private catchUpNow(head: Head): void {
    for (const n of head.catchUp(this.reader, this.options.chunk ?? 2000)) {
      this.stats.headIndexed += n.indexed;
      this.keeper.changed(n.read);
    }
    if (head === this.head) this.keeper.maybeSave(head, this.vocab, this.identity);
  }

  /** Builds a new head from the archive: at once when small, else in the background (the current one, if any, answers). */
  private build(): void {
    const fresh = emptyHead(this.store.db, this.indexOptions);
    this.stats.rebuilds++;
    if (this.store.count() <= (this.options.syncLimit ?? 5000)) {
      this.headToken = null;
      this.head = fresh;
      this.catchUpNow(fresh);
      this.keeper.saveSoon(fresh, this.vocab, this.identity);
      return;
    }
    this.runHeadJob(fresh, true);
  }

  private runHeadJob(head: Head, install: boolean): void {
    const token = Symbol('head');
    this.headToken = token;
    this.headError = null;
    const steps = head.catchUp(this.reader, this.options.chunk ?? 2000);
    this.headJob = (async () => {
      try {
        for (;;) {
          await yieldToLoop();
          // Closed, or a newer build started: it supersedes this one.
          if (this.closed || this.headToken !== token) return;
          const r = steps.next();
          if (r.done) break;
          this.stats.headIndexed += r.value.indexed;
          this.keeper.changed(r.value.read);
        }
        if (install) this.head = head;
        this.keeper.saveSoon(head, this.vocab, this.identity);
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
    while (this.headJob || this.bodyJob) {
      await (this.headJob ?? this.bodyJob);
      this.seen = '';
      this.refresh();
    }
    if (!this.head && this.headError) throw this.headError;
  }

  /** Rebuilds the head from scratch; the current one answers until the new one is ready. */
  rebuild(): void {
    if (!this.started) this.start();
    const fresh = emptyHead(this.store.db, this.indexOptions);
    this.stats.rebuilds++;
    this.runHeadJob(fresh, true);
  }

  search(rawQuery: string, opts: { topic?: string; page?: number; pageSize?: number } = {}): SearchPage {
    const query = validateQuery(rawQuery);
    this.refresh();
    const pageSize = opts.pageSize ?? 5;
    const page = Math.max(1, opts.page ?? 1);
    const res = this.find(query, opts.topic, (page - 1) * pageSize, pageSize);
    const pages = Math.max(1, Math.ceil(res.total / pageSize));
    const items = this.articlesOf(res);
    return { query, total: res.total, ...(res.more ? { more: true } : {}), page, pages, items, ...(this.head ? {} : { provisional: true }) };
  }

  private find(query: string, topic: string | undefined, offset: number, limit: number): MergedResult {
    const plan = planQuery(query, this.glossary);
    const window = this.options.bodyWindow ?? 1000;
    const match = this.body ? bodyMatch(plan, this.vocab) : null;
    try {
      if (this.head) {
        const vocab = this.vocab;
        const inBody = (t: string) => vocab?.has(t) ?? false;
        return mergedSearch({ head: this.head.index, body: this.body, plan, match, topic, offset, limit, window, bm25Budget: this.options.bm25Budget ?? 500, inBody });
      }
      if (this.body) return bodyOnlySearch(this.body, match, { topic, offset, limit, window }, () => undefined);
    } catch (err) {
      // The body index failed to answer (damaged, say): the head still can.
      this.log.warn('search: the whole-text index failed to answer', { error: err as Error });
      if (this.head) return mergedSearch({ head: this.head.index, body: null, plan, match: null, topic, offset, limit, window, bm25Budget: 0 });
    }
    return { total: 0, more: false, hits: [] };
  }

  suggest(rawQuery: string, limit = 5): string[] {
    this.refresh();
    return this.head ? this.head.index.suggest(rawQuery.trim(), limit) : [];
  }

  /** Stops background work and saves the head index if it changed since it was last saved. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.head) this.keeper.saveNow(this.head, this.vocab, this.identity);
    this.keeper.stop();
  }

  /** The articles for a page of hits, from the cache where it can. */
  private articlesOf(res: MergedResult): (Article & { score: number })[] {
    const missingIds = res.hits.filter((h) => h.id === undefined).map((h) => h.seq);
    const bySeq = missingIds.length ? this.reader.ids(missingIds) : new Map<number, string>();
    const ids = res.hits.map((h) => h.id ?? bySeq.get(h.seq));
    const fetch = ids.filter((id): id is string => id !== undefined && !this.articles.has(id));
    for (const a of this.store.getMany(fetch)) {
      this.articles.set(a.id, a);
      if (this.articles.size > ARTICLE_CACHE) this.articles.delete(this.articles.keys().next().value!);
    }
    return res.hits.flatMap((h, i) => {
      const a = ids[i] === undefined ? undefined : this.articles.get(ids[i]!);
      return a ? [{ ...a, score: h.score }] : [];
    });
  }
}

const msg = (zh: string, en: string): Localized => ({ zh, en });

export function validateQuery(raw: string): string {
  const query = (raw ?? '').replace(/\s+/g, ' ').trim();
  if (!query) throw new UserError(msg('请输入要搜索的内容,例如: /search 卷积', 'Please give something to search for, e.g. /search convolution'));
  if ([...query].length > MAX_QUERY_LENGTH) {
    throw new UserError(
      msg(`搜索内容太长(最多 ${MAX_QUERY_LENGTH} 个字符),请缩短后再试。`, `That query is too long (at most ${MAX_QUERY_LENGTH} characters); please shorten it.`),
    );
  }
  return query;
}
