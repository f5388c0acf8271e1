// What a failed Discord send means for a digest. Only failures about the channel itself
// are permanent (the subscription pauses until an admin fixes it); anything about us, the
// network or Discord's health is transient and retried later.
import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { DeliveryError, type DeliveryFailure } from '../../core/errors';

/** Discord JSON error codes that say this channel cannot take our messages. */
const PERMANENT: Record<number, string> = {
  10003: 'the channel no longer exists (Discord: Unknown Channel)',
  10004: 'the bot is no longer in this server (Discord: Unknown Guild)',
  50001: 'the bot cannot see this channel (Discord: Missing Access)',
  50013: 'the bot may not post here; it needs Send Messages and Embed Links (Discord: Missing Permissions)',
  50007: 'Discord does not let the bot message this user',
};

export function classifyDiscordError(err: unknown): DeliveryFailure {
  if (err instanceof DeliveryError) return err.failure;
  if (err instanceof RateLimitError) return { kind: 'rate-limited', retryAfterMs: Math.max(0, Math.ceil(err.retryAfter)) };
  if (err instanceof DiscordAPIError) {
    const reason = typeof err.code === 'number' ? PERMANENT[err.code] : undefined;
    if (reason) return { kind: 'permanent', reason };
    // 404 with another code on a channel route is still "no such channel".
    if (err.status === 404 && /\/channels\//.test(err.url)) return { kind: 'permanent', reason: PERMANENT[10003]! };
    // 401 (bad token), 5xx, 50035 (our bug): not the channel's fault; pausing would punish it.
    return { kind: 'transient' };
  }
  if (err instanceof HTTPError) return { kind: 'transient' };
  // Network failures, timeouts (AbortError), a client that is reconnecting: no answer at all.
  return { kind: 'transient', noAnswer: true };
}

/** Wraps any send failure in a DeliveryError the digest service understands. */
export function toDeliveryError(err: unknown, channel: string): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const failure = classifyDiscordError(err);
  const detail = err instanceof Error ? err.message : String(err);
  const what = failure.kind === 'permanent' ? failure.reason : failure.kind;
  return new DeliveryError(failure, `Discord send to ${channel} failed (${what}): ${detail}`);
}
