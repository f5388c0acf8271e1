// /digest <date>: a past day's digest re-shown from the ledger's frozen parts, exactly as it
// was sent, or the reason there was none: a quiet day skipped, not subscribed yet, paused, not
// delivered, older than the history the ledger keeps, or not due yet. Reads only.
import { describePause } from '../core/lifecycle';
import { DateTime } from 'luxon';
import type { Block, Locale, Reply } from '../core/types';
import { addDays } from '../core/day-input';
import { localDayKey, occurrenceOn, parseHHMM } from '../core/schedule-time';
import { t } from '../i18n/catalog';
import type { SubscriptionStore } from '../store/subscriptions';
import type { DigestLedger, DigestRecord } from './ledger';

export interface PastDigestInput {
  ledger: DigestLedger;
  subscriptions: SubscriptionStore;
  channel: string;
  /** Local day, YYYY-MM-DD, not after today. */
  day: string;
  locale: Locale;
  now: number;
  keepDays: number;
}

const info = (blocks: Block[]): Reply => ({ kind: 'info', blocks });
const text = (s: string, style?: 'muted'): Block => (style ? { kind: 'text', text: s, style } : { kind: 'text', text: s });

/** Split labels (" (2/3)") belong to the messages as sent, not to the digest shown whole. */
const SPLIT_LABEL = / \(\d+\/\d+\)$/;

/** The digest's parts joined into one reply, led by when it went out. */
function delivered(input: PastDigestInput, d: DigestRecord, zone: string): Reply {
  const { locale } = input;
  const parts = input.ledger.parts(d.id);
  const first = parts[0]?.reply;
  const sentAt = d.completedAt ?? parts.findLast((p) => p.sentAt !== null)?.sentAt ?? d.plannedAt;
  const at = DateTime.fromMillis(sentAt).setZone(zone).toFormat('yyyy-MM-dd HH:mm');
  const lead =
    d.status === 'pending'
      ? t(locale, 'digest.history-pending', { day: d.day })
      : t(locale, 'digest.history-header', { day: d.day, at, zone });
  return {
    kind: 'digest',
    ...(first?.title ? { title: first.title.replace(SPLIT_LABEL, '') } : {}),
    blocks: [text(lead, 'muted'), ...parts.flatMap((p) => p.reply.blocks), windowNote(input)],
  };
}

function windowNote(input: PastDigestInput): Block {
  const zone = input.subscriptions.get(input.channel)?.timezone ?? 'UTC';
  const from = addDays(localDayKey(new Date(input.now), zone), -input.keepDays);
  return text(t(input.locale, 'digest.history-window', { keep: input.keepDays, from }), 'muted');
}

export function pastDigest(input: PastDigestInput): Reply {
  const { locale, day, channel } = input;
  const sub = input.subscriptions.get(channel);
  const d = input.ledger.find(channel, day);
  const zone = sub?.timezone ?? 'UTC';
  if (d) {
    if (d.status === 'sent' || d.status === 'pending') return delivered(input, d, zone);
    const why =
      d.status === 'empty'
        ? t(locale, 'digest.history-empty', { day })
        : t(locale, 'digest.history-abandoned', { day, reason: d.lastError ?? '' });
    return info([text(why), windowNote(input)]);
  }
  if (!sub) return info([text(t(locale, 'digest.no-subscription'))]);

  const today = localDayKey(new Date(input.now), zone);
  const time = parseHHMM(sub.time);
  const due = time ? occurrenceOn(day, time, zone) : null;
  const since = localDayKey(new Date(sub.createdAt), zone);
  if (day < since || (due && due.getTime() <= sub.createdAt)) {
    return info([text(t(locale, 'digest.history-before', { day, since, late: day === since })), windowNote(input)]);
  }
  if (day < addDays(today, -input.keepDays)) return info([text(t(locale, 'digest.history-pruned', { day, keep: input.keepDays }))]);
  if (day === today && due && due.getTime() > input.now) {
    const at = DateTime.fromJSDate(due).setZone(zone).toFormat('HH:mm');
    return info([text(t(locale, 'digest.history-not-yet', { day, at }))]);
  }
  // A paused subscription's updated_at is when it was paused (nothing else writes it meanwhile).
  if (sub.status === 'paused' && day >= localDayKey(new Date(sub.updatedAt), zone)) {
    return info([
      text(t(locale, 'digest.history-paused', { day, reason: describePause(sub.pausedCode, sub.pausedReason, locale) })),
      windowNote(input),
    ]);
  }
  return info([text(t(locale, 'digest.history-none', { day })), windowNote(input)]);
}
