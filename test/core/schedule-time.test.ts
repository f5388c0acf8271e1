import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import {
  canonicalTimeZone,
  isValidTimeZone,
  localDayKey,
  nextOccurrence,
  occurrenceOn,
  parseHHMM,
  previousOccurrence,
} from '../../src/core/schedule-time';

const at = (iso: string): Date => new Date(iso);
const iso = (d: Date): string => d.toISOString();
const local = (d: Date, zone: string): string => DateTime.fromJSDate(d, { zone }).toFormat("yyyy-MM-dd'T'HH:mm ZZ");

test('parseHHMM accepts clock times with one or two hour digits', () => {
  assert.deepEqual(parseHHMM('9:00'), { hour: 9, minute: 0 });
  assert.deepEqual(parseHHMM('09:00'), { hour: 9, minute: 0 });
  assert.deepEqual(parseHHMM('21:30'), { hour: 21, minute: 30 });
  assert.deepEqual(parseHHMM('00:00'), { hour: 0, minute: 0 });
  assert.deepEqual(parseHHMM('23:59'), { hour: 23, minute: 59 });
  assert.deepEqual(parseHHMM(' 7:05 '), { hour: 7, minute: 5 });
  assert.deepEqual(parseHHMM('９：３０'), { hour: 9, minute: 30 }, 'full-width input from a Chinese IME');
});

test('parseHHMM rejects what is not a time of day', () => {
  for (const s of ['24:00', '9', '09:60', 'ab:cd', '', '9:0', '123:00', '-1:00', '9:00pm', '09:00:00', '9.00']) {
    assert.equal(parseHHMM(s), null, s);
  }
});

test('time zones are validated and given their canonical spelling', () => {
  assert.equal(canonicalTimeZone('Asia/Shanghai'), 'Asia/Shanghai');
  assert.equal(canonicalTimeZone('asia/shanghai'), 'Asia/Shanghai');
  assert.equal(canonicalTimeZone('EUROPE/BERLIN'), 'Europe/Berlin');
  assert.equal(canonicalTimeZone('utc'), 'UTC');
  assert.equal(canonicalTimeZone('UTC'), 'UTC');
  assert.equal(canonicalTimeZone('america/new_york'), 'America/New_York');
  assert.equal(canonicalTimeZone('Asia/Kolkata'), 'Asia/Kolkata', 'a modern alias typed properly is kept');
  for (const z of ['Asia/Shanghai', 'Europe/Berlin', 'UTC', 'Australia/Lord_Howe']) assert.ok(isValidTimeZone(z), z);
  for (const z of ['', 'Beijing', 'Mars/Olympus', '+08:00', 'GMT+8', 'Asia/Shanghai; DROP TABLE', '../etc/passwd']) {
    assert.equal(isValidTimeZone(z), false, z);
    assert.equal(canonicalTimeZone(z), null, z);
  }
});

test('09:00 Europe/Berlin is 08:00Z in winter and 07:00Z in summer', () => {
  const nine = { hour: 9, minute: 0 };
  assert.equal(iso(nextOccurrence(at('2026-03-28T00:00:00Z'), nine, 'Europe/Berlin')), '2026-03-28T08:00:00.000Z');
  assert.equal(iso(nextOccurrence(at('2026-03-28T08:00:00Z'), nine, 'Europe/Berlin')), '2026-03-29T07:00:00.000Z');
  assert.equal(iso(nextOccurrence(at('2026-10-24T12:00:00Z'), nine, 'Europe/Berlin')), '2026-10-25T08:00:00.000Z');
  assert.equal(iso(occurrenceOn('2026-10-24', nine, 'Europe/Berlin')!), '2026-10-24T07:00:00.000Z');
});

test('nextOccurrence is strictly after the given instant', () => {
  const nine = { hour: 9, minute: 0 };
  assert.equal(iso(nextOccurrence(at('2026-06-01T00:59:59.999Z'), nine, 'Asia/Shanghai')), '2026-06-01T01:00:00.000Z');
  assert.equal(iso(nextOccurrence(at('2026-06-01T01:00:00Z'), nine, 'Asia/Shanghai')), '2026-06-02T01:00:00.000Z');
});

