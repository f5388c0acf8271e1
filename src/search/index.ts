// The article search index: MiniSearch over title, summary and topic names,
// with the bilingual tokenizer, query planning (all words first, any word as
// a fallback), glossary expansion, exact phrases first and newest-first ties.
import MiniSearch from 'minisearch';
import { evaluate, matchAll, matchAny, type Scores } from './evaluate';
import { Glossary } from './glossary';
import { matchForm, normalize } from './normalize';
import { planQuery, type TermNode } from './query';
import { phraseBands, stackBands, type Ranked } from './rank';
import { suggestQueries, type Vocabulary } from './suggest';
import { termKey, termOfKey } from './term-key';
import { tokenizeNormalized } from './tokenizer';

export interface IndexDoc {
  id: string;
  title: string;
  summary: string;
  /** Topic ids. */
  topics: string[];
  /** Topic names/aliases in both languages, space separated. */
  topicText: string;
  publishedAt: string | null;
  firstSeenAt: number;
}

export interface SearchOptions {
  /** Only articles with this topic id. */
  topic?: string;
  /** Default 5. */
  limit?: number;
  offset?: number;
}

export interface SearchResult {
  total: number;
  hits: { id: string; score: number }[];
}

/** What MiniSearch holds: the searchable fields, already normalised and bounded. */
interface IndexedFields {
  id: string;
  title: string;
  summary: string;
  topicText: string;
}

export interface ArticleIndexOptions {
  glossary?: Glossary;
  /** Only the start of long summaries is indexed; it bounds memory and indexing time. Default 2000. */
  maxSummaryChars?: number;
}

/** A match in the title is worth three in the body; topic names count as much as body text. */
const FIELD_BOOST = { title: 3, summary: 1, topicText: 1 };
/** Below this many full (AND) matches, partial (OR) matches are appended after them. */
const FALLBACK_BELOW = 5;
const DEFAULT_LIMIT = 5;

interface DocMeta {
  topics: readonly string[];
  /** Sort key for ties: publication date when known, else when first seen. */
  time: number;
  firstSeenAt: number;
  /** matchForm of the title and (bounded) summary, for the phrase check. */
  title: string;
  body: string;
}

// Query terms arrive already tokenized by the planner (and keyed by termLookup): MiniSearch must take them as they are.
const asIs = (text: string): string[] => [text];
const identity = (term: string): string => term;

export class ArticleIndex {
  private readonly mini: MiniSearch<IndexedFields>;
  private readonly meta = new Map<string, DocMeta>();
  private readonly glossary: Glossary;
  private readonly maxSummaryChars: number;

  constructor(options: ArticleIndexOptions = {}) {
    this.glossary = options.glossary ?? new Glossary();
    this.maxSummaryChars = options.maxSummaryChars ?? 2000;
    this.mini = new MiniSearch<IndexedFields>({
      fields: ['title', 'summary', 'topicText'],
      idField: 'id',
      // Fields are normalised once in add(): the same text also feeds the phrase check.
      tokenize: tokenizeNormalized,
      processTerm: termKey,
      searchOptions: { tokenize: asIs, processTerm: identity, boost: FIELD_BOOST },
    });
  }

  get size(): number {
    return this.meta.size;
  }

  has(id: string): boolean {
    return this.meta.has(id);
  }

  /** Adds a new article; throws if its id is already indexed (use `replace` to update). */
  add(doc: IndexDoc): void {
    if (this.meta.has(doc.id)) throw new Error(`ArticleIndex: duplicate id ${doc.id}`);
    const title = normalize(doc.title);
    const summary = normalize(doc.summary.slice(0, this.maxSummaryChars));
    this.mini.add({ id: doc.id, title, summary, topicText: normalize(doc.topicText) });
    const published = doc.publishedAt ? Date.parse(doc.publishedAt) : NaN;
    this.meta.set(doc.id, {
      topics: [...doc.topics],
      time: Number.isNaN(published) ? doc.firstSeenAt : published,
      firstSeenAt: doc.firstSeenAt,
      title: matchForm(title),
      body: matchForm(summary),
    });
  }

