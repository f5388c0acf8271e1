import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupByTopic, renderDigest, selectDigest } from '../../src/digest/build';
import { replyToPlainText } from '../../src/core/reply';
import type { Article } from '../../src/store/types';

const art = (seq: number, topics: string[], title = `T${seq}`): Article => ({
  id: `a${seq}`,
  seq,
  source: 's',
  guid: null,
  url: null,
  title,
  summary: `${title} body text that is long enough to show`,
  contentHash: '',
  categories: [],
  topics,
  publishedAt: null,
  firstSeenAt: 1000 + seq,
  updatedAt: 0,
});

test('newest first, topic filter applied, watermark moves past everything considered', () => {
  const sel = selectDigest([art(1, ['cv']), art(2, ['rl']), art(3, ['cv', 'llm'])], ['cv'], 15);
  assert.deepEqual(
    sel.shown.map((a) => a.seq),
    [3, 1],
  );
  assert.deepEqual(sel.upTo, { seq: 3, at: 1003 });
});

test('the cap shows N and mentions the rest', () => {
  const many = Array.from({ length: 20 }, (_, i) => art(i + 1, ['llm']));
  const sel = selectDigest(many, [], 15);
  assert.equal(sel.shown.length, 15);
  assert.equal(sel.more, 5);
  const text = replyToPlainText(
    renderDigest({ selection: sel, topicFilter: [], locale: 'en', topicName: (t) => t.toUpperCase(), day: '2026-11-28' }),
  );
  assert.match(text, /20 new articles/);
  assert.match(text, /and 5 more — \/latest/);
});

test('groups by the first requested topic; numbering continues across groups', () => {
  const groups = groupByTopic([art(1, ['cv', 'llm']), art(2, ['llm'])], ['llm']);
  assert.deepEqual(
    groups.map((g) => g.topic),
    ['llm'],
  );
  const sel = selectDigest([art(1, ['cv']), art(2, ['rl']), art(3, ['cv'])], [], 15);
  const text = replyToPlainText(renderDigest({ selection: sel, topicFilter: [], locale: 'zh', topicName: (t) => t, day: '2026-11-28' }));
  assert.match(text, /每日摘要/);
  assert.match(text, /1\. T3[\s\S]*2\. T1[\s\S]*3\. T2/);
});
