// Planning many digests at once (a popular minute holds a large share of all channels).
// Each chunk of due channels is one IMMEDIATE transaction: the existence check and the
// insert of every digest in it commit together or not at all, so UNIQUE(channel, day) and
// the in-transaction check keep one digest per channel and day, and a process killed at
// any point leaves whole chunks planned and the rest untouched for the next run.
// The candidates are read once (only their keys; whole articles just for those shown), and
// digests that come out the same — same platform, locale, topic filter, articles shown and
// count — are rendered, split and serialized once.
import { LRUCache } from 'lru-cache';
import { articleView } from '../core/reply';
import { platformOf, type DigestSender } from '../core/sender';
import type { ArticleView } from '../core/types';
import type { DB } from '../store/db';
import { changeKey } from './change-key';
import type { ArticleStore } from '../store/articles';
import type { Subscription, SubscriptionStore } from '../store/subscriptions';
import type { Article } from '../store/types';
import type { TopicRegistry } from '../topics/registry';
import { renderDigest, type NotesFor } from './build';
import { createEditReader, editsPast } from './edit-reader';
import { NO_UPDATES, selectUpdates, type UpdateSelection } from './updates';
import { partBody, type DigestLedger, type PartBody } from './ledger';
import type { PlanOutcome } from './plan';
import { SelectionIndex, type KeySelection } from './select-index';

export interface DueDigest {
  channel: string;
  /** Local day the digest belongs to (YYYY-MM-DD in the subscription's zone). */
  day: string;
}

export type BatchOutcome = PlanOutcome & DueDigest;

/** Digests planned per transaction: large enough to amortize a commit, small enough to keep the write lock briefly. */
export const PLAN_CHUNK = 500;
/**
 * The same on PostgreSQL, where each statement is a round trip the process waits for: 500
 * digests held the thread (and every command behind it) for 0.9 s on the 2-core test
 * machine, 100 for 0.13 s (SQLite: 34 ms for 500).
 */
export const PG_PLAN_CHUNK = 100;

export const planChunkFor = (db: Pick<DB, 'engine'>): number => (db.engine === 'postgres' ? PG_PLAN_CHUNK : PLAN_CHUNK);
/** Distinct rendered digests kept for reuse while the articles stay unchanged. */
const MAX_SHAPES = 2000;

export interface BatchPlannerDeps {
  db: DB;
  ledger: DigestLedger;
  store: ArticleStore;
  subscriptions: SubscriptionStore;
  topics: TopicRegistry;
  sender: Pick<DigestSender, 'split'>;
  maxEntries: number;
  /** Marks on entries (watched matches): a channel with any gets a digest of its own. */
  notesFor?: NotesFor;
}

export interface BatchPlanner {
  /** Plans the digests of `items` in one IMMEDIATE transaction (use chunks of about PLAN_CHUNK). */
  plan(items: readonly DueDigest[], now: number): BatchOutcome[];
}

/** A rendered digest, frozen once and shared by every subscription it fits. */
interface Shape {
  articleIds: string[];
  articleIdsJson: string;
  updatedIds: string[];
  parts: PartBody[];
}

/** What was read from the articles table, valid while it is unchanged. */
interface Snapshot {
  key: string;
  index: SelectionIndex;
  articles: Map<number, Article>;
  /** Each shown article's view per locale, made once however many digests show it. */
  views: Map<string, ArticleView>;
  shapes: LRUCache<string, Shape>;
}

