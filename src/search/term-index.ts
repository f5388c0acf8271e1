// The MiniSearch index the search runs on, and the one place that reaches
// into MiniSearch 7's internals. MiniSearch stays the index of record: its
// radix tree holds the terms (prefix and typo lookups are its own), its maps
// hold the postings, and its own search(), discard() and vacuuming keep
// working on them. What it cannot do fast or small enough at 100k articles
// is done here instead:
// - adding documents walks the radix tree once per token; addBatch() walks
//   it once per distinct key per batch (10–20× faster), producing exactly
//   the index MiniSearch#add would (a test compares toJSON() output);
// - search() scores, wraps and sorts every matching document; the query
//   engine reads the postings directly and keeps only the top of the list;
// - a Map per term and field costs ~48 bytes a posting; postings are kept in
//   PostingLists instead (Map-shaped, ~10 bytes a posting, see postings.ts),
//   which MiniSearch's own search, discard and vacuum use unawares.
// The fields read are the ones MiniSearch's own toJSON()/loadJS() use. If a
// MiniSearch upgrade changes them, the constructor fails loudly and the
// term-index tests fail: update this file, nothing else.
import MiniSearch, { type SearchOptions } from 'minisearch';
import type SearchableMap from 'minisearch/SearchableMap';
import type { KeyVisitor } from './index-keys';
import { PostingList } from './postings';

/** Field id → postings: MiniSearch's value for each term (its Map-shaped postings are PostingLists). */
export type FieldPostings = Map<number, PostingList>;

/** A document as the term index takes it: its number and each field's text, in field order (title, lead). */
export interface KeyedDoc {
  no: number;
  fields: readonly string[];
}

/**
 * The tokenizer: calls the visitor with each key of `text` and where it
 * starts, in order, as often as it occurs — some keys as small integer
 * codes, which `spell` turns into the key string.
 */
export interface KeySource {
  visit(text: string, visitor: KeyVisitor): void;
  spell(code: number): string;
}

export const FIELDS = ['title', 'lead'] as const;

/**
 * Per field, key (or key code) → its postings: one radix-tree walk per
 * distinct key. Lives for one batch, or across the batches of a bulk build,
 * but never across a discard (vacuuming may drop a term from the tree).
 */
export interface BatchCache {
  byCode: Map<number, PostingList>[];
  byKey: Map<string, PostingList>[];
}

export const newBatchCache = (): BatchCache => ({ byCode: FIELDS.map(() => new Map<number, PostingList>()), byKey: FIELDS.map(() => new Map<string, PostingList>()) });

interface Internals {
  _index: SearchableMap<FieldPostings>;
  _documentCount: number;
  _documentIds: Map<number, unknown>;
  _idToShortId: Map<unknown, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _nextId: number;
}

function internalsOf(mini: object): Internals {
  // MiniSearch declares these private; they are what its serialisation reads and writes.
  const m = mini as unknown as Partial<Internals>;
  const ok =
    m._index !== undefined &&
    typeof m._index.fetch === 'function' &&
    typeof m._index.atPrefix === 'function' &&
    typeof m._index.fuzzyGet === 'function' &&
    typeof m._documentCount === 'number' &&
    m._documentIds instanceof Map &&
    m._idToShortId instanceof Map &&
    m._fieldLength instanceof Map &&
    Array.isArray(m._avgFieldLength) &&
    typeof m._nextId === 'number';
  if (!ok) throw new Error('TermIndex: this MiniSearch version lays out its index differently; update src/search/term-index.ts');
  return m as Internals;
}

const newFieldPostings = (): FieldPostings => new Map();
const asIs = (text: string): string[] => [text];
const identity = (term: string): string => term;

export class TermIndex {
  /** For MiniSearch's own search (suggestions) and for tests; documents only go in through addBatch. */
  readonly mini: MiniSearch<{ id: number }>;
  private readonly x: Internals;

