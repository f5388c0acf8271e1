import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFeedDate } from '../../src/feeds/dates';

test('RFC 822 dates (RSS pubDate) with numeric and named zones', () => {
  assert.equal(parseFeedDate('Tue, 10 Jun 2003 04:00:00 GMT'), '2003-06-10T04:00:00.000Z');
  assert.equal(parseFeedDate('Fri, 05 Jan 2024 10:30:00 +0800'), '2024-01-05T02:30:00.000Z');
  assert.equal(parseFeedDate('Wed, 02 Oct 2002 08:00:00 EST'), '2002-10-02T13:00:00.000Z');
  assert.equal(parseFeedDate('2 Oct 02 08:00 PDT'), '2002-10-02T15:00:00.000Z');
});

test('ISO 8601 / RFC 3339 dates (Atom, dc:date, JSON Feed)', () => {
  assert.equal(parseFeedDate('2024-02-28T09:00:00+08:00'), '2024-02-28T01:00:00.000Z');
  assert.equal(parseFeedDate('2024-02-28T09:00:00.5Z'), '2024-02-28T09:00:00.500Z');
  assert.equal(parseFeedDate('2024-02-28'), '2024-02-28T00:00:00.000Z');
  // No zone: read as UTC so the result does not depend on the server's timezone.
  assert.equal(parseFeedDate('2024-02-28 09:00:00'), '2024-02-28T09:00:00.000Z');
});

test('invalid or missing dates give undefined rather than a made-up date', () => {
  for (const bad of [
    undefined,
    '',
    '   ',
    'not a date',
    'Issue 12',
    '2024-02-31',
    '2024-13-01',
    'Mon, 32 Jan 2024 00:00:00 GMT',
    'Mon, 01 Foo 2024 00:00:00 GMT',
    'Mon, 01 Jan 2024 25:00:00 GMT',
    'Mon, 01 Jan 2024 00:00:00 XYZ',
  ]) {
    assert.equal(parseFeedDate(bad), undefined, String(bad));
  }
});
