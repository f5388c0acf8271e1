// Planning a digest: choosing its articles and freezing the rendered parts in the ledger
// before anything is sent, so a resend after a crash repeats exactly the same messages.
import type { Reply } from '../core/types';
import type { DigestSender } from '../core/sender';
import type { DB } from '../store/db';
import type { ArticleStore } from '../store/articles';
import type { Subscription, SubscriptionStore } from '../store/subscriptions';
import type { Article } from '../store/types';
import type { TopicRegistry } from '../topics/registry';
import { renderDigest, selectDigest, type ArticleNotes, type NotesFor } from './build';
import { NO_UPDATES, selectUpdates } from './updates';
import type { DigestLedger, DigestRecord, NewDigest } from './ledger';

export interface PlanInput {
  sub: Subscription;
  candidates: Article[];
  /** Articles edited past the subscription's edit watermark (store.editedAfter); none when absent. */
  edited?: Article[];
  day: string;
  maxEntries: number;
  topicName: (id: string) => string;
  split: (reply: Reply) => Reply[];
  now: number;
  notes?: ArticleNotes;
}

/** The digest a subscription gets for `day`; no parts when there is nothing to send. */
export function buildPlan(input: PlanInput): NewDigest {
  const { sub } = input;
  const selection = selectDigest(input.candidates, sub.topics, input.maxEntries);
  const updates = input.edited ? selectUpdates(input.edited, sub.watermarkSeq, sub.topics, input.maxEntries) : NO_UPDATES;
  const nothing = selection.shown.length === 0 && updates.shown.length === 0;
  const parts =
    nothing && !sub.always
      ? []
      : input.split(
          renderDigest({
            selection,
            updates,
            topicFilter: sub.topics,
            locale: sub.locale,
            topicName: input.topicName,
            day: input.day,
            ...(input.notes ? { notes: input.notes } : {}),
          }),
        );
  return {
    channel: sub.channel,
    day: input.day,
    articleIds: selection.shown.map((a) => a.id),
    upTo: selection.upTo,
    updatedIds: updates.shown.map((a) => a.id),
    editsUpTo: updates.upTo,
    parts,
    plannedAt: input.now,
  };
}

export interface PlannerDeps {
  db: DB;
  ledger: DigestLedger;
  store: ArticleStore;
  subscriptions: SubscriptionStore;
  topics: TopicRegistry;
  sender: DigestSender;
  maxEntries: number;
  /** Candidates past a watermark; a shared reader (see candidates.ts) saves re-reading rows. */
  candidatesAfter?: (watermarkSeq: number) => Article[];
  /** Articles edited past an edit watermark; a shared reader (see edit-reader.ts) saves re-reading rows. */
  editedAfter?: (editSeq: number) => Article[];
  /** Marks on entries (watched matches). */
  notesFor?: NotesFor;
}

export type PlanOutcome =
  | { kind: 'planned'; digest: DigestRecord }
  /** The day already has its digest (sent, pending, empty or abandoned): never a second one. */
  | { kind: 'exists'; digest: DigestRecord }
  /** An earlier digest is still unconfirmed; today's articles wait behind it (nothing lost). */
  | { kind: 'blocked'; by: DigestRecord }
  | { kind: 'inactive' };

/**
 * Plans the channel's digest for `day` unless that day already has one. The check, the read
 * past the watermark and the insert share one IMMEDIATE transaction, so two processes
 * planning the same day end up with one digest between them.
 */
export function planDigest(deps: PlannerDeps, channel: string, day: string, now: number): PlanOutcome {
  return deps.db
    .transaction((): PlanOutcome => {
      const existing = deps.ledger.find(channel, day);
      if (existing) return { kind: 'exists', digest: existing };
      const sub = deps.subscriptions.get(channel);
      if (!sub || sub.status !== 'active') return { kind: 'inactive' };
      // Two digests both planned from one watermark would repeat articles; wait instead.
      const older = deps.ledger.pending(channel)[0];
      if (older) return { kind: 'blocked', by: older };
      const plan = buildPlan({
        sub,
        candidates: deps.candidatesAfter ? deps.candidatesAfter(sub.watermarkSeq) : deps.store.seenAfter(sub.watermarkSeq),
        edited: deps.editedAfter ? deps.editedAfter(sub.editsSeq) : deps.store.editedAfter(sub.editsSeq),
        day,
        maxEntries: deps.maxEntries,
        topicName: (id) => deps.topics.name(id, sub.locale),
        split: (reply) => deps.sender.split(channel, reply),
        now,
        notes: deps.notesFor?.(channel, sub.locale),
      });
      return { kind: 'planned', digest: deps.ledger.insert(plan) };
    })
    .immediate();
}
