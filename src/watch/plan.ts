// Planning one chat's alert: the articles past its cursor that any of its watches is about,
// rendered and frozen in the alert ledger, and the cursor moved past the batch — all in one
// IMMEDIATE transaction, so two processes checking at once plan one alert between them and
// a crash after planning resends exactly the frozen parts.
import type { Reply } from '../core/types';
import type { DB } from '../store/db';
import type { WatchStore } from '../store/watches';
import type { Article } from '../store/types';
import type { AlertLedger, AlertRecord } from './ledger';
import type { WatchMatcher } from './matcher';
import { renderAlert, type AlertMatch } from './render';

export interface AlertPlannerDeps {
  db: DB;
  ledger: AlertLedger;
  watches: WatchStore;
  matcher: WatchMatcher;
  /** Articles past a seq, in seq order (a shared reader: many chats' cursors are the same). */
  candidatesAfter: (seq: number) => Article[];
  topicName: (id: string, locale: 'zh' | 'en') => string;
  split: (channel: string, reply: Reply) => Reply[];
  maxEntries: number;
}

export type AlertPlan =
  | { kind: 'planned'; alert: AlertRecord }
  /** An earlier alert is still unconfirmed: it goes first, then this chat is checked again. */
  | { kind: 'pending'; alert: AlertRecord }
  /** Nothing new, or nothing new any watch is about (the cursor moved past it). */
  | { kind: 'none' }
  | { kind: 'inactive' };

export function planAlert(deps: AlertPlannerDeps, channel: string, now: number): AlertPlan {
  return deps.db
    .transaction((): AlertPlan => {
      const chat = deps.watches.chat(channel);
      if (!chat || chat.status !== 'active') return { kind: 'inactive' };
      const earlier = deps.ledger.pending(channel)[0];
      if (earlier) return { kind: 'pending', alert: earlier };
      const candidates = deps.candidatesAfter(chat.cursorSeq);
      if (!candidates.length) return { kind: 'none' };
      const upTo = candidates[candidates.length - 1]!.seq;
      const watches = deps.watches.list(channel);
      const matches: AlertMatch[] = [];
      for (const article of candidates) {
        const hit = deps.matcher.matching(watches, article);
        if (hit.length) matches.push({ article, watches: hit });
      }
      deps.watches.advance(channel, upTo, now);
      if (!matches.length) return { kind: 'none' };
      const reply = renderAlert({
        matches,
        locale: chat.locale,
        topicName: (id) => deps.topicName(id, chat.locale),
        maxEntries: deps.maxEntries,
      });
      const alert = deps.ledger.insert({
        channel,
        fromSeq: chat.cursorSeq,
        upToSeq: upTo,
        articleIds: matches.slice(0, deps.maxEntries).map((m) => m.article.id),
        parts: deps.split(channel, reply),
        plannedAt: now,
      });
      return { kind: 'planned', alert };
    })
    .immediate();
}
