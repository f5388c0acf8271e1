// Several bot processes (`node src/main.ts`) sharing one database: one polls the feeds and the
// others stand by, taking over when it dies; one long-polls a Telegram bot and a second is
// refused with a message that says what to do; a poller outside the database is reported once.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startFakeTelegram } from '../fakes/telegram/index';
import { killAll, spawnBot, until } from '../hardening/bot-process';

after(killAll);

const TG_TOKEN = '123456789:ROLEStest-Aa1Bb2Cc3Dd4Ee5Ff6';
const RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>扩散模型入门</title><link>https://example.org/a</link><guid>a</guid><description>Diffusion models 入门</description></item>
</channel></rss>`;

/** A feed on 127.0.0.1 counting the fetches it answers. */
async function feedServer(): Promise<{ url: string; fetches: () => number; close(): Promise<void> }> {
  let fetches = 0;
  const server: Server = createServer((_req, res) => {
    fetches++;
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(RSS);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`,
    fetches: () => fetches,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function tempDb(): { path: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-instances-'));
  return { path: join(dir, 'feedbot.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const polls = (out: string) => out.split('\n').filter((l) => l.includes('polling the feeds')).length;

describe('processes sharing one database', { concurrency: true, timeout: 90_000 }, () => {
  it('one polls the feeds; when it is killed another takes over', async () => {
    const feed = await feedServer();
    const db = tempDb();
    try {
      const env = { DATABASE_PATH: db.path, FEED_URLS: feed.url, ROLE_LEASE_SECONDS: '2' };
      const first = spawnBot(env);
      await first.waitForOutput(/polling the feeds/);
      await until(() => feed.fetches() === 1, 'the first poll');
      const second = spawnBot(env);
      await second.waitForOutput(/another process polls the feeds; this one stands by/);
      // Several renewals (every 2/3 s): the second stands by while the first holds the role.
      await new Promise((resolve) => setTimeout(resolve, 2500));
      assert.equal(polls(second.output()), 0, second.output());
      assert.equal(feed.fetches(), 1, 'only one process fetched the feed');
      await first.kill('SIGKILL');
      await second.waitForOutput(/polling the feeds/, 10_000);
      await until(() => feed.fetches() === 2, 'the second process polling');
      await second.kill('SIGTERM');
    } finally {
      await feed.close();
      db.cleanup();
    }
  });

  it('a second process long-polling the same Telegram bot is refused, naming webhook mode; the first keeps answering', async () => {
    const tg = await startFakeTelegram({ token: TG_TOKEN, botUsername: 'FeedBot' });
    const db = tempDb();
    try {
      const env = { TELEGRAM_BOT_TOKEN: TG_TOKEN, TELEGRAM_API_ROOT: tg.apiRoot, DATABASE_PATH: db.path };
      const first = spawnBot(env);
      await first.waitForOutput(/"adapter":"telegram".*bot started/, 30_000);
      const second = spawnBot(env);
      const { code } = await second.exited;
      assert.equal(code, 1, second.output());
      assert.match(second.output(), /already long-polling Telegram for @FeedBot.*webhook mode \(TELEGRAM_WEBHOOK_URL\)/);
      const { mark } = tg.injectMessage({ chat: { id: 42, type: 'private' }, text: '/help' });
      await tg.waitForCall('sendMessage', (p) => String(p.chat_id) === '42', { since: mark });
      assert.doesNotMatch(first.output(), /409|Conflict/, 'the refused process never polled');
      await first.kill('SIGTERM');
      // Stopped cleanly, the first gave the role up: a new process starts at once.
      const third = spawnBot(env);
      await third.waitForOutput(/"adapter":"telegram".*bot started/, 30_000);
      await third.kill('SIGTERM');
    } finally {
      await tg.close();
      db.cleanup();
    }
  });

  it('a poller outside this database (409 Conflict) is reported once, saying what to do', async () => {
    const tg = await startFakeTelegram({ token: TG_TOKEN, botUsername: 'FeedBot' });
    const a = tempDb();
    const b = tempDb();
    try {
      const first = spawnBot({ TELEGRAM_BOT_TOKEN: TG_TOKEN, TELEGRAM_API_ROOT: tg.apiRoot, DATABASE_PATH: a.path });
      await first.waitForOutput(/"adapter":"telegram".*bot started/, 30_000);
      const second = spawnBot({ TELEGRAM_BOT_TOKEN: TG_TOKEN, TELEGRAM_API_ROOT: tg.apiRoot, DATABASE_PATH: b.path });
      await second.waitForOutput(/"adapter":"telegram".*bot started/, 30_000);
      await first.waitForOutput(/another process polls updates for this bot \(409 Conflict\)/, 10_000);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const lines = first
        .output()
        .split('\n')
        .filter((l) => l.includes('409 Conflict'));
      assert.equal(lines.length, 1, first.output());
      assert.match(lines[0]!, /webhook mode \(TELEGRAM_WEBHOOK_URL\)/);
      await first.kill('SIGTERM');
      await second.kill('SIGTERM');
    } finally {
      await tg.close();
      a.cleanup();
      b.cleanup();
    }
  });
});
