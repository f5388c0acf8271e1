// The head of the article search: MiniSearch (through TermIndex) over each
// article's title, lead and feed tags, with the bilingual tokenizer, query planning (all
// words first, any word as a fallback), glossary expansion, and ranking that
// puts the articles about the query (named in the title or early in the
// lead, phrases verbatim) before those mentioning it in passing, newest
// first on ties. Matching and scoring read MiniSearch's postings into score
// vectors and only the top of the list is sorted, so a query matching most
// of a 100k archive costs milliseconds, not a sort of it all. The whole
// text is searched on disk (body-index.ts); merged.ts puts the two together.
import { LRUCache } from 'lru-cache';
import { prepareDoc, DEFAULT_LEAD_CHARS, type IndexDoc, type PreparedDoc } from './doc-fields';
import { DocLookup } from './doc-lookup';
import { DocTable } from './doc-table';
import { evaluate, matchAll, matchAny, type Scratch } from './evaluate';
import { Glossary } from './glossary';
import type { ArticleIndexOptions, HeadMatches, SearchOptions, SearchResult } from './index-types';
import { planQuery, type PlanNode, type QueryPlan, type TermNode } from './query';
import { phrasesToCheck, RankedList } from './ranking';
import { Accumulator, EMPTY, filter, without, type ScoreVec } from './sparse';
import type { Reader, Writer } from './snapshot-codec';
import { indexVocabulary, suggestQueries } from './suggest';
import { termKey } from './term-key';
import { newBatchCache, TermIndex, type BatchCache } from './term-index';
import { hanKey, visitIndexKeys } from './index-keys';
import { fieldProminence, FIELD_BOOSTS, scoreTerm, type TermScorer } from './term-scores';

export type { IndexDoc, PreparedDoc } from './doc-fields';
export type { ArticleIndexOptions, HeadMatches, SearchOptions, SearchResult } from './index-types';

/** Below this many full (AND) matches, partial (OR) matches are appended after them. */
const FALLBACK_BELOW = 5;
const DEFAULT_LIMIT = 5;
/**
 * Bytes of term score vectors kept between queries, until the index changes: a common bigram
 * (学习, 模型) is in many queries and most titles or leads, and scoring it (a pass over ~50k
 * postings at 100k articles) was most of a slow query's time. 20 bytes an entry.
 */
