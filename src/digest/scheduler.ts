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

export interface DueFire {
  channel: string;
  /** The local day the digest belongs to. */
  day: string;
  at: Date;
}

export interface SchedulerDeps {
  subscriptions: SubscriptionStore;
  timers: Timers;
  clock: () => number;
  log: Logger;
  /** These subscriptions' time has come, all at one instant (planned together). */
  fire(due: DueFire[]): void;
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

/** How soon a due slot is tried again when the subscriptions could not be read. */
export const SLOT_RETRY_MS = 30_000;

const keyOf = (sub: Subscription) => `${sub.time} ${sub.timezone}`;

interface Job {
  at: Date;
  day: string;
  /** Time and zone the job was armed for: unchanged settings keep the armed job. */
  key: string;
}

/** Every job due at one instant shares one timer, so channels due together fire together. */
interface Slot {
  jobs: Map<string, Job>;
  cancel: () => void;
}

/** Next occurrences already worked out for one `after`, by time and zone: thousands of channels share a few. */
type Memo = Map<string, { at: Date; day: string } | Error>;

export function createScheduler(deps: SchedulerDeps): Scheduler {
  const jobs = new Map<string, Job>();
  const slots = new Map<number, Slot>();
  let unlisten: (() => void) | null = null;

  const drop = (channel: string) => {
    const job = jobs.get(channel);
    if (!job) return;
    jobs.delete(channel);
    const ms = job.at.getTime();
    const slot = slots.get(ms);
    if (slot?.jobs.get(channel) !== job) return;
    slot.jobs.delete(channel);
    if (!slot.jobs.size) {
      slot.cancel();
      slots.delete(ms);
    }
  };

  function arm(channel: string, job: Job): void {
    const ms = job.at.getTime();
    let slot = slots.get(ms);
    if (!slot) {
      const fresh: Slot = { jobs: new Map(), cancel: () => {} };
      fresh.cancel = deps.timers.at(job.at, () => fireSlot(ms, fresh));
      slots.set(ms, (slot = fresh));
    }
    slot.jobs.set(channel, job);
    jobs.set(channel, job);
  }

  function fireSlot(ms: number, slot: Slot): void {
    if (slots.get(ms) !== slot) return;
    const armed = [...slot.jobs].filter(([channel, job]) => jobs.get(channel) === job);
    // Another process may have changed or paused them (its onChange never reaches us).
    let now: Map<string, Subscription>;
    try {
      now = deps.subscriptions.getMany(armed.map(([channel]) => channel));
    } catch (err) {
      // The store cannot be read (a PostgreSQL outage): these digests are still due. A throw
      // here would end the process from inside a timer; the slot is tried again shortly.
      deps.log.warn('digests due now wait: the subscriptions cannot be read', { channels: armed.length, error: err as Error });
      slot.cancel = deps.timers.at(new Date(deps.clock() + SLOT_RETRY_MS), () => fireSlot(ms, slot));
      return;
    }
    slots.delete(ms);
    for (const [channel] of armed) jobs.delete(channel);
    const due: DueFire[] = [];
    const changed: string[] = [];
    for (const [channel, job] of armed) {
      const sub = now.get(channel);
      if (!sub || sub.status !== 'active' || keyOf(sub) !== job.key) changed.push(channel);
      else due.push({ channel, day: job.day, at: job.at });
    }
    try {
      for (const channel of changed) refresh(channel);
    } catch (err) {
      deps.log.warn('changed subscriptions could not be re-read; the next sync re-arms them', { error: err as Error });
    }
    try {
      if (due.length) deps.fire(due);
    } finally {
      // Strictly after the fired instant: one fire per local day, even in a repeated hour.
      const after = Math.max(deps.clock(), ms);
      const memo: Memo = new Map();
      for (const d of due) refresh(d.channel, after, now.get(d.channel), memo);
    }
  }

  function refresh(channel: string, after = deps.clock(), known?: Subscription, memo: Memo = new Map()): void {
    const sub = known ?? deps.subscriptions.get(channel);
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
    let next = memo.get(key);
    if (!next) {
      try {
        const at = nextOccurrence(new Date(after), time, sub.timezone);
        next = { at, day: localDayKey(at, sub.timezone) };
      } catch (err) {
        next = err as Error;
      }
      memo.set(key, next);
    }
    if (next instanceof Error) {
      deps.log.warn('digest subscription cannot be scheduled', { channel, zone: sub.timezone, error: next });
      return;
    }
    arm(channel, { at: next.at, day: next.day, key });
  }

  return {
    start() {
      const after = deps.clock();
      const memo: Memo = new Map();
      for (const sub of deps.subscriptions.active()) refresh(sub.channel, after, sub, memo);
      unlisten ??= deps.subscriptions.onChange((channel) => refresh(channel));
    },
    stop() {
      unlisten?.();
      unlisten = null;
      for (const channel of [...jobs.keys()]) drop(channel);
    },
    refresh: (channel) => refresh(channel),
    sync() {
      const after = deps.clock();
      const memo: Memo = new Map();
      const active = new Map(deps.subscriptions.active().map((s) => [s.channel, s]));
      for (const channel of new Set([...active.keys(), ...jobs.keys()])) refresh(channel, after, active.get(channel), memo);
    },
    nextRun: (channel) => jobs.get(channel)?.at,
  };
}