test('a time in the spring-forward gap fires once, when the gap ends', () => {
  const t = { hour: 2, minute: 30 };
  // 2026-03-29 Berlin: 02:00 CET jumps to 03:00 CEST at 01:00Z.
  const fired = nextOccurrence(at('2026-03-28T23:00:00Z'), t, 'Europe/Berlin');
  assert.equal(iso(fired), '2026-03-29T01:00:00.000Z');
  assert.equal(local(fired, 'Europe/Berlin'), '2026-03-29T03:00 +02:00');
  assert.equal(localDayKey(fired, 'Europe/Berlin'), '2026-03-29');
  // No second firing that day: the next one is the following night.
  assert.equal(iso(nextOccurrence(fired, t, 'Europe/Berlin')), '2026-03-30T00:30:00.000Z');
  assert.equal(iso(nextOccurrence(at('2026-03-27T12:00:00Z'), t, 'Europe/Berlin')), '2026-03-28T01:30:00.000Z');
});

test('a time in the repeated autumn hour fires only the first time round', () => {
  const t = { hour: 2, minute: 30 };
  // 2026-10-25 Berlin: 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET).
  const first = nextOccurrence(at('2026-10-24T12:00:00Z'), t, 'Europe/Berlin');
  assert.equal(iso(first), '2026-10-25T00:30:00.000Z');
  assert.equal(iso(nextOccurrence(first, t, 'Europe/Berlin')), '2026-10-26T01:30:00.000Z', 'skips the repeat at 01:30Z');
  assert.equal(iso(nextOccurrence(at('2026-10-25T01:00:00Z'), t, 'Europe/Berlin')), '2026-10-26T01:30:00.000Z');
  assert.equal(iso(previousOccurrence(at('2026-10-25T01:45:00Z'), t, 'Europe/Berlin')), '2026-10-25T00:30:00.000Z');
});

test('America/New_York across both 2026 transitions', () => {
  const nine = { hour: 9, minute: 0 };
  const ny = 'America/New_York';
  assert.equal(iso(occurrenceOn('2026-03-07', nine, ny)!), '2026-03-07T14:00:00.000Z');
  assert.equal(iso(occurrenceOn('2026-03-08', nine, ny)!), '2026-03-08T13:00:00.000Z');
  assert.equal(iso(occurrenceOn('2026-11-01', nine, ny)!), '2026-11-01T14:00:00.000Z');
  // 02:15 does not exist on 2026-03-08; 01:30 happens twice on 2026-11-01.
  assert.equal(local(occurrenceOn('2026-03-08', { hour: 2, minute: 15 }, ny)!, ny), '2026-03-08T03:00 -04:00');
  assert.equal(iso(occurrenceOn('2026-11-01', { hour: 1, minute: 30 }, ny)!), '2026-11-01T05:30:00.000Z');
});

test('Asia/Shanghai has no DST: always 01:00Z for 09:00', () => {
  let t = at('2026-01-01T00:00:00Z');
  for (let i = 0; i < 366; i++) {
    t = nextOccurrence(t, { hour: 9, minute: 0 }, 'Asia/Shanghai');
    assert.equal(t.getUTCHours(), 1);
    assert.equal(t.getUTCMinutes(), 0);
  }
});

test('Australia/Lord_Howe: half-hour DST gap and repeat', () => {
  const lh = 'Australia/Lord_Howe';
  // 2026-10-04: 02:00 (+10:30) jumps to 02:30 (+11:00).
  const gap = occurrenceOn('2026-10-04', { hour: 2, minute: 15 }, lh)!;
  assert.equal(local(gap, lh), '2026-10-04T02:30 +11:00');
  assert.equal(iso(gap), '2026-10-03T15:30:00.000Z');
  // 2026-04-05: 02:00 (+11:00) falls back to 01:30 (+10:30), so 01:45 happens twice.
  assert.equal(iso(occurrenceOn('2026-04-05', { hour: 1, minute: 45 }, lh)!), '2026-04-04T14:45:00.000Z');
  assert.equal(iso(occurrenceOn('2026-04-05', { hour: 9, minute: 0 }, lh)!), '2026-04-04T22:30:00.000Z');
});