export function createBatchPlanner(deps: BatchPlannerDeps): BatchPlanner {
  const { store } = deps;
  // Edited articles are few and read whole, by the reader buildPlan's callers share.
  const editedAfter = createEditReader(store);
  let snap: Snapshot | null = null;
  // Any commit by another connection, or an insert or in-place update by this one, changes
  // the key: a digest never shows stale titles or misses an article it should consider.
  const versionKey = () => changeKey(store.db, () => `${store.maxUpdatedAt()}:${store.watermarkNow().seq}`);

  function snapshot(from: number): Snapshot {
    const key = versionKey();
    if (!snap || snap.key !== key || !snap.index.covers(from)) {
      snap = {
        key,
        index: new SelectionIndex(store.candidateKeysAfter(from), from),
        articles: new Map(),
        views: new Map(),
        shapes: new LRUCache({ max: MAX_SHAPES }),
      };
    }
    return snap;
  }

  function article(s: Snapshot, seq: number): Article {
    let a = s.articles.get(seq);
    if (!a) {
      a = store.bySeq(seq);
      if (!a) throw new Error(`article ${seq} vanished while planning`);
      s.articles.set(seq, a);
    }
    return a;
  }

  function shapeOf(s: Snapshot, sub: Subscription, day: string, sel: KeySelection, updates: UpdateSelection): Shape {
    const updatedIds = updates.shown.map((a) => a.id);
    if (sel.shown.length === 0 && updates.shown.length === 0 && !sub.always)
      return { articleIds: [], articleIdsJson: '[]', updatedIds, parts: [] };
    const notes = deps.notesFor?.(sub.channel, sub.locale);
    const key = [
      platformOf(sub.channel),
      sub.locale,
      sub.topics.join(','),
      sub.always ? 1 : 0,
      day,
      sel.more,
      sel.shown.map((r) => r.seq).join(','),
      updates.more,
      updatedIds.join(','),
      // Notes are the channel's own (its watches): such a digest is nobody else's.
      notes ? sub.channel : '',
    ].join('|');
    let shape = s.shapes.get(key);
    if (!shape) {
      const shown = sel.shown.map((r) => article(s, r.seq));
      const topicName = (id: string) => deps.topics.name(id, sub.locale);
      const reply = renderDigest({
        selection: { shown, more: sel.more, upTo: sel.upTo },
        updates,
        ...(notes ? { notes } : {}),
        topicFilter: sub.topics,
        locale: sub.locale,
        topicName,
        day,
        view: (a) => {
          const k = `${sub.locale}:${a.seq}`;
          let v = s.views.get(k);
          if (!v) s.views.set(k, (v = articleView(a, topicName)));
          return v;
        },
      });
      // Splitting depends only on the platform, which is part of the key.
      const parts = deps.sender.split(sub.channel, reply);
      const articleIds = shown.map((a) => a.id);
      shape = { articleIds, articleIdsJson: JSON.stringify(articleIds), updatedIds, parts: parts.map(partBody) };
      s.shapes.set(key, shape);
    }
    return shape;
  }

  function planOne(
    s: Snapshot | null,
    sub: Subscription | undefined,
    item: DueDigest,
    now: number,
    chunk: { stored: Set<string>; edits: readonly Article[] },
  ): BatchOutcome {
    const { ledger } = deps;
    const existing = ledger.find(item.channel, item.day);
    if (existing) return { kind: 'exists', digest: existing, ...item };
    if (!sub || sub.status !== 'active' || !s) return { kind: 'inactive', ...item };
    // Two digests both planned from one watermark would repeat articles; wait instead.
    const older = ledger.firstPending(item.channel);
    if (older) return { kind: 'blocked', by: older, ...item };
    const sel = s.index.select(sub.watermarkSeq, sub.topics, deps.maxEntries);
    const edited = chunk.edits.length ? editsPast(chunk.edits, sub.editsSeq) : [];
    const updates = edited.length ? selectUpdates(edited, sub.watermarkSeq, sub.topics, deps.maxEntries) : NO_UPDATES;
    const shape = shapeOf(s, sub, item.day, sel, updates);
    const digest = ledger.insertFrozen(
      { channel: item.channel, day: item.day, upTo: sel.upTo, editsUpTo: updates.upTo, plannedAt: now, ...shape },
      chunk.stored,
    );
    return { kind: 'planned', digest, ...item };
  }

  return {
    plan(items, now) {
      if (!items.length) return [];
      return deps.db
        .transaction((): BatchOutcome[] => {
          // Read inside the transaction: a subscription paused or moved a moment ago is seen as it is.
          const subs = deps.subscriptions.getMany([...new Set(items.map((i) => i.channel))]);
          let from = Infinity;
          let editsFrom = Infinity;
          for (const sub of subs.values()) {
            if (sub.status !== 'active') continue;
            from = Math.min(from, sub.watermarkSeq);
            editsFrom = Math.min(editsFrom, sub.editsSeq);
          }
          // No active subscription among them: nothing to read (s stays null).
          const s = Number.isFinite(from) ? snapshot(from) : null;
          const chunk = {
            // Bodies written in this transaction; a rolled-back one forgets them with it.
            stored: new Set<string>(),
            // Edits past the oldest edit watermark, read once: each subscription's are a suffix.
            edits: Number.isFinite(editsFrom) ? editedAfter(editsFrom) : [],
          };
          return items.map((item) => planOne(s, subs.get(item.channel), item, now, chunk));
        })
        .immediate();
    },
  };
}
