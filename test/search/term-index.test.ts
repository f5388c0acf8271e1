// The term index writes MiniSearch's internals in batches and the query
// engine scores from them directly: both must agree exactly with what
// MiniSearch itself does, or an upgrade could corrupt results silently.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import MiniSearch from 'minisearch';
import { DocTable } from '../../src/search/doc-table';
import { prepareDoc, type IndexDoc } from '../../src/search/doc-fields';
import { hanKey, indexKeys, visitIndexKeys } from '../../src/search/index-keys';
import { Accumulator, type ScoreVec } from '../../src/search/sparse';
import { termKey } from '../../src/search/term-key';
import { TermIndex } from '../../src/search/term-index';
import { scoreTerm } from '../../src/search/term-scores';
import { loadSampleArchive } from '../helpers/sample-archive';

const KEYS = { visit: visitIndexKeys, spell: hanKey };

/** MiniSearch fed the same keys through its own add(): the reference. */
function reference(): MiniSearch<{ id: number; title: string; lead: string; tags: string }> {
  return new MiniSearch({ fields: ['title', 'lead', 'tags'], tokenize: (t) => indexKeys(t), processTerm: (t) => t });
}

async function sample(): Promise<IndexDoc[]> {
  const archive = await loadSampleArchive();
  try {
    return archive.docs;
  } finally {
    archive.close();
  }
}

test('batch adds build exactly the index MiniSearch#add builds, before and after discards', async () => {
  const docs = (await sample()).map((d) => prepareDoc(d));
  const ref = reference();
  const ours = new TermIndex(KEYS);
  const half = Math.floor(docs.length / 2);
  docs.slice(0, half).forEach((d, no) => ref.add({ id: no, title: d.fields[0], lead: d.fields[1], tags: d.fields[2] }));
  ours.addBatch(docs.slice(0, half).map((d, no) => ({ no, fields: d.fields })));
  assert.deepEqual(JSON.parse(JSON.stringify(ours.mini)), JSON.parse(JSON.stringify(ref)));
  for (const no of [1, 3, 5]) {
    ref.discard(no);
    ours.discard(no);
  }
  docs.slice(half).forEach((d, i) => ref.add({ id: half + i, title: d.fields[0], lead: d.fields[1], tags: d.fields[2] }));
  ours.addBatch(docs.slice(half).map((d, i) => ({ no: half + i, fields: d.fields })));
  assert.deepEqual(JSON.parse(JSON.stringify(ours.mini)), JSON.parse(JSON.stringify(ref)));
  await ref.vacuum();
  await ours.mini.vacuum();
  assert.deepEqual(JSON.parse(JSON.stringify(ours.mini)), JSON.parse(JSON.stringify(ref)));
});

test('documents must come in numbered order', () => {
  const ours = new TermIndex(KEYS);
  assert.throws(() => ours.addBatch([{ no: 3, fields: ['', '', ''] }]));
});

