// Test harness: the real bot (temp SQLite + bundled sample feed) behind the Telegram adapter,
// with the real telegraf client talking to the fake Bot API on 127.0.0.1.
import type { Config } from '../../../src/config';
import type { App } from '../../../src/app';
import type { Bot } from '../../../src/bot';
import { createTelegramAdapter, type TelegramAdapter, type TelegramAdapterOptions } from '../../../src/adapters/telegram/index';
import { startFakeTelegram, type FakeTelegram, type InjectMessageOptions, type SentMessage } from '../../fakes/telegram/index';
import { createTestBot, type TestBotOptions } from '../../helpers/bot';

export interface Harness {
  fake: FakeTelegram;
  app: App;
  bot: Bot;
  adapter: TelegramAdapter;
  config: Config;
  /** Every log line the bot wrote, already redacted by the logger. */
  logs: string[];
  /** Injects a message and resolves with what the bot sent to that chat in answer. */
  command(opts: InjectMessageOptions): Promise<SentMessage>;
  /**
   * Resolves once everything sent to the chat before now has been handled: a chat's updates
   * are handled in order, so the answer to one more command comes after all earlier ones.
   */
  settle(chat: InjectMessageOptions['chat']): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(
  env: Record<string, string> = {},
  opts: TelegramAdapterOptions = {},
  botOptions: TestBotOptions = {},
): Promise<Harness> {
  const fake = await startFakeTelegram({ botUsername: 'FeedBot' });
  const sample = await createTestBot({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, ...env }, botOptions);
  const { app, bot, config, logs } = sample;
  const adapter = createTelegramAdapter(bot, config, sample.log, opts);
  await adapter.start();
  let settled = 0;
  return {
    fake,
    app,
    bot,
    adapter,
    config,
    logs,
    async command(msg) {
      const { mark } = fake.injectMessage(msg);
      const call = await fake.waitForCall('sendMessage', (p, c) => String(p.chat_id) === String(msg.chat.id) && !c.failed, { since: mark });
      const sent = fake.messagesIn(msg.chat.id).find((m) => m.source === call.params.text);
      if (!sent) throw new Error('reply not stored by the fake');
      return sent;
    },
    async settle(chat) {
      // A query nobody else sends, so its answer can't be mistaken for an earlier reply.
      const nonce = `settle${++settled}`;
      const { mark } = fake.injectMessage({ chat, text: `/search ${nonce}` });
      await fake.waitForCall('sendMessage', (p) => String(p.chat_id) === String(chat.id) && String(p.text).includes(nonce), {
        since: mark,
      });
    },
    async close() {
      // The bot first: the fake answers open polls on close, and a live poller would reconnect.
      await adapter.stop();
      await fake.close();
      sample.close();
    },
  };
}
