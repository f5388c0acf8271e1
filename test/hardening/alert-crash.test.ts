// Crash safety of keyword alerts, for real: the bot runs as its own process against the fake
// Telegram with a watch whose chat is owed an alert at start-up, and is SIGKILLed once the
// alert is planned but before Telegram took it; a new process on the same database sends the
// frozen alert exactly once, and never plans a second one for the same batch.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig } from '../../src/config';
import { openApp } from '../../src/app';
import { WatchStore } from '../../src/store/watches';
import { normalizeForMatch } from '../../src/search/normalize';
import { startFakeTelegram, type Call } from '../fakes/telegram/index';
import { killAll, ROOT, spawnBot, until } from './bot-process';

after(killAll);

const CHAT = -1009200000001;
const CHANNEL = `telegram:${CHAT}`;
const WAIT = { timeoutMs: 30_000 };

function alertRows(path: string): { status: string; confirmed: number }[] {
  const db = new Database(path, { readonly: true });
  try {
    return db
      .prepare<[string], { status: string; confirmed: number }>(
        `SELECT a.status, (SELECT count(*) FROM alert_parts p WHERE p.alert_id = a.id AND p.message_id IS NOT NULL) AS confirmed
         FROM alerts a WHERE channel = ? ORDER BY id`,
      )
      .all(CHANNEL);
  } finally {
    db.close();
  }
}

describe('SIGKILL during an alert, then a restart on the same database', { timeout: 90_000 }, () => {
  it('killed after planning, before Telegram took the alert: it arrives exactly once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'feedbot-alert-crash-'));
    const dbPath = join(dir, 'feedbot.db');
    const fake = await startFakeTelegram();
    try {
      const app = openApp(loadConfig({ DATABASE_PATH: dbPath, TOPICS_PATH: join(ROOT, 'data/topics.json') }));
      // The watch predates the articles (cursor 0): the bot owes this chat one alert at start-up.
      new WatchStore(app.db).add(
        { channel: CHANNEL, query: 'LoRA', queryKey: normalizeForMatch('LoRA'), topic: null, locale: 'en' },
        0,
        Date.now(),
      );
      app.ingest({
        source: 'alert-crash',
        entries: [
          { guid: 'c1', url: 'https://example.com/c1', title: 'LoRA 微调实战', text: '低秩适配。', categories: [] },
          { guid: 'c2', url: 'https://example.com/c2', title: 'Tokenizers', text: 'Byte pairs.', categories: [] },
        ],
      });
      app.close();
      const env = {
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_API_ROOT: fake.apiRoot,
        DATABASE_PATH: dbPath,
        BOT_INSTANCE_ID: 'alert-crash-bot',
        WATCH_CHECK_SECONDS: '1',
      };
      const toChat = (p: Record<string, unknown>) => String(p.chat_id) === String(CHAT);
      const texts = () => fake.messagesIn(CHAT).map((m) => m.text);

      // Telegram fails (500) when the alert goes out: the bot is between retries when it dies.
      fake.failNext('sendMessage', { kind: 'server-error' }, { chatId: CHAT, times: 1000 });
      const first = spawnBot(env);
      await fake.waitForCall('sendMessage', (p: Record<string, unknown>, c: Call) => toChat(p) && c.failed?.code === 500, WAIT);
      await first.kill('SIGKILL');
      assert.equal(texts().length, 0, 'nothing was posted');
      assert.deepEqual(alertRows(dbPath), [{ status: 'pending', confirmed: 0 }], 'planned and frozen, not confirmed');

      fake.clearFailures();
      const second = spawnBot(env);
      await until(() => alertRows(dbPath)[0]?.status === 'sent', `the alert to complete after the restart\n${second.output()}`, 30_000);
      // A few more checks pass (one a second): no second alert for the same batch.
      await new Promise((r) => setTimeout(r, 2500));
      await second.kill('SIGTERM');
      assert.equal((await second.exited).code, 0, second.output());

      const got = texts();
      assert.equal(got.length, 1, got.join('\n---\n'));
      assert.match(got[0]!, /1 new article matching your watches/);
      assert.match(got[0]!, /LoRA 微调实战/);
      assert.doesNotMatch(got[0]!, /Tokenizers/);
      assert.deepEqual(alertRows(dbPath), [{ status: 'sent', confirmed: 1 }]);
    } finally {
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
