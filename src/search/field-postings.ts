// A term's postings per field (field id → PostingList), as MiniSearch keeps
// them in its radix tree. Terms indexed in this process get a Map; terms
// loaded from a snapshot get a LoadedFieldPostings, which only records where
// its lists sit in the loaded data and makes them on first use. A start then
// allocates one small object per term instead of a Map and a PostingList
// per field (at 100k articles, ~110k terms: most of the loading's garbage
// collection), and the terms no query reaches never cost more.
import { PostingList } from './postings';

/** What MiniSearch and the query engine use of a term's field → postings map. */
export interface FieldPostings extends Iterable<[number, PostingList]> {
  readonly size: number;
  get(field: number): PostingList | undefined;
  has(field: number): boolean;
  set(field: number, postings: PostingList): this;
  delete(field: number): boolean;
  keys(): IterableIterator<number>;
  values(): IterableIterator<PostingList>;
  entries(): IterableIterator<[number, PostingList]>;
  forEach(fn: (postings: PostingList, field: number, map: Map<number, PostingList>) => void): void;
}

export class LoadedFieldPostings implements FieldPostings {
  private map: Map<number, PostingList> | null = null;

  /**
   * `shape[at]` is the number of fields, then a (field, length) pair each;
   * the lists follow one another in `all` from `from` (checked by the loader).
   */
  constructor(
    private readonly shape: Uint32Array,
    private readonly at: number,
    private readonly all: Float64Array,
    private readonly from: number,
  ) {}

  private open(): Map<number, PostingList> {
    if (this.map) return this.map;
    const map = new Map<number, PostingList>();
    const { shape, all } = this;
    let s = this.at;
    let p = this.from;
    for (let fields = shape[s++]!; fields > 0; fields--) {
      const field = shape[s++]!;
      const n = shape[s++]!;
      // save() wrote live entries only.
      map.set(field, PostingList.loaded(all, p, n));
      p += n;
    }
    return (this.map = map);
  }

  get size(): number {
    return this.map ? this.map.size : this.shape[this.at]!;
  }

  get(field: number): PostingList | undefined {
    return this.open().get(field);
  }

  has(field: number): boolean {
    return this.open().has(field);
  }

  set(field: number, postings: PostingList): this {
    this.open().set(field, postings);
    return this;
  }

  delete(field: number): boolean {
    return this.open().delete(field);
  }

  keys(): IterableIterator<number> {
    return this.open().keys();
  }

  values(): IterableIterator<PostingList> {
    return this.open().values();
  }

  entries(): IterableIterator<[number, PostingList]> {
    return this.open().entries();
  }

  forEach(fn: (postings: PostingList, field: number, map: Map<number, PostingList>) => void): void {
    this.open().forEach(fn);
  }

  [Symbol.iterator](): IterableIterator<[number, PostingList]> {
    return this.open().entries();
  }
}
