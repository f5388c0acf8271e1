// The one place that knows how MiniSearch 7 lays out its index inside: the
// fields its own toJSON()/loadJS() read and write, and the radix tree of its
// SearchableMap (a Map per node, edge label → child, '' → the value). The
// term index writes postings straight into them (term-index.ts) and the
// snapshot saves and restores the tree node by node (much faster than
// SearchableMap#set per key). `checkLayout` fails loudly when an upgrade
// changes any of it, and test/search/minisearch-internals.test.ts fails with
// it: update this file, nothing else. package.json pins the exact version.
import type MiniSearch from 'minisearch';
import type SearchableMap from 'minisearch/SearchableMap';
import { CorruptSnapshot, type Reader, type Writer } from './snapshot-codec';

/** SearchableMap's leaf key: a node's value is stored under the empty label. */
export const LEAF = '';

/** A radix tree node: edge label → child node, or LEAF → value. */
export type TreeNode<T> = Map<string, TreeNode<T> | T>;

export interface Internals<T> {
  _index: SearchableMap<T>;
  _documentCount: number;
  _documentIds: Map<number, unknown>;
  _idToShortId: Map<unknown, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _nextId: number;
  _dirtCount: number;
}

interface MapInternals<T> {
  _tree: TreeNode<T>;
  _prefix: string;
  _size: number | undefined;
}

const fail = (what: string): never => {
  throw new Error(`MiniSearch lays out its index differently (${what}); update src/search/minisearch-internals.ts`);
};

/** The tree of a SearchableMap (checked). */
export function treeOf<T>(map: SearchableMap<T>): TreeNode<T> {
  const m = map as unknown as Partial<MapInternals<T>>;
  if (!(m._tree instanceof Map) || m._prefix !== '' || !('_size' in m)) fail('SearchableMap._tree');
  return m._tree!;
}

/** Puts `tree` in place of the map's contents. */
export function replaceTree<T>(map: SearchableMap<T>, tree: TreeNode<T>): void {
  const m = map as unknown as MapInternals<T>;
  treeOf(map);
  m._tree = tree;
  m._size = undefined;
}

/** MiniSearch's private fields (checked): what its serialisation reads and writes. */
export function internalsOf<T>(mini: MiniSearch<never> | MiniSearch<{ id: number }>): Internals<T> {
  const m = mini as unknown as Partial<Internals<T>>;
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
    typeof m._nextId === 'number' &&
    typeof m._dirtCount === 'number';
  if (!ok) fail('MiniSearch private fields');
  treeOf(m._index!);
  return m as Internals<T>;
}

/**
 * Writes a tree depth-first: each node's child count and each edge's label;
 * each value is handed to `saveValue` in that order, and `writeValues` then
 * writes whatever those collected.
 */
export function saveTree<T>(w: Writer, tree: TreeNode<T>, saveValue: (value: T) => void, writeValues: () => void): void {
  const counts: number[] = [];
  const labels: string[] = [];
  const walk = (node: TreeNode<T>) => {
    counts.push(node.size);
    for (const [label, child] of node) {
      labels.push(label);
      if (label === LEAF) saveValue(child as T);
      else walk(child as TreeNode<T>);
    }
  };
  walk(tree);
  w.u32s(counts);
  w.strings(labels);
  writeValues();
}

/**
 * Reads what saveTree wrote. `readValues` reads what `writeValues` wrote and
 * returns the values by their order of saving.
 */
export function loadTree<T>(r: Reader, readValues: (r: Reader) => (index: number) => T): TreeNode<T> {
  const counts = r.u32s();
  const labels = r.strings();
  const values = readValues(r);
  let nodeAt = 0;
  let labelAt = 0;
  let valueAt = 0;
  const read = (depth: number): TreeNode<T> => {
    if (nodeAt >= counts.length || depth > 4096) throw new CorruptSnapshot('tree structure');
    const node: TreeNode<T> = new Map();
    for (let n = counts[nodeAt++]!; n > 0; n--) {
      if (labelAt >= labels.length) throw new CorruptSnapshot('tree labels');
      const label = labels[labelAt++]!;
      node.set(label, label === LEAF ? values(valueAt++) : read(depth + 1));
    }
    return node;
  };
  const tree = read(0);
  if (nodeAt !== counts.length || labelAt !== labels.length) throw new CorruptSnapshot('tree size');
  return tree;
}
