// Classifying Bot API failures into what the digest service should do, and keeping the
// token out of every error description.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TelegramError } from 'telegraf';
import { DeliveryError } from '../../../src/core/errors';
import { registerSecret } from '../../../src/core/log';
import { classifyTelegramError, describeError, toDeliveryError } from '../../../src/adapters/telegram/errors';

const tgError = (error_code: number, description: string, parameters?: Record<string, number>) =>
  new TelegramError({ error_code, description, ...(parameters ? { parameters } : {}) });

describe('classifyTelegramError', () => {
  it('waits as long as a 429 says', () => {
    assert.deepEqual(classifyTelegramError(tgError(429, 'Too Many Requests: retry after 7', { retry_after: 7 })), {
      kind: 'rate-limited',
      retryAfterMs: 7000,
    });
  });

  it('follows a group that became a supergroup', () => {
    const err = tgError(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: -1001234 });
    assert.deepEqual(classifyTelegramError(err), { kind: 'migrated', newChannel: 'telegram:-1001234' });
  });

  it('gives up on chats the bot may no longer post in, with a short reason', () => {
    const cases: [number, string, string][] = [
      [403, 'Forbidden: bot was kicked from the supergroup chat', 'bot was kicked from the group'],
      [403, 'Forbidden: bot was kicked from the group chat', 'bot was kicked from the group'],
      [403, 'Forbidden: bot was blocked by the user', 'bot was blocked by the user'],
      [403, 'Forbidden: bot is not a member of the channel chat', 'bot is not a member of the channel'],
      [403, 'Forbidden: user is deactivated', 'the user deleted their account'],
      [400, 'Bad Request: chat not found', 'chat not found'],
      [400, 'Bad Request: not enough rights to send text messages to the chat', 'bot is not allowed to post in this chat'],
      [403, 'Forbidden: something new', 'Telegram refused: something new'],
    ];
    for (const [code, description, reason] of cases) {
      assert.deepEqual(classifyTelegramError(tgError(code, description)), { kind: 'permanent', reason }, description);
    }
  });

  it('retries server errors, network errors and message-specific 400s later', () => {
    assert.deepEqual(classifyTelegramError(tgError(500, 'Internal Server Error')), { kind: 'transient' });
    assert.deepEqual(classifyTelegramError(tgError(502, 'Bad Gateway')), { kind: 'transient' });
    assert.deepEqual(classifyTelegramError(tgError(400, "Bad Request: can't parse entities")), { kind: 'transient' });
    const network = Object.assign(new Error('request to http://x failed, reason: connect ECONNREFUSED'), {
      name: 'FetchError',
      code: 'ECONNREFUSED',
    });
    assert.deepEqual(classifyTelegramError(network), { kind: 'transient', noAnswer: true });
    assert.deepEqual(classifyTelegramError('weird'), { kind: 'transient', noAnswer: true });
  });

  it('reads the plain response shape as well as TelegramError', () => {
    assert.deepEqual(classifyTelegramError({ response: { error_code: 429, description: 'x', parameters: { retry_after: 2 } } }), {
      kind: 'rate-limited',
      retryAfterMs: 2000,
    });
  });
});

describe('describeError', () => {
  it('never contains the bot token, even inside a URL', () => {
    const token = '987654321:AAH-secretTokenValue_forTests01';
    registerSecret(token);
    const err = new Error(`request to https://api.telegram.org/bot${token}/sendMessage failed, reason: socket hang up`);
    const text = describeError(err);
    assert.ok(!text.includes(token) && !text.includes('secretTokenValue'), text);
    assert.match(text, /socket hang up/);
    const delivery = toDeliveryError(err);
    assert.ok(delivery instanceof DeliveryError);
    assert.ok(!delivery.message.includes('secretTokenValue'));
    assert.deepEqual(delivery.failure, { kind: 'transient', noAnswer: true });
  });
});