  addAll(docs: IndexDoc[]): void {
    for (const doc of docs) this.add(doc);
  }

  /** Adds or updates an article. */
  replace(doc: IndexDoc): void {
    this.remove(doc.id);
    this.add(doc);
  }

  /** Removes an article; unknown ids are ignored. */
  remove(id: string): void {
    if (!this.meta.delete(id)) return;
    this.mini.discard(id);
  }

  search(query: string, opts: SearchOptions = {}): SearchResult {
    const limit = Math.max(0, opts.limit ?? DEFAULT_LIMIT);
    const offset = Math.max(0, opts.offset ?? 0);
    const ranked = this.rank(query, opts.topic);
    return { total: ranked.length, hits: ranked.slice(offset, offset + limit) };
  }

  /**
   * Queries close to `query` that do find something, best first: typo'd words
   * replaced by the nearest indexed words, Chinese runs cut down to the longest
   * parts that occur. Meant for when a search found nothing.
   */
  suggest(query: string, limit = 5): string[] {
    return suggestQueries(query, this.vocabulary(), limit);
  }

  private rank(query: string, topic: string | undefined): Ranked[] {
    const plan = planQuery(query, this.glossary);
    if (!plan.units.length) return [];
    const lookup = this.termLookup(topic);
    const weights = plan.units.map((u) => u.weight);
    const rankOptions = {
      phrases: plan.phrases,
      textOf: (id: string) => this.meta.get(id),
      tieBreak: (a: string, b: string) => this.newerFirst(a, b),
    };
    const full = matchAll(
      plan.units.map((u) => evaluate(u.node, lookup)),
      weights,
    );
    const bands = phraseBands(full, rankOptions);
    if (full.size < FALLBACK_BELOW) {
      const partial = matchAny(
        plan.units.map((u) => evaluate(u.node, lookup, true)),
        weights,
      );
      for (const id of full.keys()) partial.delete(id);
      bands.push(...phraseBands(partial, rankOptions));
    }
    return stackBands(bands);
  }

  /** Cached per query: the same term often appears in several plan nodes. */
  private termLookup(topic: string | undefined): (node: TermNode) => Scores {
    const cache = new Map<string, Scores>();
    const filter = topic === undefined ? undefined : (r: { id: string }) => this.meta.get(r.id)?.topics.includes(topic) ?? false;
    return (node) => {
      const key = `${node.term}\u0000${node.prefix}\u0000${node.fuzzy}`;
      let scores = cache.get(key);
      if (!scores) {
        const results = this.mini.search(termKey(node.term), { prefix: node.prefix, fuzzy: node.fuzzy, filter });
        scores = new Map(results.map((r) => [r.id as string, r.score]));
        cache.set(key, scores);
      }
      return scores;
    };
  }

  private newerFirst(a: string, b: string): number {
    const ma = this.meta.get(a);
    const mb = this.meta.get(b);
    if (!ma || !mb) return 0;
    return mb.time - ma.time || mb.firstSeenAt - ma.firstSeenAt || (a < b ? -1 : a > b ? 1 : 0);
  }

  /** The index as suggestions see it; document sets are cached for the one suggest call. */
  private vocabulary(): Vocabulary {
    const docs = new Map<string, ReadonlySet<string>>();
    return {
      docs: (term) => {
        let ids = docs.get(term);
        if (!ids) {
          ids = new Set(this.mini.search(termKey(term)).map((r) => r.id as string));
          docs.set(term, ids);
        }
        return ids;
      },
      near: (term, maxDistance) => {
        const counts = new Map<string, number>();
        for (const r of this.mini.search(termKey(term), { fuzzy: maxDistance })) {
          for (const key of r.terms) counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        return [...counts].map(([key, count]) => ({ term: termOfKey(key), count }));
      },
    };
  }
}