  constructor(
    private readonly keys: KeySource,
    searchOptions: SearchOptions = {},
  ) {
    this.mini = new MiniSearch<{ id: number }>({
      fields: [...FIELDS],
      idField: 'id',
      tokenize: () => {
        throw new Error('TermIndex: add documents with addBatch()');
      },
      processTerm: identity,
      searchOptions: { tokenize: asIs, processTerm: identity, ...searchOptions },
    });
    this.x = internalsOf(this.mini);
  }

  /** Documents currently indexed (discarded ones excluded). */
  get documentCount(): number {
    return this.x._documentCount;
  }

  /** The number the next document must have. */
  get nextNo(): number {
    return this.x._nextId;
  }

  averageFieldLength(field: number): number {
    return this.x._avgFieldLength[field] ?? 0;
  }

  /**
   * Adds documents, numbered consecutively from `nextNo`, and returns each
   * one's field lengths (distinct keys per field). Does what MiniSearch#add
   * does for each (same ids, field lengths, running average lengths,
   * postings in the same order), but looks each distinct key up in the radix
   * tree once per batch, and counts repeats in place rather than per document
   * in a map of its own.
   */
  addBatch(docs: readonly KeyedDoc[], cache: BatchCache = newBatchCache()): number[][] {
    const x = this.x;
    const spell = (code: number) => this.keys.spell(code);
    const { byCode, byKey } = cache;
    const postingsOf = (field: number, key: string): PostingList => {
      const data = x._index.fetch(key, newFieldPostings);
      let postings = data.get(field);
      if (postings === undefined) {
        postings = new PostingList();
        data.set(field, postings);
      }
      return postings;
    };
    let short = 0;
    let distinct = 0;
    let codes = byCode[0]!;
    let keys = byKey[0]!;
    let field = 0;
    const visitor: KeyVisitor = {
      han(code, offset) {
        let postings = codes.get(code);
        if (postings === undefined) {
          postings = postingsOf(field, spell(code));
          codes.set(code, postings);
        }
        if (postings.occur(short, offset)) distinct++;
      },
      word(key, offset) {
        let postings = keys.get(key);
        if (postings === undefined) {
          postings = postingsOf(field, key);
          keys.set(key, postings);
        }
        if (postings.occur(short, offset)) distinct++;
      },
    };
    const out: number[][] = [];
    for (const doc of docs) {
      if (doc.no !== x._nextId || x._idToShortId.has(doc.no)) {
        throw new Error(`TermIndex: document ${doc.no} is out of sequence (next is ${x._nextId})`);
      }
      short = x._nextId;
      x._idToShortId.set(doc.no, short);
      x._documentIds.set(short, doc.no);
      x._documentCount += 1;
      x._nextId += 1;
      const lengths: number[] = [];
      for (field = 0; field < FIELDS.length; field++) {
        distinct = 0;
        codes = byCode[field]!;
        keys = byKey[field]!;
        this.keys.visit(doc.fields[field] ?? '', visitor);
        const count = x._documentCount - 1;
        lengths[field] = distinct;
        x._avgFieldLength[field] = ((x._avgFieldLength[field] || 0) * count + distinct) / (count + 1);
      }
      x._fieldLength.set(short, lengths);
      out.push(lengths);
    }
    return out;
  }

  /** Takes a document out of results at once; its postings are vacuumed later. */
  discard(no: number): void {
    this.mini.discard(no);
  }

  /** Postings of exactly `key`. */
  exact(key: string): FieldPostings | undefined {
    return this.x._index.get(key);
  }

  /** Every indexed key starting with `key` (itself included), with its postings. */
  withPrefix(key: string): Iterable<[string, FieldPostings]> {
    return this.x._index.atPrefix(key).entries();
  }

  /** Indexed keys within `maxDistance` edits of `key`, with postings and distance. */
  near(key: string, maxDistance: number): Map<string, [FieldPostings, number]> {
    return this.x._index.fuzzyGet(key, maxDistance);
  }
}
