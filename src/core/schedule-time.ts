// Wall-clock time math for "every day at HH:MM in zone Z": exactly one instant per
// local day, even across DST. A time inside the spring-forward gap fires when the gap
// ends (02:30 → 03:00); a time in the repeated autumn hour fires the first time round.
import { IANAZone } from 'luxon';

export interface LocalTime {
  hour: number;
  minute: number;
}

/** `9:00`, `09:00`, `21:30` (also full-width `９：００` from Chinese IMEs); null otherwise. */
export function parseHHMM(s: string): LocalTime | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(s.normalize('NFKC').trim());
  if (!m) return null;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  return hour <= 23 && minute <= 59 ? { hour, minute } : null;
}

function isTimeOfDay({ hour, minute }: LocalTime): boolean {
  return Number.isInteger(hour) && Number.isInteger(minute) && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59;
}

/** `HH:MM`, zero-padded. */
export function formatHHMM(time: LocalTime): string {
  return `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
}

let canonicalByLower: Map<string, string> | undefined;

/**
 * The spelling to store for a time zone the user typed, or null if it is not a zone.
 * Case-insensitive: `asia/shanghai` → `Asia/Shanghai`, `utc` → `UTC`. Aliases typed
 * with capitals are kept as typed (`Asia/Kolkata` stays, though ICU calls it
 * `Asia/Calcutta`); all-lowercase aliases take ICU's name. Offsets like `+08:00`
 * are rejected: they are not places and have no DST rules.
 */
export function canonicalTimeZone(z: string): string | null {
  const name = z.trim();
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return null;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
  canonicalByLower ??= new Map(['UTC', ...Intl.supportedValuesOf('timeZone')].map((n) => [n.toLowerCase(), n]));
  const listed = canonicalByLower.get(name.toLowerCase());
  if (listed) return listed;
  return name === name.toLowerCase() ? resolved : name;
}

export function isValidTimeZone(z: string): boolean {
  return canonicalTimeZone(z) !== null;
}

function zoneOf(zone: string): IANAZone {
  const z = IANAZone.create(zone);
  if (!z.isValid) throw new RangeError(`Unknown time zone: ${zone}`);
  return z;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/**
 * The instant the schedule fires on local day `date`, or null if that day does not
 * exist in the zone (Samoa skipped 2011-12-30).
 */
export function occurrenceOn(date: LocalDate | string, time: LocalTime, zone: string): Date | null {
  const z = zoneOf(zone);
  if (!isTimeOfDay(time)) {
    throw new RangeError(`Not a time of day: ${JSON.stringify(time)}`);
  }
  const d = typeof date === 'string' ? parseDayKey(date) : date;
  if (!isCalendarDate(d)) throw new RangeError(`Not a calendar date: ${JSON.stringify(date)}`);
  // The wall time read as if it were UTC; the real instant is that minus the offset in force.
  const wall = Date.UTC(d.year, d.month - 1, d.day, time.hour, time.minute);
  // Offsets a day either side cover any single transition near this wall time.
  const offsets = new Set([z.offset(wall - DAY), z.offset(wall + DAY)]);
  const valid = [...offsets].map((o) => wall - o * MINUTE).filter((t) => z.offset(t) * MINUTE === wall - t);
  if (valid.length > 0) return new Date(Math.min(...valid)); // repeated hour: the first time round

  // In a gap: fire at the transition, the first instant after the skipped wall times.
  let lo = wall - Math.max(...offsets) * MINUTE; // still on the old offset
  let hi = wall - Math.min(...offsets) * MINUTE; // already on the new one
  const before = z.offset(lo);
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (z.offset(mid) === before) lo = mid;
    else hi = mid;
  }
  const fired = new Date(hi);
  return localDayKey(fired, zone) === dayKey(d) ? fired : null;
}

/** The first scheduled instant strictly after `after`. */
export function nextOccurrence(after: Date, time: LocalTime, zone: string): Date {
  const start = localDate(after, zone);
  let best: Date | null = null;
  // Start a day early: where clocks fall back across midnight, local dates are not monotonic.
  for (let i = -1; i <= 7 && !(best && i > 2); i++) {
    const t = occurrenceOn(addDays(start, i), time, zone);
    if (t && t.getTime() > after.getTime() && (!best || t < best)) best = t;
  }
  if (!best) throw new RangeError(`No occurrence of ${formatHHMM(time)} in ${zone} within a week of ${after.toISOString()}`);
  return best;
}

/** The latest scheduled instant at or before `atOrBefore` (for catching up after downtime). */
export function previousOccurrence(atOrBefore: Date, time: LocalTime, zone: string): Date {
  const start = localDate(atOrBefore, zone);
  let best: Date | null = null;
  for (let i = 1; i >= -7 && !(best && i < -2); i--) {
    const t = occurrenceOn(addDays(start, i), time, zone);
    if (t && t.getTime() <= atOrBefore.getTime() && (!best || t > best)) best = t;
  }
  if (!best) throw new RangeError(`No occurrence of ${formatHHMM(time)} in ${zone} within a week before ${atOrBefore.toISOString()}`);
  return best;
}

/** `YYYY-MM-DD` of the local day `instant` falls on: the digest's one-per-day key. */
export function localDayKey(instant: Date, zone: string): string {
  return dayKey(localDate(instant, zone));
}

function localDate(instant: Date, zone: string): LocalDate {
  const z = zoneOf(zone);
  // Shift by the offset in force and read the UTC fields: that is the local wall clock.
  const wall = new Date(instant.getTime() + z.offset(instant.getTime()) * MINUTE);
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
}

function addDays(d: LocalDate, days: number): LocalDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

function isCalendarDate(d: LocalDate): boolean {
  if (![d.year, d.month, d.day].every(Number.isInteger)) return false;
  const t = addDays(d, 0);
  return t.year === d.year && t.month === d.month && t.day === d.day;
}

function dayKey(d: LocalDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

function parseDayKey(key: string): LocalDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (!m) throw new RangeError(`Not a YYYY-MM-DD day key: ${key}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}
