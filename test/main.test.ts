// `node src/main.ts` when a platform refuses the bot's token: the other adapters keep running,
// the operator is told which variable to fix, and once no adapter is left the process exits
// non-zero with a clear message.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { startFakeDiscord } from './fakes/discord/index';
import { startFakeTelegram } from './fakes/telegram/index';
import { killAll, spawnBot } from './hardening/bot-process';
import { mlReaders } from './helpers/discord-guild';

const TG_TOKEN = '123456789:MAINtest-Aa1Bb2Cc3Dd4Ee5Ff6';

after(killAll);

describe('a refused token, through `node src/main.ts`', { concurrency: true, timeout: 90_000 }, () => {
  it('Telegram refused at start: Discord keeps running, one error names TELEGRAM_BOT_TOKEN', async () => {
    const tg = await startFakeTelegram({ token: '987654321:OTHERtoken-Zz9Yy8Xx7Ww6' });
    const dc = await startFakeDiscord({ guilds: [mlReaders()] });
    try {
      const bot = spawnBot({
        TELEGRAM_BOT_TOKEN: TG_TOKEN,
        TELEGRAM_API_ROOT: tg.apiRoot,
        DISCORD_TOKEN: dc.token,
        DISCORD_API_ROOT: dc.apiRoot,
        DATABASE_PATH: ':memory:',
      });
      await bot.waitForOutput(/"adapter":"discord".*connected/, 30_000);
      assert.match(bot.output(), /Telegram rejected the connection: 401.*Set a valid TELEGRAM_BOT_TOKEN/);
      const answered = await dc.slashCommand({ name: 'help', channelId: '200000000000000001' });
      await dc.waitForCall((c) => c.path === `/interactions/${answered.id}/${answered.token}/callback`);
      await bot.kill('SIGTERM');
      assert.equal((await bot.exited).code, 0, bot.output());
      assert.equal(
        bot
          .output()
          .split('\n')
          .filter((l) => l.includes('TELEGRAM_BOT_TOKEN')).length,
        1,
        'said once',
      );
    } finally {
      await dc.close();
      await tg.close();
    }
  });

  it('the only adapter refused later (Telegram token revoked): exits 1 saying no adapter is left', async () => {
    const tg = await startFakeTelegram({ token: TG_TOKEN });
    try {
      const bot = spawnBot({ TELEGRAM_BOT_TOKEN: TG_TOKEN, TELEGRAM_API_ROOT: tg.apiRoot, DATABASE_PATH: ':memory:' });
      await bot.waitForOutput(/"adapter":"telegram".*bot started/, 30_000);
      tg.revokeToken();
      const { code } = await bot.exited;
      assert.equal(code, 1, bot.output());
      assert.match(bot.output(), /feedbot stopped: no adapter is left running: telegram: .*check TELEGRAM_BOT_TOKEN/);
    } finally {
      await tg.close();
    }
  });

  it('Discord refused at start (gateway 4004): exits 1 naming DISCORD_TOKEN', async () => {
    const dc = await startFakeDiscord({ guilds: [mlReaders()] });
    dc.refuseIdentify(4004);
    try {
      const bot = spawnBot({ DISCORD_TOKEN: dc.token, DISCORD_API_ROOT: dc.apiRoot, DATABASE_PATH: ':memory:' });
      const { code } = await bot.exited;
      assert.equal(code, 1, bot.output());
      assert.match(bot.output(), /feedbot could not start: no adapter is left running: discord: .*4004.*check DISCORD_TOKEN/);
    } finally {
      await dc.close();
    }
  });
});
