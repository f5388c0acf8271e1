// Sending one planned digest: take its lease, send each unconfirmed part in order through
// the send queue, record each confirmation, and turn platform failures into decisions
// (wait, retry later, pause the subscription, follow a migrated chat).
import { DeliveryError } from '../core/errors';
import type { PauseCode } from '../core/lifecycle';
import type { Logger } from '../core/log';
import type { DigestSender } from '../core/sender';
import type { Locale, Reply, SendContext } from '../core/types';
import type { DB } from '../store/db';
import type { SendQueue } from './send-queue';
import type { RepeatLog } from '../core/repeat-log';

export interface RetryPolicy {
  /** Retries of one part after transient failures before leaving the digest for later. */
  transientRetries: number;
  /** First backoff; doubles on each retry. */
  backoffMs: number;
  /** Rate-limit answers tolerated for one part before leaving the digest for later. */
  maxRateLimits: number;
}

/**
 * A server error is retried soon (0.5, 1, 2 s): the retry goes ahead of the sends not yet begun
 * and is paced like any send, so waiting longer only leaves the digest behind everyone else's.
 * A send that got no answer at all (a dropped connection, a timeout) has already waited for
 * one, and nothing says the platform is struggling: its first retry goes at once.
 */
export const DEFAULT_RETRY: RetryPolicy = { transientRetries: 3, backoffMs: 500, maxRateLimits: 20 };

/**
 * What sending needs of a ledger of planned messages (the digest ledger, the alert ledger):
 * frozen parts, per-part confirmations, leases and outcomes.
 */
export interface DeliveryLedger {
  readonly db: DB;
  get(id: number): { channel: string; status: string; day?: string } | undefined;
  parts(id: number): { idx: number; reply: Reply; messageId: string | null }[];
  acquire(id: number, holder: string, now: number, ttlMs: number): boolean;
  renew(id: number, holder: string, now: number, ttlMs: number): boolean;
  release(id: number, holder: string): void;
  confirmPart(id: number, idx: number, messageId: string, now: number): unknown;
  abandon(id: number, reason: string): void;
  recordFailure(id: number, error: string): void;
  moveChannel(from: string, to: string): void;
}

/** Whoever asked for a channel's messages (its subscription, its watches): still wanted, paused, moved. */
export interface DeliveryOwners {
  get(
    channel: string,
  ): { status: 'active' | 'paused'; pausedReason: string | null; pausedCode?: PauseCode | null; locale?: Locale } | undefined;
  pause(channel: string, why: { code: PauseCode; detail?: string }, now: number): void;
  move(from: string, to: string, now: number): void;
}

export interface DeliverDeps {
  ledger: DeliveryLedger;
  subscriptions: DeliveryOwners;
  sender: DigestSender;
  queue: SendQueue;
  clock: () => number;
  sleep: (ms: number) => Promise<void>;
  log: Logger;
  holder: string;
  leaseMs: number;
  retry: RetryPolicy;
  isStopped: () => boolean;
  /** Names what is sent in log lines; 'digest' unless set. */
  label?: string;
  /** Folds a failure many sends meet at once (a platform down) into one log line. */
  repeats?: RepeatLog;
}

export type SendOutcome =
  | { kind: 'sent'; channel: string; digestId: number; parts: number }
  /** Left unconfirmed; the retry sweep or the next start sends the rest. */
  | { kind: 'pending'; channel: string; digestId: number; reason: string }
  | { kind: 'abandoned'; channel: string; digestId: number; reason: string }
  /** Another process (or another task here) holds the lease. */
  | { kind: 'busy'; channel: string; digestId: number }
  /** Nothing left to do: already sent, empty or abandoned. */
  | { kind: 'done'; channel: string; digestId: number };

const label = (deps: DeliverDeps): string => deps.label ?? 'digest';

class Stopped extends Error {}
class LeaseLost extends Error {}

type PartResult = { ok: true; channel: string; messageId: string } | { ok: false; outcome: SendOutcome };

