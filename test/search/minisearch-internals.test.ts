// What the search relies on inside MiniSearch (issue #14): its private fields
// (term-index.ts writes postings into them) and its radix tree layout (the
// snapshot saves and restores it node by node). Any MiniSearch change to
// either fails here, before it can corrupt an index silently; the version is
// pinned exactly in package.json, so such a change only comes with a
// deliberate upgrade.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import { internalsOf, LEAF, loadTree, replaceTree, saveTree, treeOf, type TreeNode } from '../../src/search/minisearch-internals';
import { Reader, Writer } from '../../src/search/snapshot-codec';

const ROOT = join(import.meta.dirname, '../..');

test('minisearch is pinned to the exact version installed', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const installed = JSON.parse(readFileSync(join(ROOT, 'node_modules/minisearch/package.json'), 'utf8')) as { version: string };
  assert.equal(pkg.dependencies.minisearch, installed.version);
});

test('MiniSearch keeps the private fields the term index writes', () => {
  const mini = new MiniSearch<{ id: number }>({ fields: ['a'] });
  const x = internalsOf(mini);
  assert.equal(x._documentCount, 0);
  assert.equal(x._nextId, 0);
  assert.equal(x._dirtCount, 0);
  mini.add({ id: 7, a: 'hello' } as { id: number });
  assert.equal(x._documentCount, 1);
  assert.equal(x._nextId, 1);
  assert.equal(x._documentIds.get(0), 7);
  assert.equal(x._idToShortId.get(7), 0);
  assert.deepEqual(x._fieldLength.get(0), [1]);
  assert.deepEqual(x._avgFieldLength, [1]);
  // Postings: term → field id → (short id → term frequency), each a Map.
  const postings = x._index.get('hello') as Map<number, Map<number, number>>;
  assert.equal(postings.get(0)!.get(0), 1);
  mini.discard(7);
  assert.equal(x._dirtCount, 1);
  assert.equal(x._documentIds.has(0), false);
});

test('SearchableMap keeps its radix tree as Maps, edge label to child, the empty label to the value', () => {
  const map = new SearchableMap<number>();
  map.set('abc', 1);
  map.set('abd', 2);
  map.set('ab', 3);
  const tree = treeOf(map);
  const ab = tree.get('ab') as TreeNode<number>;
  assert.ok(ab instanceof Map);
  assert.equal(ab.get(LEAF), 3);
  assert.equal((ab.get('c') as TreeNode<number>).get(LEAF), 1);
  assert.equal((ab.get('d') as TreeNode<number>).get(LEAF), 2);
});

test('a tree saved and put back answers every lookup as the original does', () => {
  const words = [
    'convolution',
    'conv',
    'convex',
    'converge',
    'pooling',
    'pool',
    'transformer',
    'transform',
    '#04e0d',
    '#04e0d05377',
    'a',
    'ab',
  ];
  const original = new SearchableMap<number>();
  words.forEach((w, i) => original.set(w, i));
  const w = new Writer();
  const values: number[] = [];
  saveTree(
    w,
    treeOf(original),
    (v) => values.push(v),
    () => w.f64s(values),
  );
  const copy = new SearchableMap<number>();
  replaceTree(
    copy,
    loadTree(new Reader(w.finish()), (r) => {
      const read = r.f64s();
      return (i) => read[i]!;
    }),
  );
  assert.equal(copy.size, original.size);
  assert.deepEqual([...copy.entries()].sort(), [...original.entries()].sort());
  for (const q of ['conv', 'con', 'transf', '#04e0d', 'a'])
    assert.deepEqual([...copy.atPrefix(q).entries()].sort(), [...original.atPrefix(q).entries()].sort(), q);
  for (const q of ['convolutoin', 'pol', 'transformr']) assert.deepEqual(copy.fuzzyGet(q, 2), original.fuzzyGet(q, 2), q);
  copy.set('convolutional', 99);
  assert.equal(copy.get('convolutional'), 99);
  assert.equal(copy.get('convolution'), 0);
});