test('UTC', () => {
  assert.equal(iso(nextOccurrence(at('2026-05-05T21:30:00Z'), { hour: 21, minute: 30 }, 'UTC')), '2026-05-06T21:30:00.000Z');
  assert.equal(iso(previousOccurrence(at('2026-05-05T21:29:00Z'), { hour: 21, minute: 30 }, 'UTC')), '2026-05-04T21:30:00.000Z');
  assert.equal(
    iso(previousOccurrence(at('2026-05-05T21:30:00Z'), { hour: 21, minute: 30 }, 'UTC')),
    '2026-05-05T21:30:00.000Z',
    'at-or-before includes the instant itself',
  );
});

for (const time of [
  { hour: 9, minute: 0 },
  { hour: 2, minute: 30 },
  { hour: 0, minute: 0 },
  { hour: 23, minute: 59 },
]) {
  const label = `${time.hour}:${String(time.minute).padStart(2, '0')}`;
  test(`${label} Europe/Berlin over 400 days: exactly one firing per local day`, () => {
    const zone = 'Europe/Berlin';
    let t = at('2025-12-31T22:59:59.999Z'); // the last instant of 2025 in Berlin
    let day = DateTime.fromISO('2026-01-01', { zone });
    for (let i = 0; i < 400; i++) {
      const next = nextOccurrence(t, time, zone);
      assert.equal(localDayKey(next, zone), day.toISODate(), `firing ${i}`);
      const wall = DateTime.fromJSDate(next, { zone });
      const inGap = day.toISODate() === '2026-03-29' && time.hour === 2;
      assert.equal(wall.toFormat('HH:mm'), inGap ? '03:00' : label.padStart(5, '0'), `firing ${i} on ${day.toISODate()}`);
      assert.equal(iso(previousOccurrence(new Date(next.getTime() + 3_600_000), time, zone)), iso(next));
      t = next;
      day = day.plus({ days: 1 });
    }
  });
}

test('previousOccurrence finds the missed digest after downtime', () => {
  const nine = { hour: 9, minute: 0 };
  // Bot was down from the evening of 03-27 until 03-29 06:59Z (08:59 CEST): last missed slot is 03-28 09:00 CET.
  const missed = previousOccurrence(at('2026-03-29T06:59:00Z'), nine, 'Europe/Berlin');
  assert.equal(iso(missed), '2026-03-28T08:00:00.000Z');
  assert.equal(localDayKey(missed, 'Europe/Berlin'), '2026-03-28');
});

test('localDayKey is the local calendar day in the zone', () => {
  const instant = at('2026-03-28T23:30:00Z');
  assert.equal(localDayKey(instant, 'Asia/Shanghai'), '2026-03-29');
  assert.equal(localDayKey(instant, 'America/New_York'), '2026-03-28');
  assert.equal(localDayKey(instant, 'UTC'), '2026-03-28');
});

test('unknown zones and impossible dates are errors, not silent UTC', () => {
  assert.throws(() => nextOccurrence(new Date(), { hour: 9, minute: 0 }, 'Mars/Olympus'), RangeError);
  assert.throws(() => occurrenceOn('2026-02-30', { hour: 9, minute: 0 }, 'UTC'), RangeError);
});

test('a local day that does not exist gets no digest, and the next day gets one', () => {
  // Samoa skipped 2011-12-30 when it crossed the date line.
  const nine = { hour: 9, minute: 0 };
  assert.equal(occurrenceOn('2011-12-30', nine, 'Pacific/Apia'), null);
  const next = nextOccurrence(occurrenceOn('2011-12-29', nine, 'Pacific/Apia')!, nine, 'Pacific/Apia');
  assert.equal(localDayKey(next, 'Pacific/Apia'), '2011-12-31');
  assert.equal(local(next, 'Pacific/Apia'), '2011-12-31T09:00 +14:00');
});

test('times that are not times of day are rejected', () => {
  assert.throws(() => occurrenceOn('2026-01-01', { hour: 24, minute: 0 }, 'UTC'), RangeError);
  assert.throws(() => nextOccurrence(new Date(), { hour: 9, minute: 0.5 }, 'UTC'), RangeError);
});
