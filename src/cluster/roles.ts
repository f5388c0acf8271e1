// Exclusive roles kept with leases in the shared database: a holder renews its lease every third
// of its length; one that stops renewing (crashed, hung, cut off) loses it when it runs out, and
// a holder on this host whose process no longer exists loses it at once.
import { hostname } from 'node:os';
import type { Logger } from '../core/log';
import type { ExclusiveRole, RoleClaim } from '../core/roles';
import type { RoleLeases } from '../store/roles';

export interface RolesOptions {
  leases: RoleLeases;
  /** This process's name in leases: see instanceName. */
  holder: string;
  clock: () => number;
  ttlMs: number;
  log: Logger;
  /** What is known of a holder named in a lease (default: holderState). */
  stateOf?: (holder: string) => 'gone' | 'alive' | 'unknown';
  /** Waits; tests may shorten it. */
  sleep?: (ms: number) => Promise<void>;
}

/** A standby role: played whenever this process can take it, given up when it cannot keep it. */
export interface StandbyHandlers {
  onGain(): void;
  onLose(): void;
}

export interface Roles {
  role(name: string): ExclusiveRole;
  /** Tries to take `name` now and at every renewal until stop(); calls onGain / onLose as it is won and lost. */
  standby(name: string, handlers: StandbyHandlers): void;
  /** Whether this process holds `name` now. */
  holds(name: string): boolean;
  /** Stops renewing and releases every role held. */
  stop(): void;
}

/** `id@host#pid`: unique among live processes, and tells whether a holder on this host is still alive. */
export function instanceName(instanceId: string | undefined, host = hostname(), pid = process.pid): string {
  return `${instanceId ?? 'feedbot'}@${host}#${pid}`;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * What can be told of a holder named in a lease from this host: `gone` (it ran here and its
 * process no longer exists), `alive` (its process here exists), `unknown` (another host).
 */
export function holderState(
  holder: string,
  host = hostname(),
  exists: (pid: number) => boolean = processExists,
): 'gone' | 'alive' | 'unknown' {
  const m = /@([^@#]*)#(\d+)$/.exec(holder);
  if (!m || m[1] !== host) return 'unknown';
  const pid = Number(m[2]);
  return pid === process.pid || exists(pid) ? 'alive' : 'gone';
}

interface Held {
  onLost: () => void;
}

export function createRoles(opts: RolesOptions): Roles {
  const { leases, holder, clock, ttlMs, log } = opts;
  const stateOf = opts.stateOf ?? ((h: string) => holderState(h));
  const isGone = (h: string) => stateOf(h) === 'gone';
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const held = new Map<string, Held>();
  const standbys = new Map<string, StandbyHandlers>();
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  const take = (name: string): RoleClaim => leases.take(name, holder, clock(), ttlMs, isGone);

  function lose(name: string): void {
    const h = held.get(name);
    held.delete(name);
    log.warn('lost a role to another process', { role: name, holder: leases.holding(name)?.holder });
    h?.onLost();
  }

  function tick(): void {
    for (const name of [...held.keys()]) {
      try {
        if (!leases.renew(name, holder, clock(), ttlMs)) lose(name);
      } catch (err) {
        // A busy or failing database: the lease runs on until it expires; the next tick retries.
        log.warn('could not renew a role', { role: name, error: (err as Error).message });
      }
    }
    for (const [name, handlers] of standbys) {
      if (held.has(name)) continue;
      try {
        if (!take(name).ok) continue;
      } catch (err) {
        log.warn('could not take a role', { role: name, error: (err as Error).message });
        continue;
      }
      held.set(name, { onLost: () => handlers.onLose() });
      handlers.onGain();
    }
  }

  function ensureTimer(): void {
    if (timer || stopped) return;
    timer = setInterval(tick, Math.max(100, Math.floor(ttlMs / 3)));
    timer.unref();
  }

  return {
    role(name) {
      return {
        name,
        async claim(onLost) {
          let r = take(name);
          if (!r.ok && stateOf(r.held.holder) === 'unknown') {
            // A holder on another host that stopped renewing has died or hung: its lease runs out
            // within ttlMs. One that renewed meanwhile is alive, and the role is refused.
            await sleep(Math.max(0, Math.min(r.held.until - clock(), ttlMs)) + 50);
            r = take(name);
          }
          if (r.ok) {
            held.set(name, { onLost });
            ensureTimer();
          }
          return r;
        },
        release() {
          if (!held.delete(name)) return;
          try {
            leases.release(name, holder);
          } catch (err) {
            log.warn('could not release a role', { role: name, error: (err as Error).message });
          }
        },
      };
    },
    standby(name, handlers) {
      standbys.set(name, handlers);
      ensureTimer();
      tick();
    },
    holds: (name) => held.has(name),
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      standbys.clear();
      for (const name of [...held.keys()]) {
        held.delete(name);
        try {
          leases.release(name, holder);
        } catch {
          // Closing down: the lease runs out by itself.
        }
      }
    },
  };
}
