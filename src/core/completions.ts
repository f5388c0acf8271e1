// Suggestions while the user types an option: topics and IANA time zones. Pure: the
// caller passes in the topic list, the zone list, the clock and the platform's limits.
import { truncateToMeasure } from '../text/measure';
import type { Locale, Localized } from './types';

export interface Choice {
  name: string;
  value: string;
}

/** What a platform can show: how many suggestions, and how long a name or value may be. */
export interface ChoiceLimits {
  maxChoices: number;
  maxLength: number;
}

/** A topic as completion sees it (the registry's TopicInfo has these and more). */
export interface TopicNames {
  id: string;
  name: Localized;
  aliases: string[];
}

const key = (s: string): string =>
  s
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');

/** 0: starts with what was typed, 1: contains it, null: no match. */
function rank(candidates: string[], typed: string): 0 | 1 | null {
  if (!typed) return 0;
  const keys = candidates.map(key);
  if (keys.some((k) => k.startsWith(typed))) return 0;
  return keys.some((k) => k.includes(typed)) ? 1 : null;
}

function best<T>(items: T[], score: (item: T) => 0 | 1 | 2 | null): T[] {
  return items
    .map((item, order) => ({ item, order, s: score(item) }))
    .filter((x): x is { item: T; order: number; s: 0 | 1 | 2 } => x.s !== null)
    .sort((a, b) => a.s - b.s || a.order - b.order)
    .map((x) => x.item);
}

/**
 * Topics whose id, names or aliases match the typed text. With `multi` (a space-separated
 * list, as /subscribe takes) only the last word is completed and earlier words are kept.
 */
export function topicChoices(
  topics: TopicNames[],
  typed: string,
  locale: Locale,
  limits: ChoiceLimits,
  opts: { multi?: boolean } = {},
): Choice[] {
  let prefix = '';
  let word = typed;
  if (opts.multi) {
    const cut = Math.max(typed.lastIndexOf(' '), typed.lastIndexOf(','), typed.lastIndexOf('，'));
    prefix = typed
      .slice(0, cut + 1)
      .replace(/[,，]/g, ' ')
      .replace(/\s+/g, ' ')
      .trimStart();
    word = typed.slice(cut + 1);
  }
  const chosen = new Set(prefix.split(' ').filter(Boolean).map(key));
  const q = key(word);
  const matches = best(
    topics.filter((t) => !chosen.has(key(t.id))),
    (t) => rank([t.id, t.name.zh, t.name.en, ...t.aliases], q),
  );
  const out: Choice[] = [];
  for (const t of matches) {
    const value = prefix + t.id;
    if (value.length > limits.maxLength) continue;
    out.push({ name: truncateToMeasure(`${prefix}${t.name[locale]} (${t.id})`, limits.maxLength), value });
    if (out.length === limits.maxChoices) break;
  }
  return out;
}

/** Shown first when nothing is typed yet: the bot's default zone, then where readers tend to be. */
const COMMON_ZONES = [
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Asia/Taipei',
  'Asia/Singapore',
  'Asia/Tokyo',
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'America/New_York',
  'America/Los_Angeles',
];

function offsetLabel(zone: string, now: Date): string {
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
      .formatToParts(now)
      .find((p) => p.type === 'timeZoneName');
    return part ? part.value.replace('GMT', 'UTC').replace(/^UTC$/, 'UTC+00:00') : '';
  } catch {
    return '';
  }
}

/** Zones matching the typed text (`shang`, `new york`, `asia/ta`), each with its current UTC offset. */
export function timezoneChoices(
  typed: string,
  zones: readonly string[],
  limits: ChoiceLimits,
  opts: { preferred?: string; now?: Date } = {},
): Choice[] {
  const all = [...new Set(['UTC', ...zones])];
  // Zones spell spaces as `_` and some names use `-` (Port-au-Prince): compare with both folded.
  const fold = (s: string) =>
    s
      .normalize('NFKC')
      .trim()
      .toLowerCase()
      .replace(/[\s_-]+/g, '_');
  const q = fold(typed);
  let picked: string[];
  if (!q) {
    const first = [opts.preferred, ...COMMON_ZONES].filter((z): z is string => !!z && all.includes(z));
    picked = [...new Set([...first, ...all])];
  } else {
    picked = best(all, (z) => {
      const lower = fold(z);
      const city = lower.slice(lower.lastIndexOf('/') + 1);
      return lower.startsWith(q) ? 0 : city.startsWith(q) ? 1 : lower.includes(q) ? 2 : null;
    });
  }
  const now = opts.now ?? new Date();
  return picked.slice(0, limits.maxChoices).map((z) => {
    const offset = offsetLabel(z, now);
    return { name: offset ? `${z} (${offset})` : z, value: z };
  });
}
