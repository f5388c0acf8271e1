// The head index saved and loaded back is the same index: the same MiniSearch
// state (toJSON), the same answers, and it keeps working (adds, removes)
// afterwards. A damaged or truncated file is refused, never half-loaded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArticleIndex } from '../../src/search/index';
import { readSnapshot, SNAPSHOT_FORMAT, SnapshotError, writeSnapshotSync } from '../../src/search/snapshot';
import { CorruptSnapshot, Reader, Writer } from '../../src/search/snapshot-codec';
import { loadSampleArchive } from '../helpers/sample-archive';

const QUERIES = ['卷积', '随机擦除', 'tensorflwo', 'segm', 'optimizer', 'face recognition', '模型', 'python', '注意力机制'];

function roundTrip(index: ArticleIndex): ArticleIndex {
  const w = new Writer();
  index.save(w);
  const copy = new ArticleIndex();
  const r = new Reader(w.finish());
  copy.load(r);
  assert.ok(r.done);
  return copy;
}

const answers = (index: ArticleIndex) => QUERIES.map((q) => index.search(q, { limit: 50 }));
const state = (index: ArticleIndex) => JSON.parse(JSON.stringify((index as unknown as { terms: { mini: unknown } }).terms.mini));

test('a saved and loaded head index is the same index, before and after removals', async () => {
  const archive = await loadSampleArchive();
  try {
    const index = new ArticleIndex();
    index.addAll(archive.docs);
    const copy = roundTrip(index);
    assert.deepEqual(state(copy), state(index));
    assert.deepEqual(answers(copy), answers(index));
    assert.equal(copy.size, index.size);
    for (const d of archive.docs.slice(0, 5)) {
      index.remove(d.id);
      copy.remove(d.id);
    }
    const again = roundTrip(copy);
    assert.deepEqual(answers(again), answers(index));
    const extra = { id: 'new', seq: 9999, title: '新加的文章 Quokka', summary: '袋鼠', topics: [], publishedAt: null, firstSeenAt: 1 };
    index.add(extra);
    again.add(extra);
    assert.deepEqual(answers(again), answers(index));
    assert.equal(again.search('quokka').hits[0]?.id, 'new');
    assert.equal(again.docOfSeq(9999) !== undefined, true);
  } finally {
    archive.close();
  }
});

test('a loaded head index answers, then takes removals, additions and another save as the original does', async () => {
  // MiniSearch's per-document maps are filled from the snapshot only when first needed: the
  // first use here is a removal after queries, not a comparison of the whole state.
  const archive = await loadSampleArchive();
  try {
    const index = new ArticleIndex();
    index.addAll(archive.docs);
    const copy = roundTrip(index);
    assert.deepEqual(answers(copy), answers(index));
    const extra = { id: 'new', seq: 9999, title: '新加的文章 Quokka', summary: '袋鼠', topics: [], publishedAt: null, firstSeenAt: 1 };
    for (const target of [index, copy]) {
      target.remove(archive.docs[3]!.id);
      target.add(extra);
    }
    assert.deepEqual(state(copy), state(index));
    assert.deepEqual(answers(copy), answers(index));
    const again = roundTrip(copy);
    assert.deepEqual(state(again), state(index));
    assert.equal(again.search('quokka').hits[0]?.id, 'new');
    assert.equal(again.has(archive.docs[3]!.id), false);
  } finally {
    archive.close();
  }
});

test('the reader refuses data cut short or out of shape', () => {
  const w = new Writer();
  w.strings(['a', 'bc']);
  w.f64s([1, 2, 3]);
  const buf = w.finish();
  const cut = new Reader(buf.subarray(0, buf.length - 8));
  assert.deepEqual(cut.strings(), ['a', 'bc']);
  assert.throws(() => cut.f64s(), CorruptSnapshot, 'a section cut short');
  assert.throws(() => new Reader(buf).f64s(), CorruptSnapshot, 'a section of another kind');
});

test('a head index whose postings fall short of what its terms list is refused at load, not at a later query', async () => {
  // The CRC catches damage on disk; this is the check behind it, for a payload written wrong.
  const archive = await loadSampleArchive();
  try {
    const index = new ArticleIndex();
    index.addAll(archive.docs);
    const w = new Writer();
    index.save(w);
    const buf = Buffer.from(w.finish());
    // Sections are (kind, byte length, data padded to 8 bytes); the postings are the last 64-bit one.
    let last = -1;
    for (let at = 0; at + 8 <= buf.length;) {
      const length = buf.readUInt32LE(at + 4);
      if (buf.readUInt32LE(at) === 2 && length > 0) last = at;
      at += 8 + length + ((8 - (length % 8)) % 8);
    }
    assert.ok(last >= 0);
    buf.writeUInt32LE(buf.readUInt32LE(last + 4) - 8, last + 4);
    assert.throws(() => new ArticleIndex().load(new Reader(buf)), CorruptSnapshot);
  } finally {
    archive.close();
  }
});

test('a snapshot file is refused when damaged, cut short or of another format', () => {
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-snap-'));
  try {
    const path = join(dir, 'x.search-index');
    const header = { format: SNAPSHOT_FORMAT, dbId: 'db', bodyId: null, seq: 1, changedAt: 0, changedSeq: 0, seqId: 'a', leadChars: 240 };
    writeSnapshotSync(path, header, Buffer.from('payload bytes'));
    assert.equal(readSnapshot(path).header.dbId, 'db');
    const good = readFileSync(path);
    const bad = Buffer.from(good);
    bad[bad.length - 1] ^= 1;
    writeFileSync(path, bad);
    assert.throws(() => readSnapshot(path), SnapshotError);
    writeFileSync(path, good.subarray(0, good.length - 3));
    assert.throws(() => readSnapshot(path), SnapshotError);
    writeSnapshotSync(path, { ...header, format: SNAPSHOT_FORMAT + 1 }, Buffer.from('payload bytes'));
    assert.throws(() => readSnapshot(path), /format/);
    rmSync(path);
    assert.throws(() => readSnapshot(path), /no snapshot/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
