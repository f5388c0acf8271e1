// Opt-in rate limits of the fake Discord REST API, as Discord applies them to bots: a
// global limit (50 requests a second) and per-route buckets (5 messages per 5 s per
// channel), announced on every answer in X-RateLimit-* headers and enforced with 429 and
// `retry_after` (seconds, fractional). `scale` shortens every window, so the same limits
// run 10× faster; discord.js learns them from the headers either way.
import { createHash } from 'node:crypto';
import { DiscordHttpError } from './http';
import { KeyedWindows, SlidingWindow } from '../rate-window';

export interface DiscordRateLimits {
  /** Requests a second across all routes (Discord: 50); with `scale` 10, 500. */
  globalPerSecond?: number;
  /** Requests per route bucket and window (Discord, messages in a channel: 5 per 5 s). */
  routeLimit?: number;
  routeWindowMs?: number;
  scale?: number;
}

/**
 * The bucket of a call: its route template (the bucket hash is shared by every channel), and
 * its key, where major parameters (channel, guild, webhook ids) stay so each channel has its own.
 */
function bucketOf(method: string, path: string): { template: string; key: string } {
  const major = (offset: number) => /\/(channels|guilds|webhooks)$/.test(path.slice(0, offset));
  const key = path.replace(/\/\d{5,}/g, (m: string, offset: number) => (major(offset) ? m : '/:id'));
  return { template: `${method} ${path.replace(/\/\d{5,}/g, '/:id')}`, key: `${method} ${key}` };
}

export class DiscordLimiter {
  private readonly global: SlidingWindow;
  private readonly routes: KeyedWindows;
  private readonly routeLimit: number;

  constructor(readonly limits: DiscordRateLimits) {
    const scale = limits.scale ?? 1;
    this.global = new SlidingWindow((limits.globalPerSecond ?? 50) * scale, 1000);
    this.routeLimit = limits.routeLimit ?? 5;
    const windowMs = (limits.routeWindowMs ?? 5000) / scale;
    this.routes = new KeyedWindows(() => new SlidingWindow(this.routeLimit, windowMs));
  }

  /**
   * Counts one request, or throws the 429 Discord would send. Returns the headers every
   * answer on this route carries.
   */
  admit(method: string, path: string, now: number): Record<string, string> {
    const { template, key } = bucketOf(method, path);
    const bucket = this.routes.get(key);
    const globalWait = this.global.waitMs(now);
    if (globalWait > 0) {
      const retryAfter = globalWait / 1000;
      throw new DiscordHttpError(
        429,
        { message: 'You are being rate limited.', retry_after: retryAfter, global: true, code: 0 },
        'rate-limit',
        { 'Retry-After': String(Math.ceil(retryAfter)), 'X-RateLimit-Global': 'true', 'X-RateLimit-Scope': 'global' },
      );
    }
    const routeWait = bucket.waitMs(now);
    if (routeWait > 0) {
      const retryAfter = routeWait / 1000;
      throw new DiscordHttpError(
        429,
        { message: 'You are being rate limited.', retry_after: retryAfter, global: false, code: 0 },
        'rate-limit',
        { ...this.headers(template, bucket, now), 'Retry-After': String(Math.ceil(retryAfter)), 'X-RateLimit-Scope': 'user' },
      );
    }
    this.global.record(now);
    bucket.record(now);
    return this.headers(template, bucket, now);
  }

  private headers(template: string, bucket: SlidingWindow, now: number): Record<string, string> {
    const resetAt = bucket.resetAt(now);
    return {
      'X-RateLimit-Limit': String(this.routeLimit),
      'X-RateLimit-Remaining': String(bucket.remaining(now)),
      'X-RateLimit-Reset': (resetAt / 1000).toFixed(3),
      'X-RateLimit-Reset-After': (Math.max(0, resetAt - now) / 1000).toFixed(3),
      'X-RateLimit-Bucket': createHash('sha1').update(template).digest('hex').slice(0, 16),
    };
  }
}
