// One term's postings in one field — document number → term frequency — in
// the shape MiniSearch keeps them (it only calls the Map methods below), but
// packed into a single array of numbers, ascending by document. A
// JavaScript Map spends ~48 bytes an entry on 64-bit Node (no pointer
// compression); this spends ~10, which keeps 100k articles (13M postings)
// within a few hundred megabytes. Each entry also keeps where in the field
// the term first occurs (MiniSearch never sees it): an article about a term
// names it early. Documents arrive in ascending order, so adding is an
// append; deletes leave a tombstone (tf 0), so deleting while iterating —
// which MiniSearch's vacuum does — is safe. A list loaded from a snapshot
// is a view into the loaded data (no copy of millions of numbers at start)
// until it is first changed.

/** Entry = doc × DOC_UNIT + position × POS_UNIT + tf. */
export const DOC_UNIT = 2 ** 24;
export const POS_UNIT = 2 ** 12;
/** Counts and positions are capped here (BM25 saturates long before; leads are short). */
const MAX_TF = POS_UNIT - 1;
export const MAX_POS = DOC_UNIT / POS_UNIT - 1;

const docOf = (v: number) => Math.floor(v / DOC_UNIT);
const tfOf = (v: number) => v % POS_UNIT;

export class PostingList implements Iterable<[number, number]> {
  private entries_: number[] | Float64Array = [];
  /** Loaded and not yet looked at: the entries are `length` values of `source` from `start`. */
  private source: Float64Array | null = null;
  private start = 0;
  private live = 0;

  /** Entries, ascending by document; tf 0 marks a deleted one. */
  get packed(): number[] | Float64Array {
    if (this.source) {
      // A typed-array view costs an allocation: made only for lists a query or change reaches.
      this.entries_ = this.source.subarray(this.start, this.start + this.live);
      this.source = null;
    }
    return this.entries_;
  }

  set packed(entries: number[] | Float64Array) {
    this.source = null;
    this.entries_ = entries;
  }

  get size(): number {
    return this.live;
  }

  /** A list over already packed entries (ascending by document); counts its tombstones. */
  static fromPacked(packed: number[] | Float64Array): PostingList {
    const list = new PostingList();
    list.packed = packed;
    for (let i = 0; i < packed.length; i++) if (tfOf(packed[i]!) !== 0) list.live++;
    return list;
  }

  /** A list over `length` live entries (no tombstones) of `source` from `start`: a snapshot's. */
  static loaded(source: Float64Array, start: number, length: number): PostingList {
    const list = new PostingList();
    list.source = source;
    list.start = start;
    list.live = length;
    return list;
  }

  /** The live entries, packed (tombstones left out). */
  livePacked(): number[] | Float64Array {
    return this.live === this.packed.length ? this.packed : this.packed.filter((p) => tfOf(p) !== 0);
  }

  /** The entries as an array of its own, ready to change. */
  private mutable(): number[] {
    const packed = this.packed;
    if (packed instanceof Float64Array) return (this.packed = Array.from(packed)) as number[];
    return packed;
  }

  /** Index of `doc` in `packed`, or -1. */
  private find(doc: number): number {
    const packed = this.packed;
    let lo = 0;
    let hi = packed.length - 1;
    // Most lookups are for the newest document.
    if (hi >= 0 && docOf(packed[hi]!) === doc) return hi;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const d = docOf(packed[mid]!);
      if (d < doc) lo = mid + 1;
      else if (d > doc) hi = mid - 1;
      else return mid;
    }
    return -1;
  }

  get(doc: number): number | undefined {
    const i = this.find(doc);
    if (i < 0) return undefined;
    const tf = tfOf(this.packed[i]!);
    return tf === 0 ? undefined : tf;
  }

  has(doc: number): boolean {
    return this.get(doc) !== undefined;
  }

  /** Sets a count (MiniSearch uses this when it decrements one); a known entry keeps its position. */
  set(doc: number, tf: number): this {
    const count = Math.min(Math.max(1, tf), MAX_TF);
    const i = this.find(doc);
    if (i >= 0) {
      const packed = this.mutable();
      if (tfOf(packed[i]!) === 0) this.live++;
      packed[i] = packed[i]! - tfOf(packed[i]!) + count;
      return this;
    }
    this.insert(doc * DOC_UNIT + count);
    return this;
  }

  /**
   * Counts one more occurrence in `doc` at `position` (only the first is
   * kept). Keys arrive document by document in ascending order, so this is
   * an append or a bump of the last entry. Returns true when `doc` is new.
   */
  occur(doc: number, position: number): boolean {
    const packed = this.packed;
    const last = packed.length - 1;
    if (last >= 0 && docOf(packed[last]!) === doc) {
      if (tfOf(packed[last]!) < MAX_TF) this.mutable()[last]! += 1;
      return false;
    }
    this.insert(doc * DOC_UNIT + Math.min(position, MAX_POS) * POS_UNIT + 1);
    return true;
  }

  private insert(value: number): void {
    const packed = this.mutable();
    const doc = docOf(value);
    this.live++;
    if (!packed.length || docOf(packed[packed.length - 1]!) < doc) {
      this.compact();
      (this.packed as number[]).push(value);
      return;
    }
    // Out of order (never in this bot: documents only get higher numbers); keep the order anyway.
    let at = 0;
    while (at < packed.length && docOf(packed[at]!) < doc) at++;
    packed.splice(at, 0, value);
  }

  delete(doc: number): boolean {
    const i = this.find(doc);
    if (i < 0 || tfOf(this.packed[i]!) === 0) return false;
    const packed = this.mutable();
    packed[i] = packed[i]! - tfOf(packed[i]!);
    this.live--;
    return true;
  }

  /** Drops tombstones once they outnumber live entries; only when appending, never while MiniSearch iterates. */
  private compact(): void {
    const dead = this.packed.length - (this.live - 1);
    if (dead < 8 || dead < this.live) return;
    this.packed = this.mutable().filter((p) => tfOf(p) !== 0);
  }

  *entries(): IterableIterator<[number, number]> {
    const packed = this.packed;
    for (let i = 0; i < packed.length; i++) {
      const tf = tfOf(packed[i]!);
      if (tf !== 0) yield [docOf(packed[i]!), tf];
    }
  }

  *keys(): IterableIterator<number> {
    for (const [doc] of this.entries()) yield doc;
  }

  [Symbol.iterator](): IterableIterator<[number, number]> {
    return this.entries();
  }
}
