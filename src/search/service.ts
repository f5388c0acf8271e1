// Search as commands use it: validates queries, keeps the index in step with the
// database (including rows other processes wrote), and pages results.
import type { Localized } from '../core/types';
import { UserError } from '../core/errors';
import { dataVersion } from '../store/db';
import type { ArticleStore } from '../store/articles';
import type { Article } from '../store/types';
import type { TopicRegistry } from '../topics/registry';
import { ArticleIndex, type IndexDoc } from './index';

export const MAX_QUERY_LENGTH = 200;

export interface SearchPage {
  query: string;
  total: number;
  page: number;
  pages: number;
  items: (Article & { score: number })[];
}

export class SearchService {
  private index = new ArticleIndex();
  private syncedUpTo = -1;
  private seenVersion = -1;

  constructor(
    private readonly store: ArticleStore,
    private readonly topics: TopicRegistry,
  ) {}

  /** Pulls new and changed articles into the index; cheap when nothing changed. */
  refresh(): void {
    const version = dataVersion(this.store.db);
    const newest = this.store.maxUpdatedAt();
    if (version === this.seenVersion && newest <= this.syncedUpTo) return;
    this.seenVersion = version;
    // >= rather than >: a row written in the same millisecond as the last sync is re-read, never missed.
    const changed = this.syncedUpTo < 0 ? [...this.store.iterate()] : this.store.changedSince(this.syncedUpTo - 1);
    for (const a of changed) this.index.replace(this.toDoc(a));
    this.syncedUpTo = Math.max(this.syncedUpTo, newest);
  }

  /** Rebuilds from scratch, e.g. after re-classification changed every article's topics. */
  rebuild(): void {
    this.index = new ArticleIndex();
    this.syncedUpTo = -1;
    this.seenVersion = -1;
    this.refresh();
  }

  get size(): number {
    return this.index.size;
  }

  search(rawQuery: string, opts: { topic?: string; page?: number; pageSize?: number } = {}): SearchPage {
    const query = validateQuery(rawQuery);
    this.refresh();
    const pageSize = opts.pageSize ?? 5;
    const page = Math.max(1, opts.page ?? 1);
    const res = this.index.search(query, { topic: opts.topic, limit: pageSize, offset: (page - 1) * pageSize });
    const pages = Math.max(1, Math.ceil(res.total / pageSize));
    const byId = new Map(this.store.getMany(res.hits.map((h) => h.id)).map((a) => [a.id, a]));
    const items = res.hits.flatMap((h) => {
      const a = byId.get(h.id);
      return a ? [{ ...a, score: h.score }] : [];
    });
    return { query, total: res.total, page, pages, items };
  }

  suggest(rawQuery: string, limit = 5): string[] {
    this.refresh();
    return this.index.suggest(rawQuery.trim(), limit);
  }

  private toDoc(a: Article): IndexDoc {
    return {
      id: a.id,
      title: a.title,
      summary: a.summary,
      topics: a.topics,
      topicText: this.topics.searchText(a.topics),
      publishedAt: a.publishedAt,
      firstSeenAt: a.firstSeenAt,
    };
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