test('term scores equal MiniSearch search() scores, for exact, prefix and typo matches', async () => {
  const prepared = (await sample()).map((d) => prepareDoc(d));
  const ref = reference();
  const terms = new TermIndex(KEYS);
  const table = new DocTable();
  prepared.forEach((d, no) => {
    ref.add({ id: no, title: d.fields[0], lead: d.fields[1], tags: d.fields[2] });
    table.push(d);
  });
  terms.addBatch(prepared.map((d, no) => ({ no, fields: d.fields }))).forEach((lengths, no) => table.setFieldLengths(no, lengths));
  const scorer = { terms, table, acc: new Accumulator(), boosts: [3, 1, 1], prominence: { start: [1, 0.8, 0.15], halfAt: [0, 60, 0] } };
  const cases = [
    { term: '卷积', prefix: false, fuzzy: false as const },
    { term: '模', prefix: true, fuzzy: false as const },
    { term: 'softmax', prefix: true, fuzzy: 0.2 },
    { term: 'tensorflwo', prefix: true, fuzzy: 0.2 },
    { term: 'segm', prefix: true, fuzzy: 0.2 },
  ];
  for (const c of cases) {
    const vec = scoreTerm(scorer, { op: 'term', ...c });
    const expected = new Map(
      ref
        .search(termKey(c.term), { prefix: c.prefix, fuzzy: c.fuzzy, boost: { title: 3, lead: 1, tags: 1 }, tokenize: (t) => [t] })
        .map((r) => [r.id as number, r.score]),
    );
    assert.ok(expected.size > 0, c.term);
    assert.equal(vec.size, expected.size, c.term);
    for (let i = 0; i < vec.size; i++) {
      const want = expected.get(vec.docs[i]!);
      assert.ok(
        want !== undefined && Math.abs(vec.scores[i]! - want) <= 1e-9 * want,
        `${c.term}: doc ${vec.docs[i]} ${vec.scores[i]} vs ${want}`,
      );
    }
    for (let i = 1; i < vec.size; i++) assert.ok(vec.docs[i]! > vec.docs[i - 1]!, 'sorted by document number');
  }
});

/** The sample articles in a term index with their table, and a scorer over both. */
async function sampleScorer() {
  const prepared = (await sample()).map((d) => prepareDoc(d));
  const terms = new TermIndex(KEYS);
  const table = new DocTable();
  prepared.forEach((d) => table.push(d));
  terms.addBatch(prepared.map((d, no) => ({ no, fields: d.fields }))).forEach((lengths, no) => table.setFieldLengths(no, lengths));
  const scorer = { terms, table, acc: new Accumulator(), boosts: [3, 1, 1], prominence: { start: [1, 0.8, 0.15], halfAt: [0, 60, 0] } };
  return { terms, scorer };
}

const vector = (v: ScoreVec) => ({
  docs: [...v.docs.subarray(0, v.size)],
  scores: [...v.scores.subarray(0, v.size)],
  prominence: [...v.prominence.subarray(0, v.size)],
});

test('an exact term scores and places its matches exactly as the general path does', async () => {
  // Exact terms (Chinese bigrams) are merged field by field; the general path accumulates. A
  // bigram has no longer keys, so as a prefix it goes the general way with the same postings.
  const { terms, scorer } = await sampleScorer();
  let inSeveralFields = 0;
  for (const term of ['卷积', '模型', '池化', '学习', '擦除', '网络']) {
    const exact = scoreTerm(scorer, { op: 'term', term, prefix: false, fuzzy: false });
    const general = scoreTerm(scorer, { op: 'term', term, prefix: true, fuzzy: false });
    assert.ok(exact.size > 0, term);
    assert.deepEqual(vector(exact), vector(general), term);
    if ((terms.exact(termKey(term))?.size ?? 0) > 1) inSeveralFields++;
  }
  assert.ok(inSeveralFields > 0, 'some terms occur in more than one field');
});

test('a typo-tolerant term hands over its scores without typos, equal to scoring it without typo tolerance', async () => {
  const { scorer } = await sampleScorer();
  let nearMissesAdded = 0;
  for (const term of ['softmax', 'tensorflow', 'learning', 'network', 'model', 'image', 'layer', 'python', 'feature', 'training']) {
    let handed: ScoreVec | undefined;
    const tolerant = scoreTerm(scorer, { op: 'term', term, prefix: true, fuzzy: 0.2 }, (v) => (handed = v));
    const strict = scoreTerm(scorer, { op: 'term', term, prefix: true, fuzzy: false });
    const alone = scoreTerm(scorer, { op: 'term', term, prefix: true, fuzzy: 0.2 });
    assert.ok(handed, term);
    assert.deepEqual(vector(handed), vector(strict), term);
    assert.deepEqual(vector(tolerant), vector(alone), term);
    if (tolerant.size > strict.size) nearMissesAdded++;
  }
  assert.ok(nearMissesAdded > 0, 'some terms have near misses the strict scores leave out');
});
