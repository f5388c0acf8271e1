// The article search index: MiniSearch (through TermIndex) over each
// article's title and lead, with the bilingual tokenizer, query planning (all
// words first, any word as a fallback), glossary expansion, and ranking that
// puts the articles about the query (named in the title or early in the
// lead, phrases verbatim) before those mentioning it in passing, newest
// first on ties. Matching and scoring read MiniSearch's postings into score
// vectors and only the top of the list is sorted, so a query matching most
// of a 100k archive costs milliseconds, not a sort of it all.
import { prepareDoc, DEFAULT_LEAD_CHARS, type IndexDoc, type PreparedDoc } from './doc-fields';
import { DocTable, LEAD, TITLE } from './doc-table';
import { evaluate, matchAll, matchAny, type Scratch } from './evaluate';
import { Glossary } from './glossary';
import { planQuery, type QueryPlan, type TermNode } from './query';
import { RankedList } from './ranking';
import { Accumulator, filter, without, type ScoreVec } from './sparse';
import { suggestQueries, type Vocabulary } from './suggest';
import { termKey, termOfKey } from './term-key';
import { newBatchCache, TermIndex, type BatchCache } from './term-index';
import { hanKey, visitIndexKeys } from './index-keys';
import { scoreTerm, type TermScorer } from './term-scores';

export type { IndexDoc, PreparedDoc } from './doc-fields';

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

export interface ArticleIndexOptions {
  glossary?: Glossary;
  /** Only the start of the summary (its lead) is indexed; this bounds memory and indexing time. Default 240. */
  maxSummaryChars?: number;
  /**
   * How prominent a match in the lead is halves this many characters in:
   * articles name their subject early (see ranking.ts). Default 60; 0: anywhere in the lead counts alike.
   */
  leadHalfAt?: number;
}

/** A match in the title is worth three in the lead. */
const BOOSTS: number[] = [];
BOOSTS[TITLE] = 3;
BOOSTS[LEAD] = 1;
/** Below this many full (AND) matches, partial (OR) matches are appended after them. */
const FALLBACK_BELOW = 5;
const DEFAULT_LIMIT = 5;
const DEFAULT_HALF_AT = 60;
/** Prominence of a first mention at the very start of the lead; the title counts 1. */
const LEAD_START = 0.8;

/**
 * The phrase groups worth checking verbatim. A query that is one exact term
 * (a two-character Chinese word, say) needs none: every match contains it,
 * and skipping the check saves a tenth of such a search.
 */
function phrasesToCheck(plan: QueryPlan): string[][] {
  const only = plan.units.length === 1 ? plan.units[0]!.node : null;
  if (only?.op === 'term' && !only.prefix && only.fuzzy === false && plan.phrases.length === 1 && plan.phrases[0] === only.term) return [];
  return plan.phraseForms;
}

export class ArticleIndex {
  private readonly terms = new TermIndex({ visit: visitIndexKeys, spell: hanKey });
  private readonly table = new DocTable();
  private readonly byId = new Map<string, number>();
  private readonly acc = new Accumulator();
  /** Shared by the batches of a bulk load (see bulkLoad); dropped at the first removal. */
  private bulk: BatchCache | null = null;
  /** Set at the first removal: from then on MiniSearch may vacuum terms away, so no bulk loads. */
  private removedAny = false;
  private readonly glossary: Glossary;
  private readonly maxSummaryChars: number;
  private readonly prominence: TermScorer['prominence'];

  constructor(options: ArticleIndexOptions = {}) {
    this.glossary = options.glossary ?? new Glossary();
    this.maxSummaryChars = options.maxSummaryChars ?? DEFAULT_LEAD_CHARS;
    const halfAt: number[] = [];
    halfAt[TITLE] = 0;
    halfAt[LEAD] = options.leadHalfAt ?? DEFAULT_HALF_AT;
    const start: number[] = [];
    start[TITLE] = 1;
    start[LEAD] = LEAD_START;
    this.prominence = { start, halfAt };
  }

