// Test helper: the real bot (`src/main.ts` in a child process) on a given database, with the fake
// Telegram as its only platform, started and ready; `ask` talks to it as one private chat.
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram/index';
import { spawnBot, type BotProcess } from '../hardening/bot-process';

export interface TelegramBot {
  bot: BotProcess;
  tg: FakeTelegram;
  /** Sends `text` and returns the first reply matching `expect`; a timeout says what the bot logged. */
  ask(text: string, expect: RegExp, timeoutMs?: number): Promise<string>;
}

export async function startTelegramBot(t: TestContext, databaseUrl: string, dir: string, chatId: number): Promise<TelegramBot> {
  const tg = await startFakeTelegram();
  t.after(() => tg.close());
  const bot = spawnBot({
    DATABASE_URL: databaseUrl,
    DATABASE_PATH: join(dir, 'feedbot.db'),
    TELEGRAM_BOT_TOKEN: tg.token,
    TELEGRAM_API_ROOT: tg.apiRoot,
    DIGEST_CATCHUP_HOURS: '0',
  });
  t.after(() => bot.kill());
  await bot.waitForOutput(/"adapter":"telegram".*bot started/, 60_000);
  const chat = { id: chatId, type: 'private' as const };
  return {
    bot,
    tg,
    async ask(text, expect, timeoutMs = 20_000) {
      const { mark } = tg.injectMessage({ chat, text });
      try {
        const call = await tg.waitForCall('sendMessage', (p) => String(p.chat_id) === String(chat.id) && expect.test(String(p.text)), {
          since: mark,
          timeoutMs,
        });
        return String(call.params.text);
      } catch (err) {
        throw new Error(`${(err as Error).message}\nafter ${text}; the bot's output:\n${bot.output()}`);
      }
    },
  };
}
