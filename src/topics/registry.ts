// The topics users can browse: the taxonomy plus feed categories that map to none of it.
import type { Locale, Localized } from '../core/types';
import type { ArticleStore } from '../store/articles';
import type { Taxonomy } from './taxonomy';
import { nameKey } from './taxonomy';

export interface TopicInfo {
  id: string;
  name: Localized;
  aliases: string[];
  count: number;
}

export class TopicRegistry {
  constructor(
    private readonly taxonomy: Taxonomy,
    private readonly store: ArticleStore,
  ) {}

  /** Every topic with its article count: taxonomy order first, then category topics. */
  list(): TopicInfo[] {
    const counts = this.store.topicCounts();
    const fixed = this.taxonomy.topics.map((t) => ({ id: t.id, name: t.name, aliases: t.aliases, count: counts.get(t.id) ?? 0 }));
    const known = new Set(fixed.map((t) => t.id));
    const extra: TopicInfo[] = [];
    for (const [id, count] of counts) {
      if (known.has(id)) continue;
      const label = this.categoryLabel(id);
      extra.push({ id, name: { zh: label, en: label }, aliases: [label], count });
    }
    extra.sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
    return [...fixed, ...extra];
  }

  /** Resolves an id, a Chinese or English name, or an alias; undefined when unknown. */
  resolve(input: string): TopicInfo | undefined {
    const key = nameKey(input);
    if (!key) return undefined;
    return this.list().find((t) => [t.id, t.name.zh, t.name.en, ...t.aliases].some((n) => nameKey(n) === key));
  }

  name(id: string, locale: Locale): string {
    const t = this.taxonomy.topics.find((x) => x.id === id);
    return t ? t.name[locale] : this.categoryLabel(id);
  }

  private categoryLabel(id: string): string {
    // Category topics keep the feed's own spelling; find it on any article that carries it.
    const row = this.store.db
      .prepare<[string], { categories: string }>(
        `SELECT a.categories FROM article_topics t JOIN articles a ON a.seq = t.seq WHERE t.topic = ? LIMIT 1`,
      )
      .get(id);
    if (row) {
      const cats = JSON.parse(row.categories) as string[];
      const match = cats.find(
        (c) =>
          `cat-${nameKey(c)
            .replace(/[^\p{L}\p{N}-]+/gu, '-')
            .replace(/^-+|-+$/g, '')}` === id,
      );
      if (match) return match;
    }
    return id.replace(/^cat-/, '');
  }
}
