// What chat lifecycle events mean for subscriptions: the bot removed or muted → paused at
// once (why and when stored, its unsent digests given up), back → still paused until an admin
// resumes, a chat that changed id → its subscription and digest history follow, exactly once.
// Which platform spoke is unknown here; adapters only translate.
import type { ChatEvent } from '../core/lifecycle';
import type { Logger } from '../core/log';
import { parseHHMM, previousOccurrence } from '../core/schedule-time';
import type { ArticleStore } from '../store/articles';
import type { DB } from '../store/db';
import type { SubscribeInput, Subscription, SubscriptionStore } from '../store/subscriptions';
import type { DigestLedger } from './ledger';

export type LifecycleOutcome =
  /** No subscription here: nothing to do (listeners may still have something, e.g. watches). */
  | 'no-subscription'
  /** Already in the state the event asks for (a repeated event). */
  | 'unchanged'
  | 'paused'
  | 'moved'
  /** The new id already had its own subscription: that one stays and the old one is dropped. */
  | 'merged';

/**
 * Called for every chat event inside its transaction, after subscriptions were updated, so
 * other per-chat state (watches) pauses or moves atomically with them. Must be synchronous.
 */
export type LifecycleListener = (event: ChatEvent, outcome: LifecycleOutcome, now: number) => void;

export interface ResumeResult {
  sub: Subscription;
  created: boolean;
  /** Undelivered articles (in the subscription's topics) older than the catch-up window, skipped. */
  skipped: number;
  /** Articles first seen after this instant go in the next digest (set when any were skipped). */
  keptSince: number | null;
}

export interface ChatLifecycle {
  handle(event: ChatEvent): LifecycleOutcome;
  /**
   * Subscribes (or resumes a paused subscription) like SubscriptionStore.subscribe; a resumed
   * one skips what it missed beyond the catch-up window instead of sending it all at once.
   */
  subscribe(input: SubscribeInput, watermark: Parameters<SubscriptionStore['subscribe']>[1], now: number): ResumeResult;
  /** Adds a listener; returns its removal. */
  onEvent(listener: LifecycleListener): () => void;
}

export interface ChatLifecycleDeps {
  db: DB;
  subscriptions: SubscriptionStore;
  ledger: DigestLedger;
  store: ArticleStore;
  log: Logger;
  clock: () => number;
  /** DIGEST_CATCHUP_HOURS: how far back a late digest still reaches. */
  catchupHours: number;
}

export function createChatLifecycle(deps: ChatLifecycleDeps): ChatLifecycle {
  const { db, subscriptions, ledger, log } = deps;
  let listeners: LifecycleListener[] = [];

  /** Gives up a channel's unsent digests: their articles stay past the watermark for later. */
  const abandonPending = (channel: string, reason: string) => {
    for (const d of ledger.pending(channel)) ledger.abandon(d.id, reason);
  };

  function apply(event: ChatEvent, now: number): LifecycleOutcome {
    switch (event.kind) {
      case 'removed':
      case 'lost-permission': {
        const sub = subscriptions.get(event.channel);
        if (!sub) return 'no-subscription';
        const code = event.kind === 'removed' ? event.code : 'no-permission';
        if (!subscriptions.pause(event.channel, { code, ...(event.detail ? { detail: event.detail } : {}) }, now)) return 'unchanged';
        abandonPending(event.channel, `paused: ${code}`);
        return 'paused';
      }
      case 'readded': {
        const sub = subscriptions.get(event.channel);
        if (!sub) return 'no-subscription';
        // Back means it was away: a removal this process never heard of still pauses.
        return subscriptions.pause(event.channel, { code: 'removed' }, now) ? 'paused' : 'unchanged';
      }
      case 'migrated': {
        const { from, to } = event;
        if (from === to) return 'unchanged';
        const old = subscriptions.get(from);
        if (!old) return subscriptions.get(to) ? 'unchanged' : 'no-subscription';
        const taken = subscriptions.get(to) !== undefined;
        if (taken) subscriptions.unsubscribe(from);
        else subscriptions.move(from, to, now);
        ledger.moveChannel(from, to);
        // What could not follow (the new id already had that day) must never go to the dead id.
        abandonPending(from, `chat moved to ${to}`);
        return taken ? 'merged' : 'moved';
      }
    }
  }

  function logOutcome(event: ChatEvent, outcome: LifecycleOutcome): void {
    if (outcome === 'unchanged' || outcome === 'no-subscription') {
      log.debug('chat event changed nothing', { event: event.kind, outcome });
      return;
    }
    if (event.kind === 'migrated') {
      log.info('subscription followed its chat to a new id', { from: event.from, to: event.to, outcome });
    } else if (event.kind === 'readded') {
      log.warn('bot is back in a chat it had left unnoticed; the subscription stays paused', { channel: event.channel });
    } else {
      const code = event.kind === 'removed' ? event.code : 'no-permission';
      log.warn('subscription paused', { channel: event.channel, code, ...(event.detail ? { detail: event.detail } : {}) });
    }
  }

  /** Where a resumed subscription's next digest starts: what a normal day holds, reaching back the catch-up window. */
  function keepFrom(input: SubscribeInput, now: number): number {
    const windowStart = now - deps.catchupHours * 3_600_000;
    const time = parseHHMM(input.time);
    if (!time) return windowStart;
    return Math.min(previousOccurrence(new Date(now), time, input.timezone).getTime(), windowStart);
  }

  return {
    handle(event) {
      const now = deps.clock();
      const outcome = db
        .transaction(() => {
          const o = apply(event, now);
          for (const l of listeners) l(event, o, now);
          return o;
        })
        .immediate();
      if (event.kind === 'readded' && outcome === 'unchanged') {
        log.info('bot is back in a chat; its subscription stays paused until an admin sends /subscribe', { channel: event.channel });
      } else {
        logOutcome(event, outcome);
      }
      return outcome;
    },

    subscribe(input, watermark, now) {
      return db
        .transaction((): ResumeResult => {
          const before = subscriptions.get(input.channel);
          let skipped = 0;
          let keptSince: number | null = null;
          if (before?.status === 'paused') {
            const since = keepFrom(input, now);
            const cut = deps.store.watermarkAt(since);
            skipped = deps.store.countSeqRange(before.watermarkSeq, cut.seq, input.topics);
            if (cut.seq > before.watermarkSeq) {
              subscriptions.advance(input.channel, cut.seq, cut.firstSeenAt, now);
              keptSince = since;
            }
          }
          const { sub, created } = subscriptions.subscribe(input, watermark, now);
          if (before?.status === 'paused') log.info('subscription resumed', { channel: input.channel, skipped });
          return { sub, created, skipped, keptSince };
        })
        .immediate();
    },

    onEvent(listener) {
      listeners.push(listener);
      return () => {
        listeners = listeners.filter((l) => l !== listener);
      };
    },
  };
}