const TERM_CACHE_BYTES = 32 << 20;
const ENTRY_BYTES = 20;
export class ArticleIndex {
  private terms = new TermIndex({ visit: visitIndexKeys, spell: hanKey });
  private table = new DocTable();
  private readonly lookup = new DocLookup(() => this.liveIds());
  private readonly acc = new Accumulator();
  /** Score vectors by term and matching options; emptied whenever documents change (scores depend on every document). */
  private readonly termScores = new LRUCache<string, ScoreVec>({
    maxSize: TERM_CACHE_BYTES,
    sizeCalculation: (v) => Math.max(1, v.size * ENTRY_BYTES),
  });
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
    this.prominence = fieldProminence(options.leadHalfAt);
  }

  get size(): number {
    return this.table.size;
  }

  has(id: string): boolean {
    return this.lookup.byId(id) !== undefined;
  }

  /** The document number of the article stored at `seq`, if indexed. */
  docOfSeq(seq: number): number | undefined {
    return this.lookup.bySeq(seq);
  }

  /** The indexed-fields hash of the article at `seq` (see PreparedDoc.sig), if indexed. */
  sigOfSeq(seq: number): number | undefined {
    const no = this.lookup.bySeq(seq);
    return no === undefined ? undefined : this.table.sig[no];
  }

  /** Per-document columns (ids, seq, topics …), read-only for the merge with body matches. */
  get docs(): DocTable {
    return this.table;
  }

  get glossaryInUse(): Glossary {
    return this.glossary;
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
      if (this.lookup.byId(d.id) !== undefined || seen.has(d.id)) throw new Error(`ArticleIndex: duplicate id ${d.id}`);
      seen.add(d.id);
    }
    if (docs.length) this.termScores.clear();
    const keyed = docs.map((d) => {
      const no = this.table.push(d);
      this.lookup.add(d.id, d.seq, no);
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

  /**
   * Adds or updates many articles in one batch (the last version of a repeated
   * id wins). An update that leaves the indexed fields as they were (new
   * topics, say) only updates those in place. Returns how many were (re-)indexed.
   */
  replaceAll(docs: readonly IndexDoc[]): number {
    const latest = new Map(docs.map((d) => [d.id, this.prepare(d)]));
    const changed: PreparedDoc[] = [];
    for (const d of latest.values()) {
      const no = this.lookup.byId(d.id);
      if (no !== undefined && this.table.sig[no] === d.sig && this.table.seq[no] === d.seq) {
        this.table.setMeta(no, d);
        continue;
      }
      this.remove(d.id);
      changed.push(d);
    }
    this.addPrepared(changed);
    return changed.length;
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
    const no = this.lookup.byId(id);
    if (no === undefined) return;
    this.bulk = null;
    this.removedAny = true;
    this.termScores.clear();
    this.lookup.remove(id, this.table.seq[no]!, no);
    this.table.remove(no);
    this.terms.discard(no);
  }

  /** Head-only search: title, lead and tags. */
  search(query: string, opts: SearchOptions = {}): SearchResult {
    const limit = Math.max(0, opts.limit ?? DEFAULT_LIMIT);
    const offset = Math.max(0, opts.offset ?? 0);
    const m = this.matches(planQuery(query, this.glossary), opts.topic);
    if (!m) return { total: 0, hits: [] };
    const ranked = new RankedList(this.table, phrasesToCheck(m.plan), m.full, m.partial);
    return { total: ranked.total, hits: ranked.page(offset, limit).map((h) => ({ id: this.table.ids[h.doc]!, score: h.score })) };
  }

  /** A ranked list of some of a query's head matches, scored below `ceiling` (see merged.ts). */
  ranked(plan: QueryPlan, vec: ScoreVec, ceiling = Infinity): RankedList {
    return new RankedList(this.table, phrasesToCheck(plan), vec, undefined, ceiling);
  }

  /** About how many articles have exactly `term` in their title, lead or tags (an upper bound). */
  docFrequency(term: string): number {
    let n = 0;
    for (const postings of this.terms.exact(termKey(term))?.values() ?? []) n += postings.size;
    return Math.min(n, this.size);
  }

  /**
   * Queries close to `query` that do find something, best first: typo'd words
   * replaced by the nearest indexed words, Chinese runs cut down to the longest
   * parts that occur. Meant for when a search found nothing.
   */
  suggest(query: string, limit = 5): string[] {
    return suggestQueries(query, indexVocabulary(this.terms.mini, this.table.ids), limit);
  }

  /**
   * The head's matches for a planned query (null when it has nothing
   * searchable); with `strict` (the plan less some typo tolerance, see
   * query.withoutTypos) also the full matches of that, sharing the work.
   */
  matches(plan: QueryPlan, topic: string | undefined, strict?: QueryPlan | null): HeadMatches | null {
    if (!plan.units.length) return null;
    const scratch: Scratch = { acc: this.acc, capacity: this.table.capacity };
    const lookup = this.termLookup(!!strict);
    const weights = plan.units.map((u) => u.weight);
    const inTopic = (vec: ScoreVec) => (topic === undefined ? vec : filter(vec, (doc) => this.table.hasTopic(doc, topic)));
    // Units the strict plan leaves alone are the same objects: evaluated once.
    const memo = new Map<PlanNode, ScoreVec>();
    const unit = (node: PlanNode) => {
      let vec = memo.get(node);
      if (!vec) memo.set(node, (vec = evaluate(node, lookup, scratch)));
      return vec;
    };
    const full = inTopic(
      matchAll(
        plan.units.map((u) => unit(u.node)),
        weights,
      ),
    );
    let partial: ScoreVec = EMPTY;
    if (full.size < FALLBACK_BELOW) {
      const any = matchAny(
        scratch,
        plan.units.map((u) => evaluate(u.node, lookup, scratch, true)),
        weights,
      );
      partial = without(inTopic(any), full);
    }
    const exact = strict
      ? inTopic(
          matchAll(
            strict.units.map((u) => unit(u.node)),
            weights,
          ),
        )
      : full;
    return { plan, full, partial, exact };
  }

  /** Writes the index (documents and terms) for a snapshot. */
  save(w: Writer): void {
    w.f64s([this.removedAny ? 1 : 0]);
    this.table.save(w);
    this.terms.save(w);
  }

  /** Replaces this index's contents with what save() wrote. */
  load(r: Reader): void {
    const [removed] = r.f64s();
    const table = DocTable.load(r);
    const terms = new TermIndex({ visit: visitIndexKeys, spell: hanKey });
    terms.load(r);
    this.table = table;
    this.terms = terms;
    this.removedAny = removed === 1;
    this.bulk = null;
    this.termScores.clear();
    this.lookup.reset(this.liveSeqs());
  }

  private *liveIds(): Iterable<[string, number]> {
    const t = this.table;
    for (let no = 0; no < t.capacity; no++) if (t.alive[no]) yield [t.ids[no]!, no];
  }

  private *liveSeqs(): Iterable<[number, number]> {
    const t = this.table;
    for (let no = 0; no < t.capacity; no++) if (t.alive[no] && t.seq[no]! >= 0) yield [t.seq[no]!, no];
  }

  /**
   * Cached across queries until the index changes (termScores): the same
   * term often appears in several plan nodes and in many queries. With
   * `strictToo` (a strict plan follows, see matches), a typo-tolerant term also
   * leaves its scores without typo tolerance in the cache, from the same pass.
   */
  private termLookup(strictToo = false): (node: TermNode) => ScoreVec {
    const cache = this.termScores;
    const scorer: TermScorer = { terms: this.terms, table: this.table, acc: this.acc, boosts: FIELD_BOOSTS, prominence: this.prominence };
    const keyOf = (node: TermNode, fuzzy: TermNode['fuzzy']) => `${node.term}\u0000${node.prefix}\u0000${fuzzy}`;
    return (node) => {
      const key = keyOf(node, node.fuzzy);
      let scores = cache.get(key);
      if (!scores) {
        const strictKey = keyOf(node, false);
        const keep = strictToo && node.fuzzy !== false && !cache.has(strictKey) ? (v: ScoreVec) => cache.set(strictKey, v) : undefined;
        scores = scoreTerm(scorer, node, keep);
        cache.set(key, scores);
      }
      return scores;
    };
  }
}
