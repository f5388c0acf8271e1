// The engine's reconnect seen from a running bot (src/main.ts as a child process, each test on
// a private PostgreSQL cluster): a server restart goes unnoticed by users; with the server down
// a command fails with the usual apology, logged once, and the bot answers again once it is back.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { killAll, until, type BotProcess } from '../../hardening/bot-process';
import { privatePostgresCluster, withPgClient, type Cluster } from '../../helpers/postgres';
import { startTelegramBot } from '../../helpers/telegram-bot';

after(killAll);

interface Running {
  cluster: Cluster;
  bot: BotProcess;
  /** The search index's saved snapshot, written a moment after the bot builds its index. */
  snapshot: string;
  /** Sends `text` to the bot and waits for a reply matching `expect`. */
  ask(text: string, expect: RegExp): Promise<void>;
  /** The stored subscription times. */
  times(): Promise<string[]>;
}

async function botOnPrivateCluster(t: TestContext): Promise<Running | null> {
  const cluster = await privatePostgresCluster();
  if ('unavailable' in cluster) {
    t.skip(cluster.unavailable);
    return null;
  }
  await withPgClient(cluster.adminUrl, (c) => c.query('CREATE DATABASE bot'));
  const url = cluster.adminUrl.replace(/\/postgres$/, '/bot');
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-pgre-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const { bot, ask } = await startTelegramBot(t, url, dir, 4343);
  return {
    cluster,
    bot,
    snapshot: join(dir, 'search-index.sqlite.search-index'),
    ask: async (text, expect) => void (await ask(text, expect)),
    times: async () =>
      (await withPgClient(url, (c) => c.query<{ t: string }>('SELECT time AS t FROM subscriptions ORDER BY time'))).rows.map((r) => r.t),
  };
}

async function stopsCleanly(bot: BotProcess): Promise<void> {
  assert.equal(bot.child.exitCode, null, `still running:\n${bot.output()}`);
  await bot.kill('SIGTERM');
  assert.equal((await bot.exited).code, 0, bot.output());
}

test(
  'a bot on PostgreSQL does not notice a server restart: the next command is answered, nothing logged',
  { timeout: 120_000 },
  async (t) => {
    const r = await botOnPrivateCluster(t);
    if (!r) return;
    await r.ask('/subscribe 07:00 UTC', /07:00/);
    // The index's first save reads the store: a restart under it is logged (the outage case below).
    await until(() => existsSync(r.snapshot), 'the search index saved');
    r.cluster.restart();
    await sleep(500);
    await r.ask('/subscribe 08:00 UTC', /08:00/);
    assert.deepEqual(await r.times(), ['08:00']);
    assert.doesNotMatch(r.bot.output(), /PostgreSQL|failed/, 'a clean restart is not even logged');
    await stopsCleanly(r.bot);
  },
);

test(
  'a bot on PostgreSQL survives an outage: a command during it gets the apology, logged once; afterwards it answers',
  {
    timeout: 120_000,
  },
  async (t) => {
    const r = await botOnPrivateCluster(t);
    if (!r) return;
    // A search builds the index, whose save (a moment later) reads the store: during the outage.
    await r.ask('/search attention', /./);
    r.cluster.stop();
    try {
      await sleep(1500);
      await r.ask('/subscribe 09:00 UTC', /something went wrong/);
      const failures = r.bot.output().match(/PostgreSQL is unreachable.*"msg":"command failed"/g) ?? [];
      assert.equal(failures.length, 1, r.bot.output());
    } finally {
      r.cluster.start();
    }
    await r.ask('/subscribe 10:00 UTC', /10:00/);
    assert.deepEqual(await r.times(), ['10:00'], 'the /subscribe during the outage stored nothing');
    assert.doesNotMatch(r.bot.output(), /password|hunter2/);
    await stopsCleanly(r.bot);
  },
);
