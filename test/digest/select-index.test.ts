import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectDigest } from '../../src/digest/build';
import { SelectionIndex } from '../../src/digest/select-index';
import type { Article } from '../../src/store/types';
import { seeded } from './helpers';

const TOPICS = ['cv', 'nlp', 'llm', 'rl', 'generative'];

function article(seq: number, firstSeenAt: number, topics: string[]): Article {
  return {
    id: `a${seq}`,
    seq,
    source: 's',
    guid: null,
    url: null,
    title: `t${seq}`,
    summary: '',
    contentHash: '',
    categories: [],
    topics,
    publishedAt: null,
    firstSeenAt,
    updatedAt: firstSeenAt,
  };
}

test('the shared index selects exactly what selectDigest selects, for any watermark, filter and cap', () => {
  const rnd = seeded(11);
  const pick = () => TOPICS.filter(() => rnd() < 0.3);
  for (let round = 0; round < 20; round++) {
    // Clocks that sometimes go back (two processes), and runs of equal timestamps.
    let clock = 1_000_000;
    const rows = Array.from({ length: 200 }, (_, i) => {
      clock += rnd() < 0.1 ? -Math.floor(rnd() * 5000) : rnd() < 0.3 ? 0 : Math.floor(rnd() * 1000);
      return article(100 + i, clock, pick());
    });
    const index = new SelectionIndex(rows, 99);
    for (let q = 0; q < 50; q++) {
      const watermark = 99 + Math.floor(rnd() * 210);
      const filter = rnd() < 0.3 ? [] : pick();
      const max = 1 + Math.floor(rnd() * 20);
      const want = selectDigest(
        rows.filter((r) => r.seq > watermark),
        filter,
        max,
      );
      const got = index.select(watermark, filter, max);
      assert.deepEqual(
        got.shown.map((r) => r.id),
        want.shown.map((a) => a.id),
        `round ${round}: watermark ${watermark}, filter ${filter.join(',')}, max ${max}`,
      );
      assert.equal(got.more, want.more);
      assert.deepEqual(got.upTo, want.upTo);
    }
  }
});

test('a watermark older than what the index read is refused rather than answered wrongly', () => {
  const index = new SelectionIndex([article(11, 1, [])], 10);
  assert.throws(() => index.select(9, [], 15), /older than this index/);
  assert.equal(index.select(11, [], 15).upTo, null);
});
