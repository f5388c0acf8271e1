// Fault injection: queued failures that the next matching REST calls receive instead of their normal answer.

import { DiscordHttpError } from './http';
import type { Failure, RouteMatcher } from './types';

interface Rule {
  matcher: RouteMatcher;
  failure: Failure;
  remaining: number;
}

function matches(matcher: RouteMatcher, method: string, path: string): boolean {
  if (matcher instanceof RegExp) return matcher.test(`${method} ${path}`);
  if (matcher.method && matcher.method.toUpperCase() !== method) return false;
  return typeof matcher.path === 'string' ? matcher.path === path : matcher.path.test(path);
}

export function failureToError(failure: Failure): DiscordHttpError {
  switch (failure.kind) {
    case 'rate-limit': {
      const global = failure.global === true;
      const headers: Record<string, string> = {
        'Retry-After': String(failure.retryAfter),
        'X-RateLimit-Scope': global ? 'global' : 'user',
      };
      if (global) headers['X-RateLimit-Global'] = 'true';
      const body = { message: 'You are being rate limited.', retry_after: failure.retryAfter, global, code: 0 };
      return new DiscordHttpError(429, body, 'rate-limit', headers, true);
    }
    case 'missing-access':
      return new DiscordHttpError(403, { message: 'Missing Access', code: 50001 }, failure.kind, {}, true);
    case 'missing-permissions':
      return new DiscordHttpError(403, { message: 'Missing Permissions', code: 50013 }, failure.kind, {}, true);
    case 'unknown-channel':
      return new DiscordHttpError(404, { message: 'Unknown Channel', code: 10003 }, failure.kind, {}, true);
    case 'unknown-message':
      return new DiscordHttpError(404, { message: 'Unknown Message', code: 10008 }, failure.kind, {}, true);
    case 'unknown-interaction':
      return new DiscordHttpError(404, { message: 'Unknown interaction', code: 10062 }, failure.kind, {}, true);
    case 'server-error':
      return new DiscordHttpError(500, { message: '500: Internal Server Error', code: 0 }, failure.kind, {}, true);
    case 'custom':
      return new DiscordHttpError(failure.status, failure.body, failure.kind, failure.headers ?? {}, true);
  }
}

export class FaultInjector {
  private readonly rules: Rule[] = [];

  add(matcher: RouteMatcher, failure: Failure, times = 1): void {
    if (!Number.isInteger(times) || times < 1) throw new RangeError(`times must be a positive integer, got ${times}`);
    this.rules.push({ matcher, failure, remaining: times });
  }

  /** The failure for this call, if a queued rule matches; consumes one use of the oldest matching rule. */
  take(method: string, path: string): DiscordHttpError | undefined {
    const index = this.rules.findIndex((rule) => matches(rule.matcher, method, path));
    if (index < 0) return undefined;
    const rule = this.rules[index];
    if (--rule.remaining === 0) this.rules.splice(index, 1);
    return failureToError(rule.failure);
  }

  clear(): void {
    this.rules.length = 0;
  }

  get pending(): number {
    return this.rules.reduce((sum, rule) => sum + rule.remaining, 0);
  }
}
