// The engine's reconnect seen from a running bot (src/main.ts as a child process, on a private
// PostgreSQL cluster): a server restart goes unnoticed by users; with the server down a command
// fails with the usual apology, logged once, and the bot answers again once the server is back.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startFakeTelegram } from '../../fakes/telegram/index';
import { killAll, spawnBot } from '../../hardening/bot-process';
import { privatePostgresCluster, withPgClient } from '../../helpers/postgres';

after(killAll);

test('a bot on PostgreSQL survives a server restart and a server outage, and answers afterwards', { timeout: 150_000 }, async (t) => {
  const cluster = await privatePostgresCluster();
  if ('unavailable' in cluster) return t.skip(cluster.unavailable);
  await withPgClient(cluster.adminUrl, (c) => c.query('CREATE DATABASE bot'));
  const url = cluster.adminUrl.replace(/\/postgres$/, '/bot');
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-pgre-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const tg = await startFakeTelegram();
  t.after(() => tg.close());
  const bot = spawnBot({
    DATABASE_URL: url,
    DATABASE_PATH: join(dir, 'feedbot.db'),
    TELEGRAM_BOT_TOKEN: tg.token,
    TELEGRAM_API_ROOT: tg.apiRoot,
    DIGEST_CATCHUP_HOURS: '0',
  });
  await bot.waitForOutput(/"adapter":"telegram".*bot started/, 60_000);
  const chat = { id: 4343, type: 'private' as const };
  const ask = async (text: string, expect: RegExp) => {
    const { mark } = tg.injectMessage({ chat, text });
    await tg.waitForCall('sendMessage', (p) => String(p.chat_id) === String(chat.id) && expect.test(String(p.text)), {
      since: mark,
      timeoutMs: 20_000,
    });
  };
  const times = async () =>
    (await withPgClient(url, (c) => c.query<{ t: string }>('SELECT time AS t FROM subscriptions ORDER BY time'))).rows.map((r) => r.t);
  await ask('/subscribe 07:00 UTC', /07:00/);

  cluster.restart();
  await sleep(500);
  await ask('/subscribe 08:00 UTC', /08:00/);
  assert.doesNotMatch(bot.output(), /PostgreSQL|command failed/, 'a clean restart is not even logged');

  cluster.stop();
  try {
    await sleep(500);
    await ask('/subscribe 09:00 UTC', /something went wrong/);
    const failures = bot.output().match(/PostgreSQL is unreachable.*"msg":"command failed"/g) ?? [];
    assert.equal(failures.length, 1, bot.output());
  } finally {
    cluster.start();
  }
  await ask('/subscribe 10:00 UTC', /10:00/);
  assert.deepEqual(await times(), ['10:00'], 'each /subscribe replaced the last; the one during the outage stored nothing');
  assert.equal(bot.child.exitCode, null, 'still running');
  assert.doesNotMatch(bot.output(), /password|hunter2/);
  await bot.kill('SIGTERM');
  assert.equal((await bot.exited).code, 0, bot.output());
});
