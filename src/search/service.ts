// Search as commands use it: validates queries, keeps the index in step with the
// database (including rows other processes wrote), and pages results. A large
// archive is indexed in the background at start-up, a page of articles at a
// time between other work; until the index is ready, searches are answered
// from SQLite (fallback.ts) rather than made to wait.
import { UserError } from '../core/errors';
import type { ArticleStore } from '../store/articles';
import type { Article } from '../store/types';
import type { TopicRegistry } from '../topics/registry';
import { MAX_QUERY_LENGTH } from '../core/limits';
import { ArchiveReader } from './archive-reader';
import { fallbackSearch } from './fallback';
import { ArticleIndex, type ArticleIndexOptions, type IndexDoc } from './index';

export { MAX_QUERY_LENGTH };

export interface SearchPage {
  query: string;
  total: number;
  page: number;
  pages: number;
  items: (Article & { score: number })[];
  /** True when the index was still being built and SQLite substring matching answered. */
  provisional?: boolean;
}

export interface SearchServiceOptions {
  /** Archives (or batches of changes) up to this size are indexed synchronously; larger ones in the background. Default 5000. */
  syncLimit?: number;
  /** Articles read and indexed per step of a background build. Default 2000. */
  chunk?: number;
  index?: ArticleIndexOptions;
}

const DEFAULT_SYNC_LIMIT = 5000;
const DEFAULT_CHUNK = 2000;
/** Articles kept for building result pages: the same ones top many searches. */
const ARTICLE_CACHE = 2000;

