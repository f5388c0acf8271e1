// Abuse protection: per-user and per-channel token buckets on commands. The first
// command over the limit gets a polite "slow down"; later ones are dropped silently until
// the bucket refills, so a flood costs the bot almost nothing and others are not slowed.
import { errorReply } from './reply';
import type { Admission, Sender } from './router';

export interface ThrottleLimits {
  /** Commands a user may send in a burst, and refill per minute. */
  userBurst: number;
  userPerMinute: number;
  channelBurst: number;
  channelPerMinute: number;
}

export const DEFAULT_LIMITS: ThrottleLimits = { userBurst: 10, userPerMinute: 20, channelBurst: 30, channelPerMinute: 60 };

/**
 * Inline queries ("@FeedBot 扩散模型") arrive as the user types, so a user gets a larger burst
 * than for commands; the "channel" of an inline query is the user's own, so one flooder
 * never uses up anyone else's allowance.
 */
export const INLINE_LIMITS: ThrottleLimits = { userBurst: 20, userPerMinute: 60, channelBurst: 20, channelPerMinute: 60 };

interface Bucket {
  tokens: number;
  at: number;
  warned: boolean;
}

class Buckets {
  private readonly map = new Map<string, Bucket>();
  constructor(
    private readonly burst: number,
    private readonly perMinute: number,
  ) {}

  take(key: string, now: number): 'ok' | 'warn' | 'drop' {
    const b = this.map.get(key) ?? { tokens: this.burst, at: now, warned: false };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 60_000) * this.perMinute);
    b.at = now;
    this.map.set(key, b);
    if (this.map.size > 50_000) this.prune(now);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      b.warned = false;
      return 'ok';
    }
    if (b.warned) return 'drop';
    b.warned = true;
    return 'warn';
  }

  private prune(now: number): void {
    // Full buckets carry no information; forgetting them bounds memory under a flood of new ids.
    for (const [k, b] of this.map) if (b.tokens + ((now - b.at) / 60_000) * this.perMinute >= this.burst) this.map.delete(k);
  }
}

export type Verdict = 'ok' | 'warn' | 'drop';

/** One more message from `user` (platform-qualified id) in `channel`: within the limits, the one warning, or ignored. */
export function createRateGate(clock: () => number, limits: ThrottleLimits = DEFAULT_LIMITS): (user: string, channel: string) => Verdict {
  const users = new Buckets(limits.userBurst, limits.userPerMinute);
  const channels = new Buckets(limits.channelBurst, limits.channelPerMinute);
  return (user, channel) => {
    const now = clock();
    const u = users.take(user, now);
    const c = u === 'ok' ? channels.take(channel, now) : 'ok';
    return u !== 'ok' ? u : c;
  };
}

export function createThrottle(
  clock: () => number,
  limits: ThrottleLimits = DEFAULT_LIMITS,
  exempt: (sender: Sender) => boolean = () => false,
) {
  const gate = createRateGate(clock, limits);
  return (inv: Sender): Admission => {
    if (exempt(inv)) return null;
    const platform = inv.channel.split(':')[0];
    const verdict = gate(`${platform}:${inv.caller.id}`, inv.channel);
    if (verdict === 'ok') return null;
    if (verdict === 'drop') return 'drop';
    return errorReply(inv.locale, 'throttle.slow-down');
  };
}

/** The command throttle the running bot uses: chat platforms are limited, the console (the operator's own terminal) is not. */
export function createPlatformThrottle(clock: () => number, limits: ThrottleLimits = DEFAULT_LIMITS) {
  return createThrottle(clock, limits, (inv) => inv.channel.startsWith('console:'));
}
