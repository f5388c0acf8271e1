import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseSnapshot, looksLikeSnapshot } from '../../src/feeds/snapshot';
import { sampleFiles } from '../helpers/sample-archive';

test('reads every excerpt line of a snapshot, skipping the page header', () => {
  const [first] = sampleFiles();
  const feed = parseSnapshot(readFileSync(first!, 'utf8'), first!);
  assert.equal(feed.entries.length, 12);
  assert.ok(feed.entries.every((e) => !/^(INCOMING TRANSMISSION|LATEST UPDATES)$/.test(e.text)));
  assert.ok(feed.entries[0]!.text.startsWith('空洞卷积'));
});

test('a category line and a date line belong to the entry after them', () => {
  const body =
    'INCOMING TRANSMISSION\n\nLATEST UPDATES\nfirst entry text that is long enough\nPython\n2026-01-11\nQuick Start 一个最简单的DDP例子\nthird entry\n';
  const feed = parseSnapshot(body, 'x.txt');
  assert.equal(feed.entries.length, 3);
  assert.deepEqual(feed.entries[0]!.categories, []);
  assert.deepEqual(feed.entries[1]!.categories, ['Python']);
  assert.equal(feed.entries[1]!.publishedAt, '2026-01-11');
  assert.deepEqual(feed.entries[2]!.categories, []);
  assert.equal(feed.entries[2]!.publishedAt, undefined);
});

test('an impossible date is not a date line', () => {
  const feed = parseSnapshot('LATEST UPDATES\nNLP\n2026-02-31\nentry', 'x.txt');
  assert.equal(
    feed.entries.some((e) => e.publishedAt === '2026-02-31'),
    false,
  );
});

test('recognises the snapshot format', () => {
  assert.ok(looksLikeSnapshot('INCOMING TRANSMISSION\n\nLATEST UPDATES\nx'));
  assert.ok(!looksLikeSnapshot('<?xml version="1.0"?><rss/>'));
});
