// The MiniSearch index the search runs on. MiniSearch stays the index of
// record: its radix tree holds the terms (prefix and typo lookups are its
// own), its maps hold the postings, and its own search(), discard() and
// vacuuming keep working on them. What it cannot do fast or small enough at
// 100k articles is done here instead, on its internals (minisearch-internals.ts
// says which, and checks them):
// - adding documents walks the radix tree once per token; addBatch() walks
//   it once per distinct key per batch (10–20× faster), producing exactly
//   the index MiniSearch#add would (a test compares toJSON() output);
// - search() scores, wraps and sorts every matching document; the query
//   engine reads the postings directly and keeps only the top of the list;
// - a Map per term and field costs ~48 bytes a posting; postings are kept in
//   PostingLists instead (Map-shaped, ~10 bytes a posting, see postings.ts),
//   which MiniSearch's own search, discard and vacuum use unawares;
// - toJSON()/loadJSON() go through JSON and re-insert every key; save() and
//   load() copy the tree and postings as typed arrays (snapshot.ts).
import MiniSearch, { type SearchOptions } from 'minisearch';
import type { KeyVisitor } from './index-keys';
import { deferDocMaps } from './deferred-doc-maps';
import { internalsOf, loadTree, replaceTree, saveTree, treeOf, type Internals } from './minisearch-internals';
import { LoadedFieldPostings, type FieldPostings } from './field-postings';
import { PostingList } from './postings';
import { CorruptSnapshot, type Reader, type Writer } from './snapshot-codec';

export type { FieldPostings } from './field-postings';

/** A document as the term index takes it: its number and each field's text, in field order (title, lead, tags). */
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

export const FIELDS = ['title', 'lead', 'tags'] as const;

/**
 * Per field, key (or key code) → its postings: one radix-tree walk per
 * distinct key. Lives for one batch, or across the batches of a bulk build,
 * but never across a discard (vacuuming may drop a term from the tree).
 */
export interface BatchCache {
  byCode: Map<number, PostingList>[];
  byKey: Map<string, PostingList>[];
}

export const newBatchCache = (): BatchCache => ({
  byCode: FIELDS.map(() => new Map<number, PostingList>()),
  byKey: FIELDS.map(() => new Map<string, PostingList>()),
});

/** Field id → postings: MiniSearch's value for each term (its Map-shaped postings are PostingLists). */
const newFieldPostings = (): FieldPostings => new Map<number, PostingList>();
const asIs = (text: string): string[] => [text];
const identity = (term: string): string => term;

export class TermIndex {
  /** For MiniSearch's own search (suggestions) and for tests; documents only go in through addBatch. */
  readonly mini: MiniSearch<{ id: number }>;
  private readonly x: Internals<FieldPostings>;

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
    this.x = internalsOf<FieldPostings>(this.mini);
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

  /** Writes MiniSearch's state: counters, live documents and their field lengths, the tree and its postings. */
  save(w: Writer): void {
    const x = this.x;
    w.f64s([x._documentCount, x._nextId, x._dirtCount]);
    w.f64s(x._avgFieldLength);
    const docs = [...x._documentIds.keys()];
    w.u32s(docs);
    w.f64s(docs.flatMap((d) => x._fieldLength.get(d) ?? FIELDS.map(() => 0)));
    const shape: number[] = [];
    const lists: (number[] | Float64Array)[] = [];
    saveTree(
      w,
      treeOf(x._index),
      (data) => {
        shape.push(data.size);
        for (const [field, postings] of data) {
          const live = postings.livePacked();
          shape.push(field, live.length);
          lists.push(live);
        }
      },
      () => {
        w.u32s(shape);
        const total = lists.reduce((n, l) => n + l.length, 0);
        const all = new Float64Array(total);
        let at = 0;
        for (const l of lists) {
          for (let i = 0; i < l.length; i++) all[at + i] = l[i]!;
          at += l.length;
        }
        w.f64s(all);
      },
    );
  }

  /** Restores what save() wrote into this (empty) index. */
  load(r: Reader): void {
    const x = this.x;
    const [count, nextId, dirt] = r.f64s();
    const avg = r.f64s();
    const docs = r.u32s();
    const lengths = r.f64s();
    if (count === undefined || nextId === undefined || dirt === undefined || lengths.length !== docs.length * FIELDS.length) {
      throw new CorruptSnapshot('term index header');
    }
    x._documentCount = count;
    x._nextId = nextId;
    x._dirtCount = dirt;
    x._avgFieldLength = [...avg];
    deferDocMaps(x, docs, lengths, FIELDS.length);
    const tree = loadTree<FieldPostings>(r, (reader) => {
      const shape = reader.u32s();
      const all = reader.f64s();
      let s = 0;
      let p = 0;
      return () => {
        // Checked now, made on first use (field-postings.ts).
        const data = new LoadedFieldPostings(shape, s, all, p);
        for (let fields = shape[s++]!; fields > 0; fields--) {
          s++;
          const n = shape[s++]!;
          if (n === undefined || p + n > all.length) throw new CorruptSnapshot('postings');
          p += n;
        }
        return data;
      };
    });
    replaceTree(x._index, tree);
  }
}
