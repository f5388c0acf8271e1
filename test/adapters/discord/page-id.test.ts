// Pagination button ids: round trip, Discord's 100-character cap, inert ids.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodePageId, encodePageId, inertPageId } from '../../../src/adapters/discord/page-id';

test('a page id round-trips and fits in a custom_id', () => {
  const id = { token: 'Ab3_-x9Q', page: 12, locale: 'zh' as const };
  const encoded = encodePageId(id);
  assert.ok(encoded.length <= 100);
  assert.deepEqual(decodePageId(encoded), id);
});

test('disabled buttons and foreign or malformed ids decode to nothing', () => {
  assert.equal(decodePageId(inertPageId('tok', 'prev')), null);
  assert.equal(decodePageId(inertPageId('tok', 'label')), null);
  for (const bad of ['', 'pg:tok:0:en', 'pg:tok:2:fr', 'other:tok:2:en', 'pg::2:en', 'pg:tok:-1:en'])
    assert.equal(decodePageId(bad), null, bad);
});