export async function sendDigest(deps: DeliverDeps, id: number): Promise<SendOutcome> {
  const queued = deps.ledger.get(id);
  if (!queued) throw new Error(`no ${label(deps)} ${id}`);
  if (queued.status !== 'pending') return { kind: 'done', channel: queued.channel, digestId: id };
  // Claimed only once this process has room for it: until then another process may take it.
  const leave = await deps.queue.admit(queued.channel);
  try {
    if (deps.isStopped()) return { kind: 'pending', channel: queued.channel, digestId: id, reason: 'stopping' };
    return await sendClaimed(deps, id, queued.channel);
  } finally {
    leave();
  }
}

async function sendClaimed(deps: DeliverDeps, id: number, queuedFor: string): Promise<SendOutcome> {
  const { ledger, holder } = deps;
  // Read again: while it waited, another process may have sent it, or the chat moved.
  const d = ledger.get(id);
  if (!d || d.status !== 'pending') return { kind: 'done', channel: d?.channel ?? queuedFor, digestId: id };
  if (!ledger.acquire(id, holder, deps.clock(), deps.leaseMs)) return { kind: 'busy', channel: d.channel, digestId: id };
  try {
    const sub = deps.subscriptions.get(d.channel);
    if (!sub || sub.status !== 'active') {
      const reason = sub
        ? `subscription paused: ${sub.pausedCode ?? ''}${sub.pausedReason ? ` (${sub.pausedReason})` : ''}`
        : 'unsubscribed';
      ledger.abandon(id, reason);
      return { kind: 'abandoned', channel: d.channel, digestId: id, reason };
    }
    let channel = d.channel;
    const parts = ledger.parts(id);
    let firstMessageId = parts[0]?.messageId ?? undefined;
    for (const part of parts) {
      if (part.messageId) continue; // confirmed before a crash or restart: never resent
      const context: SendContext = {
        ...(d.day ? { day: d.day } : {}),
        ...(sub.locale ? { locale: sub.locale } : {}),
        ...(firstMessageId ? { firstMessageId } : {}),
        resendKey: `${label(deps).slice(0, 1)}${id}.${part.idx}`,
      };
      const r = await sendPart(deps, id, channel, part.idx, part.reply, context, firstMessageId !== undefined);
      if (!r.ok) return r.outcome;
      channel = r.channel;
      firstMessageId ??= r.messageId;
    }
    deps.log.info(`${label(deps)} sent`, { channel, ...(d.day ? { day: d.day } : {}), parts: parts.length });
    return { kind: 'sent', channel, digestId: id, parts: parts.length };
  } finally {
    ledger.release(id, holder);
  }
}

