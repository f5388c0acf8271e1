// Whether a subscription's latest scheduled digest was missed (the bot was down) and is
// still worth sending late. Pure: the ledger lookup is passed in.
import type { Subscription } from '../store/subscriptions';
import { localDayKey, parseHHMM, previousOccurrence } from '../core/schedule-time';

export type Missed =
  /** Send the digest for `day` now. */
  | { kind: 'due'; day: string; at: Date }
  /** Too late to be useful: its articles roll into the next regular digest (the watermark never moved). */
  | { kind: 'too-old'; day: string; at: Date }
  | { kind: 'none' };

export function missedDigest(sub: Subscription, now: number, windowMs: number, hasDigest: (day: string) => boolean): Missed {
  const time = parseHHMM(sub.time);
  if (!time || sub.status !== 'active') return { kind: 'none' };
  const at = previousOccurrence(new Date(now), time, sub.timezone);
  // A time that passed before the subscription existed was never owed.
  if (at.getTime() <= sub.createdAt) return { kind: 'none' };
  const day = localDayKey(at, sub.timezone);
  if (hasDigest(day)) return { kind: 'none' };
  return now - at.getTime() <= windowMs ? { kind: 'due', day, at } : { kind: 'too-old', day, at };
}
