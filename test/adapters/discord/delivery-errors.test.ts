// Classifying Discord send failures for the digest service.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { classifyDiscordError, toDeliveryError } from '../../../src/adapters/discord/delivery-errors';
import { DeliveryError } from '../../../src/core/errors';

const URL = 'https://discord.com/api/v10/channels/123/messages';
const apiError = (status: number, code: number, message: string) =>
  new DiscordAPIError({ code, message }, code, status, 'POST', URL, { body: undefined, files: undefined });

test('channel problems are permanent, each with a short human reason', () => {
  assert.deepEqual(classifyDiscordError(apiError(403, 50001, 'Missing Access')), {
    kind: 'permanent',
    reason: 'the bot cannot see this channel (Discord: Missing Access)',
  });
  assert.match((classifyDiscordError(apiError(403, 50013, 'Missing Permissions')) as { reason: string }).reason, /Send Messages/);
  assert.match((classifyDiscordError(apiError(404, 10003, 'Unknown Channel')) as { reason: string }).reason, /no longer exists/);
});

test('server errors, network errors, a bad token and our own malformed bodies are transient', () => {
  assert.deepEqual(classifyDiscordError(apiError(500, 0, 'Internal Server Error')), { kind: 'transient' });
  assert.deepEqual(classifyDiscordError(new HTTPError(502, 'Bad Gateway', 'POST', URL, { body: undefined, files: undefined })), {
    kind: 'transient',
  });
  assert.deepEqual(classifyDiscordError(Object.assign(new Error('fetch failed'), { code: 'ECONNRESET' })), {
    kind: 'transient',
    noAnswer: true,
  });
  assert.deepEqual(classifyDiscordError(apiError(401, 0, '401: Unauthorized')), { kind: 'transient' });
  assert.deepEqual(classifyDiscordError(apiError(400, 50035, 'Invalid Form Body')), { kind: 'transient' });
});

test('a rate limit handed back by discord.js carries how long to wait', () => {
  const err = new RateLimitError({
    timeToReset: 120_000,
    limit: 5,
    method: 'POST',
    hash: 'h',
    url: URL,
    route: '/channels/123/messages',
    majorParameter: '123',
    global: false,
    retryAfter: 120_000,
    sublimitTimeout: 0,
    scope: 'user',
  });
  assert.deepEqual(classifyDiscordError(err), { kind: 'rate-limited', retryAfterMs: 120_000 });
});

test('toDeliveryError wraps the failure and keeps an existing DeliveryError as it is', () => {
  const wrapped = toDeliveryError(apiError(403, 50001, 'Missing Access'), 'discord:123');
  assert.ok(wrapped instanceof DeliveryError);
  assert.equal(wrapped.failure.kind, 'permanent');
  assert.match(wrapped.message, /discord:123/);
  const own = new DeliveryError({ kind: 'transient' }, 'not connected');
  assert.equal(toDeliveryError(own, 'discord:1'), own);
});
