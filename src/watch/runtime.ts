// The running alert service: whenever new articles arrive (this process's poll, or an
// ingest by another process, seen as a higher article seq at the next check), every chat
// with watches gets one alert per batch listing what its watches matched. Planning freezes
// each alert in the ledger; sending goes through the digests' deliver, send queue and
// sender, so alerts have the same exactly-once guarantees and share the platforms' pacing.
import { setTimeout as wait } from 'node:timers/promises';
import type { Logger } from '../core/log';
import type { DigestSender } from '../core/sender';
import type { Reply } from '../core/types';
import type { DB } from '../store/db';
import type { ArticleStore } from '../store/articles';
import type { WatchStore } from '../store/watches';
import type { TopicRegistry } from '../topics/registry';
import { createCandidateReader } from '../digest/candidates';
import { DEFAULT_RETRY, sendDigest, type DeliverDeps, type RetryPolicy, type SendOutcome } from '../digest/deliver';
import { DeliveryLanes } from '../digest/lanes';
import type { SendQueue } from '../digest/send-queue';
import { AlertLedger } from './ledger';
import type { WatchMatcher } from './matcher';
import { planAlert, type AlertPlannerDeps } from './plan';
import { RepeatLog } from '../core/repeat-log';

export interface AlertRuntimeDeps {
  db: DB;
  store: ArticleStore;
  watches: WatchStore;
  topics: TopicRegistry;
  matcher: WatchMatcher;
  sender: DigestSender;
  /** The digests' send queue: alerts and digests share each platform's pacing. */
  queue: SendQueue;
  /** Names this process in leases (the digest runtime's holder). */
  holder: string;
  clock: () => number;
  log: Logger;
  /** Most articles one alert lists. */
  maxEntries: number;
  /** How often to look for articles another process stored, and retry unconfirmed alerts. */
  checkEveryMs: number;
  leaseMs?: number;
  retry?: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
  /** Repeats `fn` every `ms`; returns a function that stops it. Defaults to an unref'd setInterval. */
  every?: (ms: number, fn: () => void) => () => void;
  /** Finished alerts older than this are forgotten. */
  keepDays?: number;
  stopTimeoutMs?: number;
}

export type AlertOutcome =
  SendOutcome | { kind: 'none' | 'inactive' | 'stopped'; channel: string } | { kind: 'error'; channel: string; error: string };

export interface AlertRuntime {
  /** Resumes unconfirmed alerts, then checks every chat, then keeps checking every `checkEveryMs`. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** New articles may have arrived: plans and sends what every chat is owed now. */
  check(): Promise<AlertOutcome[]>;
  readonly ledger: AlertLedger;
}

const defaultSleep = (ms: number): Promise<void> => wait(ms, undefined, { ref: false });
const defaultEvery = (ms: number, fn: () => void) => {
  const t = setInterval(fn, ms);
  t.unref();
  return () => clearInterval(t);
};

export function createAlertRuntime(deps: AlertRuntimeDeps): AlertRuntime {
  const { clock, log, holder } = deps;
  const ledger = new AlertLedger(deps.db);
  let stopped = false;
  let wakeAll: () => void = () => {};
  const stopSignal = new Promise<void>((resolve) => (wakeAll = resolve));
  const rawSleep = deps.sleep ?? defaultSleep;
  const sleep = (ms: number) => (stopped ? Promise.resolve() : Promise.race([rawSleep(ms), stopSignal]));

  const deliverDeps: DeliverDeps = {
    ledger,
    subscriptions: deps.watches,
    sender: deps.sender,
    queue: deps.queue,
    clock,
    sleep,
    log,
    holder,
    leaseMs: deps.leaseMs ?? 5 * 60_000,
    retry: deps.retry ?? DEFAULT_RETRY,
    isStopped: () => stopped,
    repeats: new RepeatLog(log, clock),
    label: 'alert',
  };
  const planner: AlertPlannerDeps = {
    db: deps.db,
    ledger,
    watches: deps.watches,
    matcher: deps.matcher,
    candidatesAfter: createCandidateReader(deps.store),
    topicName: (id, locale) => deps.topics.name(id, locale),
    split: (channel: string, reply: Reply) => deps.sender.split(channel, reply),
    maxEntries: deps.maxEntries,
  };

  const lanes = new DeliveryLanes<AlertOutcome>('alert', log, () => stopped, clock);
  const serial = (channel: string, task: () => Promise<AlertOutcome>): Promise<AlertOutcome> => lanes.serial(channel, task);

  /** Sends what is unconfirmed, then plans and sends the chat's next batch. */
  async function deliver(channel: string): Promise<AlertOutcome> {
    for (const a of ledger.pending(channel)) {
      const out = await sendDigest(deliverDeps, a.id);
      // Still unconfirmed: a new batch would overtake it; it is retried at the next check.
      if (out.kind !== 'sent' && out.kind !== 'done' && out.kind !== 'abandoned') return out;
    }
    const plan = planAlert(planner, channel, clock());
    switch (plan.kind) {
      case 'planned':
        log.info('alert planned', { channel, articles: plan.alert.articleIds.length });
        return sendDigest(deliverDeps, plan.alert.id);
      case 'pending':
        return sendDigest(deliverDeps, plan.alert.id);
      case 'none':
      case 'inactive':
        return { kind: plan.kind, channel };
    }
  }

  const keepMs = (deps.keepDays ?? 30) * 86_400_000;
  let prunedAt = -Infinity;
  let checking: Promise<AlertOutcome[]> | null = null;
  let again = false;

  async function checkOnce(): Promise<AlertOutcome[]> {
    if (clock() - prunedAt >= 86_400_000) {
      prunedAt = clock();
      ledger.prune(prunedAt - keepMs);
    }
    const newest = deps.store.watermarkNow().seq;
    const channels = new Set(ledger.pending().map((a) => a.channel));
    for (const chat of deps.watches.activeChats()) if (chat.cursorSeq < newest) channels.add(chat.channel);
    // A chat already being worked on here is checked again by that task's next round; one on a
    // platform this process does not run waits for a process that does (see DigestSender.serves).
    const mine = [...channels].filter((c) => !lanes.has(c) && (deps.sender.serves?.(c) ?? true));
    return Promise.all(mine.map((c) => serial(c, () => deliver(c))));
  }

  /** One check at a time; a request during one runs once more right after it. */
  function check(): Promise<AlertOutcome[]> {
    if (stopped) return Promise.resolve([]);
    if (checking) {
      again = true;
      return checking;
    }
    checking = (async () => {
      const out: AlertOutcome[] = [];
      try {
        do {
          again = false;
          out.push(...(await checkOnce()));
        } while (again && !stopped);
      } catch (err) {
        log.error('alert check failed', { error: err as Error });
      } finally {
        checking = null;
      }
      return out;
    })();
    return checking;
  }

  let cancel: () => void = () => {};
  return {
    ledger,
    check,
    async start() {
      const stale = ledger.releaseAll(holder);
      if (stale) log.info('released alert leases left by an earlier run', { count: stale });
      cancel = (deps.every ?? defaultEvery)(deps.checkEveryMs, () => void check());
      await check();
    },
    async stop() {
      stopped = true;
      wakeAll();
      cancel();
      let gaveUp = false;
      await Promise.race([lanes.idle(), rawSleep(deps.stopTimeoutMs ?? 15_000).then(() => (gaveUp = true))]);
      if (gaveUp && lanes.size) log.warn('stopped while alert sends were still unanswered', { count: lanes.size });
    },
  };
}
