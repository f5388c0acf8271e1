// /digest's answers, reading only: the digest a channel would get if it went out now (with
// when it is due), and a past day's digest as it was delivered (history.ts).
import { describePause } from '../core/lifecycle';
import { DateTime } from 'luxon';
import type { Block, Locale, Reply } from '../core/types';
import type { ArticleStore } from '../store/articles';
import type { Subscription, SubscriptionStore } from '../store/subscriptions';
import type { TopicRegistry } from '../topics/registry';
import { localDayKey, nextOccurrence, parseHHMM } from '../core/schedule-time';
import { t } from '../i18n/catalog';
import { renderDigest, selectDigest, type NotesFor } from './build';
import { pastDigest } from './history';
import type { DigestLedger } from './ledger';
import { selectUpdates } from './updates';

export interface DigestPreviewer {
  /** The digest this channel would get now, after when it is due; marks nothing as delivered. */
  preview(channel: string, locale: Locale): Reply;
  /** The channel's digest of local day `day` (YYYY-MM-DD) as delivered, or why there was none. */
  history(channel: string, day: string, locale: Locale): Reply;
}

export interface PreviewDeps {
  store: ArticleStore;
  subscriptions: SubscriptionStore;
  topics: TopicRegistry;
  /** The digest ledger over the same database, read for history. */
  ledger: DigestLedger;
  clock: () => number;
  maxEntries: number;
  /** How many days of finished digests the ledger keeps (the runtime prunes older ones). */
  keepDays: number;
  /** Marks on entries (watched matches). */
  notesFor?: NotesFor;
}

/** When the next digest goes out, in the subscription's own zone; or that none will while paused. */
function dueLine(sub: Subscription, now: number, locale: Locale): Block {
  const time = parseHHMM(sub.time);
  if (sub.status !== 'active' || !time)
    return { kind: 'text', text: t(locale, 'digest.paused', { reason: describePause(sub.pausedCode, sub.pausedReason, locale) }) };
  const next = nextOccurrence(new Date(now), time, sub.timezone);
  const when = DateTime.fromJSDate(next).setZone(sub.timezone).toFormat('yyyy-MM-dd HH:mm');
  return { kind: 'text', text: t(locale, 'digest.next-due', { when, zone: sub.timezone }) };
}

export function createDigestPreviewer(deps: PreviewDeps): DigestPreviewer {
  return {
    preview(channel: string, locale: Locale): Reply {
      const sub = deps.subscriptions.get(channel);
      if (!sub) {
        return { kind: 'info', blocks: [{ kind: 'text', text: t(locale, 'digest.no-subscription') }] };
      }
      const now = deps.clock();
      const selection = selectDigest(deps.store.seenAfter(sub.watermarkSeq), sub.topics, deps.maxEntries);
      const updates = selectUpdates(deps.store.editedAfter(sub.editsSeq), sub.watermarkSeq, sub.topics, deps.maxEntries);
      const reply = renderDigest({
        selection,
        updates,
        topicFilter: sub.topics,
        locale,
        topicName: (id) => deps.topics.name(id, locale),
        day: localDayKey(new Date(now), sub.timezone),
        preview: true,
        notes: deps.notesFor?.(channel, locale),
      });
      return { ...reply, blocks: [dueLine(sub, now, locale), ...reply.blocks] };
    },
    history(channel, day, locale) {
      return pastDigest({ ...deps, channel, day, locale, now: deps.clock() });
    },
  };
}
