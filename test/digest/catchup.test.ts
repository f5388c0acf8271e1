import { test } from 'node:test';
import assert from 'node:assert/strict';
import { missedDigest } from '../../src/digest/catchup';
import type { Subscription } from '../../src/store/subscriptions';

const sub = (over: Partial<Subscription> = {}): Subscription => ({
  channel: 'console:x',
  time: '09:00',
  timezone: 'Europe/Berlin',
  topics: [],
  locale: 'en',
  always: false,
  status: 'active',
  pausedReason: null,
  pausedCode: null,
  pausedAt: null,
  watermarkSeq: 0,
  editsSeq: 0,
  watermarkAt: 0,
  createdBy: null,
  createdAt: Date.parse('2026-03-01T00:00:00Z'),
  updatedAt: 0,
  ...over,
});
const HOUR = 3_600_000;
const none = () => false;

test('a missed digest is due inside the window and too old outside it', () => {
  // 29 March: clocks went forward, 09:00 Berlin was 07:00Z.
  assert.deepEqual(missedDigest(sub(), Date.parse('2026-03-29T10:00:00Z'), 6 * HOUR, none), {
    kind: 'due',
    day: '2026-03-29',
    at: new Date('2026-03-29T07:00:00Z'),
  });
  assert.equal(missedDigest(sub(), Date.parse('2026-03-29T14:00:00Z'), 6 * HOUR, none).kind, 'too-old');
});

test('nothing is owed when that day already has a digest, the subscription is newer, or paused', () => {
  const now = Date.parse('2026-05-04T08:00:00Z');
  assert.equal(missedDigest(sub(), now, 6 * HOUR, (day) => day === '2026-05-04').kind, 'none');
  assert.equal(missedDigest(sub({ createdAt: Date.parse('2026-05-04T07:30:00Z') }), now, 6 * HOUR, none).kind, 'none');
  assert.equal(missedDigest(sub({ status: 'paused' }), now, 6 * HOUR, none).kind, 'none');
});
