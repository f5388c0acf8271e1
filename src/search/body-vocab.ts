// The Latin vocabulary of the whole text, for typo and prefix matching in the
// body index: FTS5 matches tokens exactly, so `hyperbolik` must first become
// `hyperbolic` (a fuzzy lookup) and `hyperbo` the words it begins. MiniSearch's
// SearchableMap (a radix tree with Levenshtein search) holds the terms.
// The terms themselves live in the database (search_terms, written with the
// body index in the same transactions), so every process learns the terms
// another process indexed; the tree is saved in the snapshot, and loading
// it back is a copy of its nodes.
import SearchableMap from 'minisearch/SearchableMap';
import { loadTree, replaceTree, saveTree, treeOf } from './minisearch-internals';
import type { Reader, Writer } from './snapshot-codec';

/** Bounds the alternatives one query word can add to the body query. */
export const MAX_EXPANSIONS = 8;
/** Bounds the keys a short prefix makes us look at. */
const MAX_PREFIX_SCAN = 4096;

export class BodyVocab {
  private map = new SearchableMap<1>();
  /** Highest search_terms id included. */
  lastId = 0;

  get size(): number {
    return this.map.size;
  }

  has(term: string): boolean {
    return this.map.has(term);
  }

  add(id: number, term: string): void {
    this.map.set(term, 1);
    if (id > this.lastId) this.lastId = id;
  }

  /**
   * Indexed terms a query word may stand for besides itself: those within
   * `maxDistance` edits (nearest first), then those it is a prefix of
   * (shortest first), at most MAX_EXPANSIONS in all.
   */
  expansions(term: string, opts: { maxDistance: number; prefix: boolean }): string[] {
    const out: string[] = [];
    if (opts.maxDistance > 0) {
      const near = [...this.map.fuzzyGet(term, opts.maxDistance)]
        .filter(([t]) => t !== term)
        .sort((a, b) => a[1][1] - b[1][1] || a[0].length - b[0].length || (a[0] < b[0] ? -1 : 1));
      for (const [t] of near.slice(0, MAX_EXPANSIONS)) out.push(t);
    }
    if (opts.prefix && out.length < MAX_EXPANSIONS) {
      const longer: string[] = [];
      let seen = 0;
      for (const t of this.map.atPrefix(term).keys()) {
        if (t !== term && !out.includes(t)) longer.push(t);
        if (++seen >= MAX_PREFIX_SCAN) break;
      }
      longer.sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
      out.push(...longer.slice(0, MAX_EXPANSIONS - out.length));
    }
    return out;
  }

  save(w: Writer): void {
    w.f64s([this.lastId]);
    saveTree(
      w,
      treeOf(this.map),
      () => {},
      () => {},
    );
  }

  static load(r: Reader): BodyVocab {
    const v = new BodyVocab();
    v.lastId = r.f64s()[0] ?? 0;
    const one = (): 1 => 1;
    replaceTree(
      v.map,
      loadTree(r, () => one),
    );
    return v;
  }
}
