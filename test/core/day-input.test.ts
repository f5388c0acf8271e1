import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, parseDayInput } from '../../src/core/day-input';

const TODAY = '2026-01-03';

test('words: today, yesterday, 昨天, 前天 — relative to the local today given', () => {
  assert.equal(parseDayInput('today', TODAY), '2026-01-03');
  assert.equal(parseDayInput('Yesterday', TODAY), '2026-01-02');
  assert.equal(parseDayInput('昨天', TODAY), '2026-01-02');
  assert.equal(parseDayInput('前天', '2026-03-01'), '2026-02-27');
});

test('full dates in ISO and Chinese forms, full-width digits too', () => {
  assert.equal(parseDayInput('2025-12-05', TODAY), '2025-12-05');
  assert.equal(parseDayInput('2025/12/5', TODAY), '2025-12-05');
  assert.equal(parseDayInput('20251205', TODAY), '2025-12-05');
  assert.equal(parseDayInput('2025年12月5日', TODAY), '2025-12-05');
  assert.equal(parseDayInput('２０２５－１２－０５', TODAY), '2025-12-05');
  assert.equal(parseDayInput('2027-01-01', TODAY), '2027-01-01', 'a future day is returned; the caller refuses it');
});

test('month-day means the latest such day not after today', () => {
  assert.equal(parseDayInput('01-02', TODAY), '2026-01-02');
  assert.equal(parseDayInput('12-05', TODAY), '2025-12-05', 'December typed in January is last December');
  assert.equal(parseDayInput('12/5', TODAY), '2025-12-05');
  assert.equal(parseDayInput('12月5日', TODAY), '2025-12-05');
  assert.equal(parseDayInput('02-29', TODAY), '2024-02-29', 'the latest 29 February');
});

test('anything else is not a day', () => {
  for (const bad of [
    '',
    'tomorrowish',
    '2026-02-30',
    '13-01',
    '02-30',
    '2026-1',
    '1969-12-31',
    '12',
    'x'.repeat(500),
    '2026-12-05; DROP',
  ]) {
    assert.equal(parseDayInput(bad, TODAY), null, bad);
  }
});

test('addDays crosses months and leap days', () => {
  assert.equal(addDays('2024-02-28', 1), '2024-02-29');
  assert.equal(addDays('2026-01-01', -1), '2025-12-31');
});
