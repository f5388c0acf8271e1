// One timer per active subscription, armed for its next local HH:MM and re-armed after
// each fire or subscription change. The DST logic lives in nextOccurrence (tested); the
// timer only has to fire at a given instant, so node-schedule gets one-off Dates.
import schedule from 'node-schedule';
import type { Logger } from '../core/log';
import type { Subscription, SubscriptionStore } from '../store/subscriptions';
import { localDayKey, nextOccurrence, parseHHMM } from '../core/schedule-time';

export interface Timers {
  /** Calls `fn` once at `date`; returns a function that cancels it. */
  at(date: Date, fn: () => void): () => void;
}

export const nodeScheduleTimers: Timers = {
  at(date, fn) {
    // node-schedule ignores dates already past; those are due now.
    if (date.getTime() <= Date.now()) {
      const t = setTimeout(fn, 0);
      return () => clearTimeout(t);
    }
    const job = schedule.scheduleJob(date, fn);
    return () => {
      job?.cancel();
    };
  },
};

export interface SchedulerDeps {
  subscriptions: SubscriptionStore;
  timers: Timers;
  clock: () => number;
  log: Logger;
  /** A subscription's time has come: `day` is the local day it belongs to. */
  fire(channel: string, day: string, at: Date): void;
}

export interface Scheduler {
  /** Arms every active subscription and follows changes from now on. */
  start(): void;
  stop(): void;
  /** Re-reads one subscription and (re)arms or drops its timer. */
  refresh(channel: string): void;
  /** Re-reads every subscription: picks up changes made by another process on the same database. */
  sync(): void;
  /** When a channel's next digest is due (undefined when none is armed). */
  nextRun(channel: string): Date | undefined;
}

const keyOf = (sub: Subscription) => `${sub.time} ${sub.timezone}`;

interface Job {
  at: Date;
  /** Time and zone the job was armed for: unchanged settings keep the armed job. */
  key: string;
  cancel: () => void;
}

export function createScheduler(deps: SchedulerDeps): Scheduler {
  const jobs = new Map<string, Job>();
  let unlisten: (() => void) | null = null;

  const drop = (channel: string) => {
    jobs.get(channel)?.cancel();
    jobs.delete(channel);
  };

  function refresh(channel: string, after = deps.clock()): void {
    const sub = deps.subscriptions.get(channel);
    if (!sub || sub.status !== 'active') return drop(channel);
    const time = parseHHMM(sub.time);
    if (!time) {
      deps.log.warn('digest subscription has an unreadable time; not scheduled', { channel, time: sub.time });
      return drop(channel);
    }
    const key = keyOf(sub);
    const old = jobs.get(channel);
    if (old && old.key === key && old.at.getTime() > after) return;
    drop(channel);
    let at: Date;
    try {
      at = nextOccurrence(new Date(after), time, sub.timezone);
    } catch (err) {
      deps.log.warn('digest subscription cannot be scheduled', { channel, zone: sub.timezone, error: err as Error });
      return;
    }
    const day = localDayKey(at, sub.timezone);
    const job: Job = {
      at,
      key,
      cancel: () => {},
    };
    job.cancel = deps.timers.at(at, () => {
      if (jobs.get(channel) !== job) return; // superseded by a later change
      jobs.delete(channel);
      // Another process may have changed or paused it (its onChange never reaches us).
      const now = deps.subscriptions.get(channel);
      if (!now || now.status !== 'active' || keyOf(now) !== key) return refresh(channel);
      try {
        deps.fire(channel, day, at);
      } finally {
        // Strictly after the fired instant: one fire per local day, even in a repeated hour.
        refresh(channel, Math.max(deps.clock(), at.getTime()));
      }
    });
    jobs.set(channel, job);
  }

  return {
    start() {
      for (const sub of deps.subscriptions.active()) refresh(sub.channel);
      unlisten ??= deps.subscriptions.onChange((channel) => refresh(channel));
    },
    stop() {
      unlisten?.();
      unlisten = null;
      for (const channel of [...jobs.keys()]) drop(channel);
    },
    refresh: (channel) => refresh(channel),
    sync() {
      const active = new Set(deps.subscriptions.active().map((s) => s.channel));
      for (const channel of new Set([...active, ...jobs.keys()])) refresh(channel);
    },
    nextRun: (channel) => jobs.get(channel)?.at,
  };
}
