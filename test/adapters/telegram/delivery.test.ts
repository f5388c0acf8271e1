// Channel refs, and the single retry a command reply gets after a 429.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TelegramError } from 'telegraf';
import { channelOf, chatIdOf, retryOnceOnRateLimit, targetOf } from '../../../src/adapters/telegram/delivery';

const rateLimited = (s: number) => new TelegramError({ error_code: 429, description: 'Too Many Requests', parameters: { retry_after: s } });

describe('chatIdOf', () => {
  it('reads Telegram channel refs only', () => {
    assert.equal(chatIdOf('telegram:-1001234567890'), -1001234567890);
    assert.equal(chatIdOf('telegram:5001'), 5001);
    assert.equal(chatIdOf('telegram:@feed_channel'), '@feed_channel');
    for (const bad of ['discord:123', 'telegram:', 'telegram:abc', 'console:local']) assert.equal(chatIdOf(bad), null, bad);
  });

  it('reads a forum topic ref as its chat and thread, and writes it back the same', () => {
    assert.deepEqual(targetOf('telegram:-1001234567890:45'), { chatId: -1001234567890, threadId: 45 });
    assert.deepEqual(targetOf('telegram:-1001234567890'), { chatId: -1001234567890 });
    assert.equal(chatIdOf('telegram:-1001234567890:45'), -1001234567890);
    assert.equal(channelOf(-1001234567890, 45), 'telegram:-1001234567890:45');
    assert.equal(channelOf(-1001234567890), 'telegram:-1001234567890');
    for (const bad of ['telegram:-100:', 'telegram:-100:x', 'telegram:-100:1:2']) assert.equal(targetOf(bad), null, bad);
  });
});

describe('retryOnceOnRateLimit', () => {
  it('waits as told and tries once more', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await retryOnceOnRateLimit(
      async () => {
        if (++calls === 1) throw rateLimited(3);
        return 'sent';
      },
      async (ms) => void waits.push(ms),
    );
    assert.equal(result, 'sent');
    assert.deepEqual(waits, [3000]);
  });

  it('does not retry a second 429, other errors, or absurd waits', async () => {
    let calls = 0;
    await assert.rejects(
      retryOnceOnRateLimit(
        async () => {
          calls++;
          throw rateLimited(1);
        },
        async () => {},
      ),
    );
    assert.equal(calls, 2);
    calls = 0;
    await assert.rejects(
      retryOnceOnRateLimit(
        async () => {
          calls++;
          throw new TelegramError({ error_code: 403, description: 'Forbidden: bot was blocked by the user' });
        },
        async () => {},
      ),
    );
    assert.equal(calls, 1);
    let waited = false;
    await assert.rejects(
      retryOnceOnRateLimit(
        async () => {
          throw rateLimited(3600);
        },
        async () => void (waited = true),
      ),
    );
    assert.equal(waited, false);
  });
});