/** Lets the event loop run (other commands, timers) between build steps. */
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class SearchService {
  private index: ArticleIndex;
  private ready = false;
  private building: Promise<void> | null = null;
  /** Identifies the latest build; an older one still stepping stops when it sees it is stale. */
  private buildToken: symbol | null = null;
  private buildError: unknown = null;
  private syncedUpTo = -1;
  private seenVersion = -1;
  private readonly reader: ArchiveReader;
  /** PRAGMA data_version as a prepared statement: db.pragma() re-parses it on every search. */
  private readonly dataVersion: () => number;
  private readonly syncLimit: number;
  private readonly chunk: number;
  /**
   * Recently shown articles by id, least recently used first. Reading five
   * rows back from SQLite was a fifth of a typical search; entries go as
   * soon as refresh() sees their article change.
   */
  private readonly articles = new Map<string, Article>();

  constructor(
    private readonly store: ArticleStore,
    // Unused since topic names are no longer indexed; kept so callers need not change.
    _topics: TopicRegistry,
    private readonly options: SearchServiceOptions = {},
  ) {
    this.index = new ArticleIndex(options.index);
    this.reader = new ArchiveReader(store.db);
    const version = store.db.prepare<[], number>('PRAGMA data_version').pluck();
    this.dataVersion = () => version.get()!;
    this.syncLimit = options.syncLimit ?? DEFAULT_SYNC_LIMIT;
    this.chunk = options.chunk ?? DEFAULT_CHUNK;
  }

  /**
   * Pulls new and changed articles into the index; cheap when nothing changed.
   * The first call indexes the archive: at once when it is small, else it
   * starts a background build (see whenReady) and returns.
   */
  refresh(): void {
    if (!this.ready) {
      this.startBuild();
      return;
    }
    const version = this.dataVersion();
    const newest = this.store.maxUpdatedAt();
    if (version === this.seenVersion && newest <= this.syncedUpTo) return;
    // A big batch (a bulk import by another process) is rebuilt in the background
    // while the current index keeps answering; a few changes are applied at once.
    if (!this.building && this.reader.countChangedSince(this.syncedUpTo - 1) > this.syncLimit) {
      this.startBuild();
      return;
    }
    this.seenVersion = version;
    // >= rather than >: a row written in the same millisecond as the last sync is re-read, never missed.
    const changed = this.store.changedSince(this.syncedUpTo - 1);
    for (const a of changed) this.articles.delete(a.id);
    this.index.replaceAll(changed.map((a) => this.toDoc(a)));
    this.syncedUpTo = Math.max(this.syncedUpTo, newest);
  }

  /** Resolves once the index covers the archive (at once if it already does); rejects if building failed. */
  async whenReady(): Promise<void> {
    this.refresh();
    while (this.building) await this.building;
    if (!this.ready && this.buildError) throw this.buildError;
  }

  /** False while the first build runs; searches are answered from SQLite meanwhile. */
  get isReady(): boolean {
    return this.ready;
  }

  /** Rebuilds from scratch, e.g. after re-classification changed every article's topics. */
  rebuild(): void {
    this.startBuild(true);
  }

  get size(): number {
    return this.index.size;
  }

  search(rawQuery: string, opts: { topic?: string; page?: number; pageSize?: number } = {}): SearchPage {
    const query = validateQuery(rawQuery);
    this.refresh();
    const pageSize = opts.pageSize ?? 5;
    const page = Math.max(1, opts.page ?? 1);
    const offset = (page - 1) * pageSize;
    let total: number;
    let hits: { id: string; score: number }[];
    if (this.ready) {
      const res = this.index.search(query, { topic: opts.topic, limit: pageSize, offset });
      total = res.total;
      hits = res.hits;
    } else {
      const res = fallbackSearch(this.store.db, query, { topic: opts.topic, limit: pageSize, offset });
      total = res.total;
      // Rank order, as scores that never increase: the fallback has no relevance score.
      hits = res.ids.map((id, i) => ({ id, score: 1 / (offset + i + 1) }));
    }
    const pages = Math.max(1, Math.ceil(total / pageSize));
    const byId = this.articlesById(hits.map((h) => h.id));
    const items = hits.flatMap((h) => {
      const a = byId.get(h.id);
      return a ? [{ ...a, score: h.score }] : [];
    });
    return { query, total, page, pages, items, ...(this.ready ? {} : { provisional: true }) };
  }

  suggest(rawQuery: string, limit = 5): string[] {
    this.refresh();
    return this.ready ? this.index.suggest(rawQuery.trim(), limit) : [];
  }

  /** The articles for a page of hits, from the cache where it can (only while the index is in step). */
  private articlesById(ids: string[]): Map<string, Article> {
    const out = new Map<string, Article>();
    const missing: string[] = [];
    for (const id of ids) {
      const a = this.ready ? this.articles.get(id) : undefined;
      if (a) {
        // Most recently used goes last.
        this.articles.delete(id);
        this.articles.set(id, a);
        out.set(id, a);
      } else missing.push(id);
    }
    for (const a of this.store.getMany(missing)) {
      out.set(a.id, a);
      if (!this.ready) continue;
      this.articles.set(a.id, a);
      if (this.articles.size > ARTICLE_CACHE) this.articles.delete(this.articles.keys().next().value!);
    }
    return out;
  }

  /**
   * Indexes the whole archive into a new index, synchronously when it is
   * small, else in steps between other work; the current index (if any)
   * answers until the new one replaces it.
   */
  private startBuild(force = false): void {
    if (this.building && !force) return;
    const next = new ArticleIndex(this.options.index);
    // Watermarks first: whatever changes during the build is caught up afterwards.
    const version = this.dataVersion();
    const upTo = this.store.maxUpdatedAt();
    const finish = () => {
      this.index = next;
      this.articles.clear();
      this.ready = true;
      this.seenVersion = version;
      this.syncedUpTo = upTo;
    };
    const steps = this.buildSteps(next);
    if (this.store.count() <= this.syncLimit) {
      this.buildToken = null;
      while (!steps.next().done);
      finish();
      this.building = null;
      this.refresh();
      return;
    }
    const token = Symbol('build');
    this.buildToken = token;
    this.buildError = null;
    this.building = (async () => {
      try {
        do {
          await yieldToLoop();
          // A newer rebuild started meanwhile: it supersedes this one.
          if (this.buildToken !== token) return;
        } while (!steps.next().done);
        finish();
        this.building = null;
        this.refresh();
      } catch (err) {
        // E.g. the database was closed mid-build. Nothing to install; the next refresh tries again.
        if (this.buildToken !== token) return;
        this.buildError = err;
        this.building = null;
      }
    })();
  }

  /** One page of the archive indexed per step. */
  private *buildSteps(index: ArticleIndex): Generator<void> {
    let after = 0;
    index.bulkLoad(true);
    for (;;) {
      const rows = this.reader.after(after, this.chunk);
      if (!rows.length) break;
      index.addPrepared(rows.map((r) => index.prepare(r)));
      after = rows[rows.length - 1]!.seq;
      yield;
    }
    index.bulkLoad(false);
  }

  private toDoc(a: Article): IndexDoc {
    return {
      id: a.id,
      title: a.title,
      summary: a.summary,
      topics: a.topics,
      publishedAt: a.publishedAt,
      firstSeenAt: a.firstSeenAt,
    };
  }
}

export function validateQuery(raw: string): string {
  const query = (raw ?? '').replace(/\s+/g, ' ').trim();
  if (!query) throw new UserError('search.empty-query');
  if ([...query].length > MAX_QUERY_LENGTH) {
    throw new UserError('search.query-too-long', { max: MAX_QUERY_LENGTH });
  }
  return query;
}
