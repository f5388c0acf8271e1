// A day as a user types it for /digest <date>: words (today, yesterday, 昨天…), ISO dates, and
// month-day forms (12-05, 12/05, 12月5日) meaning the latest such day not after today. Pure:
// "today" is passed in as the subscription's local day.

const RELATIVE: Record<string, number> = {
  today: 0,
  今天: 0,
  今日: 0,
  yesterday: -1,
  昨天: -1,
  昨日: -1,
  前天: -2,
};

/** Full dates: 2026-12-05, 2026/12/05, 2026.12.05, 20261205, 2026年12月5日. */
const FULL = /^(\d{4})(?:[-/.](\d{1,2})[-/.](\d{1,2})|(\d{2})(\d{2})|年(\d{1,2})月(\d{1,2})[日号]?)$/;
/** Month and day: 12-05, 12/05, 12.5, 12月5日. Month first, as in ISO and Chinese. */
const MONTH_DAY = /^(\d{1,2})(?:[-/.](\d{1,2})|月(\d{1,2})[日号]?)$/;

interface Ymd {
  year: number;
  month: number;
  day: number;
}

function valid(d: Ymd): boolean {
  if (d.year < 1970 || d.year > 9999 || d.month < 1 || d.month > 12 || d.day < 1) return false;
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day));
  return t.getUTCMonth() === d.month - 1 && t.getUTCDate() === d.day;
}

function key(d: Ymd): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

function parseKey(day: string): Ymd {
  const [year, month, date] = day.split('-').map(Number);
  return { year: year!, month: month!, day: date! };
}

/** `day` moved by `n` days (YYYY-MM-DD in, YYYY-MM-DD out). */
export function addDays(day: string, n: number): string {
  const d = parseKey(day);
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return key({ year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() });
}

/**
 * The YYYY-MM-DD day `input` names, relative to `today` (YYYY-MM-DD); null when it names none
 * (unknown words, 2026-02-30). A month-day without a year is the latest such day up to today
 * (12-31 typed in January is last December). Days after today are returned as they are: the
 * caller says they have not come yet.
 */
export function parseDayInput(input: string, today: string): string | null {
  const s = input.normalize('NFKC').trim().toLowerCase();
  if (s.length > 20) return null;
  const rel = RELATIVE[s];
  if (rel !== undefined) return addDays(today, rel);
  const full = FULL.exec(s);
  if (full) {
    const d: Ymd = {
      year: Number(full[1]),
      month: Number(full[2] ?? full[4] ?? full[6]),
      day: Number(full[3] ?? full[5] ?? full[7]),
    };
    return valid(d) ? key(d) : null;
  }
  const md = MONTH_DAY.exec(s);
  if (md) {
    const now = parseKey(today);
    const month = Number(md[1]);
    const day = Number(md[2] ?? md[3]);
    // 2000 was a leap year: 02-29 is a day, 02-30 never is.
    if (!valid({ year: 2000, month, day })) return null;
    // 02-29 outside a leap year names the latest 29 February.
    for (let year = now.year; year >= now.year - 8; year--) {
      const d = { year, month, day };
      if (valid(d) && key(d) <= today) return key(d);
    }
    return null;
  }
  return null;
}