  get size(): number {
    return this.table.size;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Normalises an article for `addPrepared`. */
  prepare(doc: IndexDoc): PreparedDoc {
    return prepareDoc(doc, this.maxSummaryChars);
  }

  /** Adds a new article; throws if its id is already indexed (use `replace` to update). */
  add(doc: IndexDoc): void {
    this.addPrepared([this.prepare(doc)]);
  }

  /** Adds new articles in one batch (much faster than one by one); throws before adding any if an id is taken. */
  addAll(docs: IndexDoc[]): void {
    this.addPrepared(docs.map((d) => this.prepare(d)));
  }

  /** Adds prepared articles in one batch; throws before adding any if an id is already indexed or repeated. */
  addPrepared(docs: readonly PreparedDoc[]): void {
    const seen = new Set<string>();
    for (const d of docs) {
      if (this.byId.has(d.id) || seen.has(d.id)) throw new Error(`ArticleIndex: duplicate id ${d.id}`);
      seen.add(d.id);
    }
    const keyed = docs.map((d) => {
      const no = this.table.push({
        id: d.id,
        titleText: d.titleText,
        leadText: d.leadText,
        topics: d.topics,
        time: d.time,
        firstSeenAt: d.firstSeenAt,
      });
      this.byId.set(d.id, no);
      return { no, fields: d.fields };
    });
    const lengths = this.terms.addBatch(keyed, this.bulk ?? undefined);
    keyed.forEach((k, i) => this.table.setFieldLengths(k.no, lengths[i]!));
  }

  /** Adds or updates an article. */
  replace(doc: IndexDoc): void {
    this.remove(doc.id);
    this.add(doc);
  }

  /** Adds or updates many articles in one batch (the last version of a repeated id wins). */
  replaceAll(docs: readonly IndexDoc[]): void {
    const latest = new Map(docs.map((d) => [d.id, d]));
    for (const id of latest.keys()) this.remove(id);
    this.addPrepared([...latest.values()].map((d) => this.prepare(d)));
  }

  /**
   * Starts (true) or ends (false) a bulk load: batches added in between share
   * their key lookups (a quarter off building 100k articles). Only for an
   * index nothing was ever removed from (see BatchCache).
   */
  bulkLoad(on: boolean): void {
    this.bulk = on && !this.removedAny ? newBatchCache() : null;
  }

  /** Removes an article; unknown ids are ignored. */
  remove(id: string): void {
    const no = this.byId.get(id);
    if (no === undefined) return;
    this.bulk = null;
    this.removedAny = true;
    this.byId.delete(id);
    this.table.remove(no);
    this.terms.discard(no);
  }

  search(query: string, opts: SearchOptions = {}): SearchResult {
    const limit = Math.max(0, opts.limit ?? DEFAULT_LIMIT);
    const offset = Math.max(0, opts.offset ?? 0);
    const ranked = this.rank(query, opts.topic);
    if (!ranked) return { total: 0, hits: [] };
    return { total: ranked.total, hits: ranked.page(offset, limit).map((h) => ({ id: this.table.ids[h.doc]!, score: h.score })) };
  }

  /**
   * Queries close to `query` that do find something, best first: typo'd words
   * replaced by the nearest indexed words, Chinese runs cut down to the longest
   * parts that occur. Meant for when a search found nothing.
   */
  suggest(query: string, limit = 5): string[] {
    return suggestQueries(query, this.vocabulary(), limit);
  }

  private rank(query: string, topic: string | undefined): RankedList | null {
    const plan = planQuery(query, this.glossary);
    if (!plan.units.length) return null;
    const scratch: Scratch = { acc: this.acc, capacity: this.table.capacity };
    const lookup = this.termLookup();
    const weights = plan.units.map((u) => u.weight);
    const inTopic = (vec: ScoreVec) => (topic === undefined ? vec : filter(vec, (doc) => this.table.hasTopic(doc, topic)));
    const full = inTopic(
      matchAll(
        plan.units.map((u) => evaluate(u.node, lookup, scratch)),
        weights,
      ),
    );
    let partial: ScoreVec | undefined;
    if (full.size < FALLBACK_BELOW) {
      const any = matchAny(
        scratch,
        plan.units.map((u) => evaluate(u.node, lookup, scratch, true)),
        weights,
      );
      partial = without(inTopic(any), full);
    }
    return new RankedList(this.table, phrasesToCheck(plan), full, partial);
  }

  /** Cached per query: the same term often appears in several plan nodes. */
  private termLookup(): (node: TermNode) => ScoreVec {
    const cache = new Map<string, ScoreVec>();
    const scorer: TermScorer = { terms: this.terms, table: this.table, acc: this.acc, boosts: BOOSTS, prominence: this.prominence };
    return (node) => {
      const key = `${node.term}\u0000${node.prefix}\u0000${node.fuzzy}`;
      let scores = cache.get(key);
      if (!scores) {
        scores = scoreTerm(scorer, node);
        cache.set(key, scores);
      }
      return scores;
    };
  }

  /** The index as suggestions see it; document sets are cached for the one suggest call. */
  private vocabulary(): Vocabulary {
    const docs = new Map<string, ReadonlySet<string>>();
    const mini = this.terms.mini;
    const idOf = (no: unknown) => this.table.ids[no as number]!;
    return {
      docs: (term) => {
        let ids = docs.get(term);
        if (!ids) {
          ids = new Set(mini.search(termKey(term)).map((r) => idOf(r.id)));
          docs.set(term, ids);
        }
        return ids;
      },
      near: (term, maxDistance) => {
        const counts = new Map<string, number>();
        for (const r of mini.search(termKey(term), { fuzzy: maxDistance })) {
          for (const key of r.terms) counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        return [...counts].map(([key, count]) => ({ term: termOfKey(key), count }));
      },
    };
  }
}