async function sendPart(
  deps: DeliverDeps,
  id: number,
  startChannel: string,
  idx: number,
  reply: Reply,
  context: SendContext,
  /** An earlier part of this digest is out: the rest goes ahead of digests not yet begun. */
  continuing: boolean,
): Promise<PartResult> {
  const { ledger, log } = deps;
  let channel = startChannel;
  let transient = 0;
  let rateLimits = 0;
  const pending = (reason: string): PartResult => {
    ledger.recordFailure(id, reason);
    return { ok: false, outcome: { kind: 'pending', channel, digestId: id, reason } };
  };
  for (let attempt = 0; ; attempt++) {
    try {
      const target = channel;
      const send = async () => {
        if (deps.isStopped()) throw new Stopped();
        // Renewed right before each send: a holder that stalled past its lease stops here.
        if (!ledger.renew(id, deps.holder, deps.clock(), deps.leaseMs)) throw new LeaseLost();
        return deps.sender.send(target, reply, context);
      };
      // A retry or a later part goes first: failures late in a fan-out must not form a tail after it.
      const res = await deps.queue.run(target, send, { first: continuing || attempt > 0 });
      ledger.confirmPart(id, idx, res.messageId, deps.clock());
      deps.repeats?.settle();
      return { ok: true, channel, messageId: res.messageId };
    } catch (err) {
      if (err instanceof Stopped) return { ok: false, outcome: { kind: 'pending', channel, digestId: id, reason: 'stopping' } };
      if (err instanceof LeaseLost) return { ok: false, outcome: { kind: 'busy', channel, digestId: id } };
      if (!(err instanceof DeliveryError)) {
        // Not a platform answer: a bug or a dying process. Retrying blindly could repeat it.
        log.error(`${label(deps)} part failed unexpectedly; left for retry`, { channel, part: idx, error: err as Error });
        return pending(`unexpected: ${(err as Error).message}`);
      }
      const f = err.failure;
      switch (f.kind) {
        case 'rate-limited':
          if (++rateLimits > deps.retry.maxRateLimits) return pending('rate limited');
          // The queue keeps only this chat waiting; other channels carry on.
          deps.queue.holdOff(channel, f.retryAfterMs);
          continue;
        case 'offline':
          // Nothing to gain by retrying now: the adapter said why once; a restart with a working token sends it.
          log.debug(`${label(deps)} waits for its platform`, { channel, part: idx, error: err.message });
          return pending(`offline: ${err.message}`);
        case 'transient':
          if (transient >= deps.retry.transientRetries) {
            const msg = `${label(deps)} part still failing; left for retry`;
            const ctx = { channel, part: idx, error: err.message };
            if (deps.repeats)
              deps.repeats.report(
                'warn',
                msg,
                err.message,
                ctx,
                (n) => `${n} more ${label(deps)} parts failing the same way; left for retry`,
              );
            else log.warn(msg, ctx);
            return pending(`transient: ${err.message}`);
          }
          if (transient > 0 || !f.noAnswer) await deps.sleep(deps.retry.backoffMs * 2 ** transient);
          transient++;
          continue;
        case 'permanent': {
          const now = deps.clock();
          ledger.db
            .transaction(() => {
              deps.subscriptions.pause(channel, { code: 'refused', detail: f.reason }, now);
              ledger.abandon(id, f.reason);
            })
            .immediate();
          log.warn(`${label(deps)} subscription paused: the platform refused delivery`, { channel, reason: f.reason });
          return { ok: false, outcome: { kind: 'abandoned', channel, digestId: id, reason: f.reason } };
        }
        case 'migrated': {
          const moved = migrate(deps, id, channel, f.newChannel);
          if (!moved.ok) return moved;
          channel = f.newChannel;
          continue;
        }
      }
    }
  }
}

/** Moves the subscription and its unsent digests to the chat's new id, atomically. */
function migrate(
  deps: DeliverDeps,
  id: number,
  from: string,
  to: string,
): { ok: true; channel: string } | { ok: false; outcome: SendOutcome } {
  const { ledger, log } = deps;
  try {
    ledger.db
      .transaction(() => {
        deps.subscriptions.move(from, to, deps.clock());
        ledger.moveChannel(from, to);
        const moved = ledger.get(id);
        // UNIQUE(channel, day) for digests, UNIQUE(channel, up_to_seq) for alerts kept it behind.
        if (moved?.channel !== to)
          throw new Error(`${to} already has ${moved?.day ? `a ${label(deps)} for that day` : `that ${label(deps)}`}`);
      })
      .immediate();
  } catch (err) {
    const reason = `chat moved to ${to}, which could not take over: ${(err as Error).message}`;
    ledger.db
      .transaction(() => {
        deps.subscriptions.pause(from, { code: 'refused', detail: reason }, deps.clock());
        ledger.abandon(id, reason);
      })
      .immediate();
    log.warn(`${label(deps)} chat migration failed; subscription paused`, { from, to, error: err as Error });
    return { ok: false, outcome: { kind: 'abandoned', channel: from, digestId: id, reason } };
  }
  log.info(`${label(deps)} chat migrated`, { from, to });
  return { ok: true, channel: to };
}
