// Webhook mode: with TELEGRAM_WEBHOOK_URL set the adapter registers the webhook with its
// secret, serves updates on the configured port, and ignores requests without the secret.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createTelegramAdapter } from '../../../src/adapters/telegram/index';
import { startFakeTelegram } from '../../fakes/telegram/index';
import { startHarness, type Harness } from './harness';
import { createTestBot } from '../../helpers/bot';

const SECRET = 'hook-secret_123';
const USER = { id: 6001, is_bot: false, first_name: 'Web', language_code: 'en' };

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function post(port: number, path: string, body: unknown, secret?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          connection: 'close',
          ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

const update = (updateId: number, text: string) => ({
  update_id: updateId,
  message: {
    message_id: updateId,
    date: Math.floor(Date.now() / 1000),
    chat: { id: USER.id, type: 'private', first_name: USER.first_name },
    from: USER,
    text,
    entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }],
  },
});

const hookEnv = (port: number) => ({
  TELEGRAM_WEBHOOK_URL: 'https://bot.example.test/tg/hook',
  TELEGRAM_WEBHOOK_PORT: String(port),
  TELEGRAM_WEBHOOK_SECRET: SECRET,
});

let h: Harness;
let port: number;

describe('Telegram adapter in webhook mode', { timeout: 20_000 }, () => {
  before(async () => {
    port = await freePort();
    h = await startHarness(hookEnv(port), { webhookHost: '127.0.0.1' });
  });
  after(async () => {
    await h.close();
  });

  it('registers the webhook URL with the secret token instead of polling', () => {
    const [call] = h.fake.callsOf('setWebhook');
    assert.equal(call?.params.url, 'https://bot.example.test/tg/hook');
    assert.equal(call?.params.secret_token, SECRET);
    assert.equal(h.fake.callsOf('getUpdates').length, 0);
  });

  it('answers a command delivered to the webhook', async () => {
    const mark = h.fake.mark();
    assert.equal(await post(port, '/tg/hook', update(1, '/search 卷积'), SECRET), 200);
    const call = await h.fake.waitForCall('sendMessage', (p) => p.chat_id === USER.id, { since: mark });
    assert.match(String(call.params.text), /空洞卷积/);
  });

  it('an update delivered again (a retry, or to another process behind the same address) is answered once', async () => {
    const mark = h.fake.mark();
    const other = await createTestBot({
      ...hookEnv(await freePort()),
      TELEGRAM_BOT_TOKEN: h.config.telegram.token!,
      TELEGRAM_API_ROOT: h.fake.apiRoot,
      DATABASE_PATH: h.config.databasePath,
    });
    const second = createTelegramAdapter(other.bot, other.config, other.log, { webhookHost: '127.0.0.1' });
    await second.start();
    try {
      assert.equal(await post(port, '/tg/hook', update(20, '/help'), SECRET), 200);
      assert.equal(await post(port, '/tg/hook', update(20, '/help'), SECRET), 200);
      assert.equal(await post(other.config.telegram.webhookPort, '/tg/hook', update(20, '/help'), SECRET), 200);
      await post(port, '/tg/hook', update(21, '/latest 1'), SECRET);
      await h.fake.waitForCall('sendMessage', (p) => p.chat_id === USER.id && /\n/.test(String(p.text)) && !/\/help/.test(String(p.text)), {
        since: mark,
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const answers = h.fake.callsOf('sendMessage').filter((c) => c.index >= mark && c.params.chat_id === USER.id);
      assert.equal(answers.length, 2, 'one answer to /help, one to /latest');
    } finally {
      await second.stop();
      other.close();
    }
  });

  it('ignores requests without the secret token', async () => {
    const mark = h.fake.mark();
    assert.equal(await post(port, '/tg/hook', update(2, '/help'), 'wrong'), 403);
    assert.equal(await post(port, '/tg/hook', update(3, '/help')), 403);
    // A real update after the forged ones is the only one answered.
    await post(port, '/tg/hook', update(4, '/latest 1'), SECRET);
    await h.fake.waitForCall('sendMessage', (p) => p.chat_id === USER.id, { since: mark });
    assert.equal(h.fake.callsOf('sendMessage').filter((c) => c.index >= mark).length, 1);
  });
});

describe('Telegram adapter webhook start-up', { timeout: 20_000 }, () => {
  it('fails start() cleanly, without setting the webhook, when the port is taken', async () => {
    const fake = await startFakeTelegram();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const taken = (blocker.address() as { port: number }).port;
    const s = await createTestBot({
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.test/hook',
      TELEGRAM_WEBHOOK_PORT: String(taken),
    });
    try {
      const adapter = createTelegramAdapter(s.bot, s.config, s.log, { webhookHost: '127.0.0.1' });
      await assert.rejects(adapter.start(), /could not start: .*EADDRINUSE/);
      assert.equal(fake.callsOf('setWebhook').length, 0);
      await adapter.stop();
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
      await fake.close();
      s.close();
    }
  });
});
