// The running digest service: schedules every active subscription, plans and sends each
// day's digest exactly once, resumes what a crash left half-sent, catches up after
// downtime and retries pending digests periodically. Everything time-related is injected.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as wait } from 'node:timers/promises';
import { missedDigest } from './catchup';
import { DEFAULT_RETRY, sendDigest, type DeliverDeps } from './deliver';
import { DeliveryLanes } from './lanes';
import { DigestLedger } from './ledger';
import { createBatchPlanner, planChunkFor, type BatchOutcome, type DueDigest } from './plan-batch';
import { localDayKey } from '../core/schedule-time';
import { createScheduler, nodeScheduleTimers, SLOT_RETRY_MS } from './scheduler';
import { Later } from './later';
import type { DigestOutcome, DigestRuntime, DigestRuntimeDeps } from './runtime-types';
import { createSendQueue } from './send-queue';
import { RepeatLog } from '../core/repeat-log';

export type { Timers } from './scheduler';

export type { DigestOutcome, DigestRuntime, DigestRuntimeDeps } from './runtime-types';

// Unref'd: a pending wait must not keep a stopping process alive.
const defaultSleep = (ms: number): Promise<void> => wait(ms, undefined, { ref: false });
const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function createDigestRuntime(deps: DigestRuntimeDeps): DigestRuntime {
  const holder = deps.holder ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const timers = deps.timers ?? nodeScheduleTimers;
  const later = new Later(timers, deps.clock);
  const { clock, log } = deps;
  const ledger = new DigestLedger(deps.db, deps.subscriptions);
  const retryEveryMs = deps.retryEveryMs ?? 5 * 60_000;

  let stopped = false;
  let wakeAll: () => void = () => {};
  const stopSignal = new Promise<void>((resolve) => (wakeAll = resolve));
  const rawSleep = deps.sleep ?? defaultSleep;
  // Waits end early on stop; whoever waited sees `stopped` and leaves its digest pending.
  const sleep = (ms: number) => (stopped ? Promise.resolve() : Promise.race([rawSleep(ms), stopSignal]));

  const { pacing } = deps;
  const queue = createSendQueue({ clock, sleep, pacing: pacing ? (p) => pacing[p] : (p) => deps.sender.pacing?.(p) });
  const deliverDeps: DeliverDeps = {
    ledger,
    subscriptions: deps.subscriptions,
    sender: deps.sender,
    queue,
    clock,
    sleep,
    log,
    holder,
    leaseMs: deps.leaseMs ?? 5 * 60_000,
    retry: deps.retry ?? DEFAULT_RETRY,
    isStopped: () => stopped,
    repeats: new RepeatLog(log, clock),
  };
  const planner = createBatchPlanner({
    db: deps.db,
    ledger,
    store: deps.store,
    subscriptions: deps.subscriptions,
    topics: deps.topics,
    sender: deps.sender,
    maxEntries: deps.maxEntries,
    ...(deps.notesFor ? { notesFor: deps.notesFor } : {}),
  });
  const planChunk = Math.max(1, deps.planChunk ?? planChunkFor(deps.db));

  /** One task at a time per channel in this process, in arrival order (the lease covers other processes). */
  const lanes = new DeliveryLanes<DigestOutcome>('digest', log, () => stopped, clock);
  const served = (channel: string) => deps.sender.serves?.(channel) ?? true;
  const serial = (channel: string, task: () => Promise<DigestOutcome>): Promise<DigestOutcome> => lanes.serial(channel, task);

  /** What to do with a plan: send it, or say why there is nothing to send. */
  function afterPlan(plan: BatchOutcome): Promise<DigestOutcome> | DigestOutcome {
    const { channel, day } = plan;
    switch (plan.kind) {
      case 'planned':
        if (plan.digest.status === 'empty') return { kind: 'empty', channel, day };
        return sendDigest(deliverDeps, plan.digest.id);
      case 'exists':
        // Planned by this day's earlier run or by another process: finish it if it is ours to finish.
        return plan.digest.status === 'pending' ? sendDigest(deliverDeps, plan.digest.id) : { kind: 'exists', channel, day };
      case 'blocked':
        log.info('digest waits behind an unconfirmed earlier one', { channel, day, earlier: plan.by.day });
        return { kind: 'blocked', channel, day };
      case 'inactive':
        return { kind: 'inactive', channel, day };
    }
  }

  /** One channel, in its lane: whatever an earlier run left unconfirmed goes first, then the day's digest. */
  function deliverDay(channel: string, day: string): Promise<DigestOutcome> {
    return serial(channel, async () => {
      for (const d of ledger.pending(channel)) await sendDigest(deliverDeps, d.id);
      return afterPlan(planner.plan([{ channel, day }], clock())[0]!);
    });
  }

  /**
   * Many channels due together: planned in chunks (one transaction each), each chunk's digests
   * queued for sending as soon as it is planned, the event loop free between chunks. A channel
   * with a task in flight here, or an unconfirmed earlier digest, goes the one-channel way.
   */
  async function deliverDue(items: readonly DueDigest[], failingSince?: number): Promise<DigestOutcome[]> {
    const out: Promise<DigestOutcome>[] = [];
    const now = (o: DigestOutcome) => out.push(Promise.resolve(o));
    const batch: DueDigest[] = [];
    for (const item of items) {
      if (!served(item.channel)) now({ kind: 'elsewhere', channel: item.channel, day: item.day });
      else if (lanes.has(item.channel)) out.push(deliverDay(item.channel, item.day));
      else batch.push(item);
    }
    for (let i = 0; i < batch.length; i += planChunk) {
      if (i > 0) await yieldToLoop();
      const chunk = batch.slice(i, i + planChunk);
      if (stopped) {
        for (const { channel } of chunk) now({ kind: 'stopped', channel });
        continue;
      }
      let plans: BatchOutcome[];
      try {
        plans = planner.plan(
          chunk.filter((c) => !lanes.has(c.channel)),
          clock(),
        );
      } catch (err) {
        // The store may be unreachable for a moment: these digests are still owed, and planning is
        // exactly-once, so the chunk is planned again shortly — within the catch-up window.
        const since = failingSince ?? clock();
        const again = clock() - since < deps.catchupHours * 3_600_000;
        const what = again ? 'digest planning failed; trying again shortly' : 'digest planning failed';
        log.error(what, { channels: chunk.length, error: err as Error });
        if (again) later.after(SLOT_RETRY_MS, () => void deliverDue(chunk, since));
        for (const { channel } of chunk) now({ kind: 'error', channel, error: (err as Error).message });
        continue;
      }
      for (const item of chunk) if (lanes.has(item.channel)) out.push(deliverDay(item.channel, item.day));
      for (const plan of plans) {
        out.push(plan.kind === 'blocked' ? deliverDay(plan.channel, plan.day) : serial(plan.channel, async () => afterPlan(plan)));
      }
    }
    return Promise.all(out);
  }

  function resumePending(): Promise<DigestOutcome>[] {
    return ledger
      .pendingRefs()
      .filter((d) => !lanes.has(d.channel) && served(d.channel)) // not already being worked on here
      .map((d) => serial(d.channel, () => sendDigest(deliverDeps, d.id)));
  }

  function catchUp(now: number): Promise<DigestOutcome[]> {
    const windowMs = deps.catchupHours * 3_600_000;
    const due: DueDigest[] = [];
    for (const sub of deps.subscriptions.active()) {
      if (!served(sub.channel)) continue;
      let missed;
      try {
        missed = missedDigest(sub, now, windowMs, (day) => ledger.find(sub.channel, day) !== undefined);
      } catch (err) {
        log.warn('cannot work out a missed digest', { channel: sub.channel, error: err as Error });
        continue;
      }
      if (missed.kind === 'due') {
        log.info('catching up a missed digest', { channel: sub.channel, day: missed.day });
        due.push({ channel: sub.channel, day: missed.day });
      } else if (missed.kind === 'too-old') {
        log.info('missed digest is too old to send late; its articles go in the next one', { channel: sub.channel, day: missed.day });
      }
    }
    return deliverDue(due);
  }

  const runDue = async (now = clock()) => {
    const resumed = resumePending();
    const [a, b] = await Promise.all([Promise.all(resumed), catchUp(now)]);
    return [...a, ...b];
  };

  const scheduler = createScheduler({
    subscriptions: deps.subscriptions,
    timers,
    clock,
    log,
    fire(due) {
      if (!stopped) void deliverDue(due);
    },
  });

  const keepMs = Math.max(deps.keepDays ?? 30, 8) * 86_400_000;
  let prunedAt = -Infinity;
  const prune = () => {
    if (clock() - prunedAt < 86_400_000) return;
    prunedAt = clock();
    const n = ledger.prune(prunedAt - keepMs);
    if (n) log.debug('pruned old digest records', { count: n });
  };

  let cancelSweep: () => void = () => {};
  const armSweep = () => {
    if (stopped) return;
    cancelSweep = timers.at(new Date(clock() + retryEveryMs), () => {
      if (stopped) return;
      try {
        prune();
        scheduler.sync();
        void Promise.all(resumePending());
      } catch (err) {
        log.error('digest retry sweep failed', { error: err as Error });
      }
      armSweep();
    });
  };

  return {
    ledger,
    holder,
    queue,
    nextRun: (channel) => scheduler.nextRun(channel),
    async start() {
      const stale = ledger.releaseAll(holder);
      if (stale) log.info('released digest leases left by an earlier run', { count: stale });
      prune();
      scheduler.start();
      armSweep();
      await runDue();
    },
    async stop() {
      stopped = true;
      wakeAll();
      scheduler.stop();
      later.stop();
      cancelSweep();
      // A send the platform never answers must not hold shutdown; its lease simply expires.
      let gaveUp = false;
      await Promise.race([lanes.idle(), rawSleep(deps.stopTimeoutMs ?? 15_000).then(() => (gaveUp = true))]);
      if (gaveUp && lanes.size) log.warn('stopped while digest sends were still unanswered', { count: lanes.size });
    },
    runDue,
    deliverNow(channel) {
      const sub = deps.subscriptions.get(channel);
      if (!sub) return Promise.resolve({ kind: 'inactive', channel });
      return deliverDay(channel, localDayKey(new Date(clock()), sub.timezone));
    },
  };
}
