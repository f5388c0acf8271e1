// Secrets: with known bot tokens, run commands, buttons, inline queries and digests on both
// platforms, including the failures (401, 429, 500, a closed port, a wrong token), in this
// process and through `node src/main.ts`. Then search everything the bot produced — log lines,
// error messages, stderr/stdout, what it stored in the database, every request body the fakes
// recorded and every message users saw — for the token in any form.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDiscordAdapter } from '../../src/adapters/discord/index';
import { createTelegramAdapter } from '../../src/adapters/telegram/index';
import { createLogger } from '../../src/core/log';
import { startFakeDiscord } from '../fakes/discord/index';
import { startFakeTelegram } from '../fakes/telegram/index';
import { killAll, spawnBot, until } from './bot-process';
import { mlReaders } from '../helpers/discord-guild';
import { CHANNEL_A, CHANNEL_B, GUILD, MANAGE_CHANNELS, dcAnswer, startPlatforms, tgCommand, type Platforms } from './platforms';

const TG_TOKEN = '987654321:TGsecret-Zq8vX2mN4pL7rT1wY5u';
const DC_TOKEN = 'OTg3NjU0MzIxMDEyMzQ1Njc4.Gsecret.DCsecret-Hk3Jd9Qe6Rt2Wm8Nb5Vc1Xz';

/** Every way a token could show up: whole, URL-encoded, in Telegram's URL form, and its secret part alone. */
function tokenForms(token: string): string[] {
  const secret = token.includes(':') ? token.slice(token.indexOf(':') + 1) : token.slice(token.lastIndexOf('.') + 1);
  return [
    ...new Set([token, encodeURIComponent(token), `bot${token}`, `bot${encodeURIComponent(token)}`, secret, encodeURIComponent(secret)]),
  ];
}
const FORMS = [...tokenForms(TG_TOKEN), ...tokenForms(DC_TOKEN)];

function assertNoToken(where: string, text: string): void {
  assert.ok(text.length > 0, `${where}: nothing was captured`);
  for (const form of FORMS) {
    const at = text.indexOf(form);
    assert.equal(at, -1, `${where} shows a token (${form.slice(0, 6)}…): …${text.slice(Math.max(0, at - 60), at + 20)}…`);
  }
}

const errorText = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message}\n${err.stack ?? ''}` : String(err));

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

after(killAll);

describe('tokens never leak, in this process', { timeout: 60_000 }, () => {
  let p: Platforms;
  const errors: string[] = [];
  const G1 = { id: -1004000000001, type: 'supergroup' as const, title: 'One' };
  const G2 = { id: -1004000000002, type: 'supergroup' as const, title: 'Two' };
  const ADMIN = { id: 4100, first_name: 'Admin', language_code: 'en' };

  before(async () => {
    p = await startPlatforms({
      throttle: false,
      tokens: { telegram: TG_TOKEN, discord: DC_TOKEN },
      digestRetry: { transientRetries: 0, backoffMs: 1, maxRateLimits: 2 },
    });
    p.tg!.fake.setChatMember(G1.id, ADMIN.id, 'creator');
    p.tg!.fake.setChatMember(G2.id, ADMIN.id, 'creator');
  });
  after(async () => {
    await p.close();
  });

  it('Telegram: commands, buttons, inline queries and digests through 401, 429, 500 and a kick', async () => {
    const tg = p.tg!.fake;
    const list = await tgCommand(tg, { chat: G1, from: ADMIN, text: '/search 卷积' });
    const next = (list.replyMarkup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard
      .flat()
      .find((b) => b.text === '▶')!;
    const press = tg.injectCallbackQuery({ from: ADMIN, message: list, data: next.callback_data });
    await tg.waitForCall('answerCallbackQuery', (q) => q.callback_query_id === press.callbackQuery.id, { since: press.mark });

    // Command replies meeting a 429 (retried once) and a 500 (a 401 stops the adapter: below, on one of its own).
    tg.failNext('sendMessage', { kind: 'rate-limit', retryAfter: 1 }, { chatId: G1.id });
    await tgCommand(tg, { chat: G1, from: ADMIN, text: '/latest 2' });
    tg.failNext('sendMessage', { kind: 'server-error' }, { chatId: G1.id });
    const { mark } = tg.injectMessage({ chat: G1, from: ADMIN, text: '/help' });
    await tg.waitForCall('sendMessage', (q, c) => String(q.chat_id) === String(G1.id) && c.failed?.code === 500, { since: mark });
    await tgCommand(tg, { chat: G1, from: ADMIN, text: '/settings' });
    tg.failNext('answerInlineQuery', { kind: 'server-error' });
    const inline = tg.injectInlineQuery({ query: '扩散模型' });
    await tg.waitForCall('answerInlineQuery', (q, c) => q.inline_query_id === inline.inlineQuery.id && !c.failed, { since: inline.mark });

    // A digest through 500 and 429 before it goes out; another one to a group that kicked the bot.
    await tgCommand(tg, { chat: G1, from: ADMIN, text: '/subscribe 09:00 UTC' });
    await tgCommand(tg, { chat: G2, from: ADMIN, text: '/subscribe 09:00 UTC' });
    p.app.ingest({
      source: 'secrets',
      entries: [{ guid: 's1', title: 'Secret-free digest', text: 'an article for the digest test', categories: [] }],
    });
    tg.failNext('sendMessage', { kind: 'server-error' }, { chatId: G1.id });
    assert.equal((await p.digests.deliverNow(`telegram:${G1.id}`)).kind, 'pending');
    tg.failNext('sendMessage', { kind: 'rate-limit', retryAfter: 1 }, { chatId: G1.id });
    await p.digests.deliverNow(`telegram:${G1.id}`);
    assert.equal(p.digests.ledger.history(`telegram:${G1.id}`)[0]!.status, 'sent');
    assert.deepEqual(
      tg
        .callsOf('sendMessage')
        .filter((c) => String(c.params.chat_id) === String(G1.id) && /Daily digest/.test(String(c.params.text)))
        .map((c) => c.failed?.code),
      [500, 429, undefined],
    );
    tg.failNext('sendMessage', { kind: 'kicked' }, { chatId: G2.id });
    assert.equal((await p.digests.deliverNow(`telegram:${G2.id}`)).kind, 'abandoned');
    const settings = await tgCommand(tg, { chat: G2, from: ADMIN, text: '/settings' });
    assert.match(settings.text, /paused since .* — the platform refused a digest: bot was kicked/);

    // A wrong token, a closed port, and Telegram going away under a running adapter.
    const wrong = createTelegramAdapter(
      p.bot,
      { ...p.config, telegram: { ...p.config.telegram, token: '987654321:WRONGsecret-Aa1Bb2Cc3Dd4Ee5' } },
      p.bot.log,
    );
    errors.push(errorText(await wrong.start().catch((e: unknown) => e)));
    assert.match(errors.at(-1)!, /401/);
    const port = await closedPort();
    const nowhere = createTelegramAdapter(
      p.bot,
      { ...p.config, telegram: { ...p.config.telegram, apiRoot: `http://127.0.0.1:${port}` } },
      p.bot.log,
    );
    errors.push(errorText(await nowhere.start().catch((e: unknown) => e)));
    assert.match(errors.at(-1)!, /ECONNREFUSED/);
    // A 401 on a running adapter (token revoked): one error naming the variable, the adapter stops.
    const revoking = await startFakeTelegram({ token: TG_TOKEN });
    const revoked = createTelegramAdapter(p.bot, { ...p.config, telegram: { ...p.config.telegram, apiRoot: revoking.apiRoot } }, p.bot.log);
    await revoked.start();
    revoking.failNext('sendMessage', { kind: 'custom', code: 401, description: 'Unauthorized' });
    errors.push(
      errorText(await revoked.send(`telegram:${G1.id}`, { blocks: [{ kind: 'text', text: 'hello?' }] }).catch((e: unknown) => e)),
    );
    assert.match(errors.at(-1)!, /token was refused \(TELEGRAM_BOT_TOKEN\)/);
    await revoked.stop();
    await revoking.close();
    const vanishing = await startFakeTelegram({ token: TG_TOKEN });
    const orphan = createTelegramAdapter(p.bot, { ...p.config, telegram: { ...p.config.telegram, apiRoot: vanishing.apiRoot } }, p.bot.log);
    await orphan.start();
    await vanishing.close();
    errors.push(errorText(await orphan.send(`telegram:${G1.id}`, { blocks: [{ kind: 'text', text: 'hello?' }] }).catch((e: unknown) => e)));
    assert.match(errors.at(-1)!, /ECONNREFUSED|socket hang up|ECONNRESET/);
    await orphan.stop();
  });

  it('Discord: commands, buttons and digests through 401, 429, 500, a wrong token and a closed port', async () => {
    const dc = p.dc!.fake;
    const ADMIN_USER = { id: '410000000000000001', username: 'admin' };
    const list = await dc.slashCommand({ name: 'search', options: { query: '卷积' }, channelId: CHANNEL_A });
    await dcAnswer(dc, list);
    const message = dc.messagesIn(CHANNEL_A).find((m) => (m.interaction_metadata as { id?: string } | undefined)?.id === list.id)!;
    const next = (message.components[0] as { components: { label: string; custom_id: string }[] }).components.find((b) => b.label === '▶')!;
    await dcAnswer(dc, await dc.buttonPress({ customId: next.custom_id, message: message.id, channelId: CHANNEL_A }));
    await dcAnswer(
      dc,
      await dc.slashCommand({
        name: 'subscribe',
        options: { time: '09:00', timezone: 'UTC' },
        channelId: CHANNEL_A,
        user: ADMIN_USER,
        permissions: MANAGE_CHANNELS,
      }),
    );

    // An interaction whose answer Discord refuses: the adapter logs it and tells the user.
    dc.failNext({ method: 'POST', path: /^\/interactions\/.*\/callback$/ }, { kind: 'server-error' }, { times: 10 });
    const failing = await dc.slashCommand({ name: 'help', channelId: CHANNEL_B });
    await dc.waitForCall((c) => c.path.startsWith(`/interactions/${failing.id}/`) && c.failed !== undefined);
    await until(
      () => p.logs.some((l) => l.includes('"adapter":"discord"') && l.includes('interaction failed')),
      'the failed interaction to be logged',
    );
    dc.clearFailures();

    // A digest through a 500 (Discord's REST client retries those itself first), then a 429 it waits out.
    p.app.ingest({
      source: 'secrets',
      entries: [{ guid: 's2', title: 'Another digest', text: 'an article for the Discord digest', categories: [] }],
    });
    dc.failNext(new RegExp(`^POST /channels/${CHANNEL_A}/messages$`), { kind: 'server-error' }, { times: 10 });
    assert.equal((await p.digests.deliverNow(`discord:${CHANNEL_A}`)).kind, 'pending');
    dc.clearFailures();
    dc.failNext(new RegExp(`^POST /channels/${CHANNEL_A}/messages$`), { kind: 'rate-limit', retryAfter: 0.2 });
    await p.digests.deliverNow(`discord:${CHANNEL_A}`);
    assert.equal(p.digests.ledger.history(`discord:${CHANNEL_A}`)[0]!.status, 'sent');
    assert.ok(
      dc.calls.some((c) => c.failed?.status === 429),
      'the 429 was met',
    );

    // A 401 (discord.js then drops its token), on a client of its own.
    const second = createDiscordAdapter(p.bot, { ...p.config, discord: { ...p.config.discord, syncCommands: false } }, p.bot.log);
    await second.start();
    dc.failNext(new RegExp(`^POST /channels/${CHANNEL_B}/messages$`), {
      kind: 'custom',
      status: 401,
      body: { message: '401: Unauthorized', code: 0 },
    });
    errors.push(
      errorText(await second.send(`discord:${CHANNEL_B}`, { blocks: [{ kind: 'text', text: 'hello' }] }).catch((e: unknown) => e)),
    );
    assert.match(errors.at(-1)!, /401/);
    await second.stop();

    // A wrong token and a closed port at start-up.
    const wrong = createDiscordAdapter(
      p.bot,
      { ...p.config, discord: { ...p.config.discord, token: 'OTg3NjU0MzIxMDEyMzQ1Njc4.Gwrong.WRONGsecret-Pp0Oo9Ii8Uu7' } },
      p.bot.log,
    );
    errors.push(errorText(await wrong.start().catch((e: unknown) => e)));
    assert.match(errors.at(-1)!, /invalid token/i);
    const port = await closedPort();
    const nowhere = createDiscordAdapter(
      p.bot,
      { ...p.config, discord: { ...p.config.discord, apiRoot: `http://127.0.0.1:${port}/api` } },
      p.bot.log,
    );
    errors.push(errorText(await nowhere.start().catch((e: unknown) => e)));
    assert.match(errors.at(-1)!, /ECONNREFUSED|fetch failed/);
  });

  it('no token in any log line, error, stored text, request body or message', () => {
    assert.ok(
      p.logs.some((l) => /could not reply|inline query failed|digest/.test(l)),
      'the failures were logged',
    );
    assertNoToken('the log', p.logs.join('\n'));
    assertNoToken('error messages', errors.join('\n'));
    const stored = ['subscriptions', 'digests', 'digest_parts', 'digest_bodies', 'feed_state']
      .map((t) => JSON.stringify(p.app.db.prepare(`SELECT * FROM ${t}`).all()))
      .join('\n');
    assert.match(stored, /Unauthorized|Internal Server Error/, 'failure reasons were stored');
    assertNoToken('the database', stored);
    assertNoToken('Telegram request bodies', JSON.stringify(p.tg!.fake.calls));
    assertNoToken('Discord requests', JSON.stringify(p.dc!.fake.calls));
    const seen = [
      ...[G1, G2].flatMap((g) => p.tg!.fake.messagesIn(g.id)),
      ...[CHANNEL_A, CHANNEL_B].flatMap((c) => p.dc!.fake.messagesIn(c)),
    ];
    assertNoToken('messages users saw', JSON.stringify(seen));
  });

  // The adapters above registered both tokens, as they do at start-up; any logger now masks them.
  it('the logger masks a token it was told about, whole, URL-encoded, in a URL or its secret part alone', () => {
    const lines: string[] = [];
    const log = createLogger('debug', (l) => lines.push(l));
    for (const form of FORMS) log.error(`request to https://api.example/${form}/getMe failed`, { error: new Error(`token ${form}`) });
    assertNoToken('masked log lines', lines.join('\n'));
  });
});

describe('tokens never leak from `node src/main.ts`', { concurrency: true, timeout: 60_000 }, () => {
  it('a wrong Telegram token: exits 1 saying Telegram refused, without the token', async () => {
    const fake = await startFakeTelegram({ token: '987654321:OTHERsecret-Zz9Yy8Xx7Ww6' });
    try {
      const bot = spawnBot({ TELEGRAM_BOT_TOKEN: TG_TOKEN, TELEGRAM_API_ROOT: fake.apiRoot, DATABASE_PATH: ':memory:' });
      const { code } = await bot.exited;
      assert.equal(code, 1);
      assert.match(bot.output(), /rejected the connection: 401/);
      assertNoToken('stderr', bot.output());
    } finally {
      await fake.close();
    }
  });

  it('Telegram and Discord on closed ports: exits 1 with the network error, without the tokens', async () => {
    const port = await closedPort();
    const envs: Record<string, string>[] = [
      { TELEGRAM_BOT_TOKEN: TG_TOKEN, TELEGRAM_API_ROOT: `http://127.0.0.1:${port}` },
      { DISCORD_TOKEN: DC_TOKEN, DISCORD_API_ROOT: `http://127.0.0.1:${port}/api` },
    ];
    for (const env of envs) {
      const bot = spawnBot({ ...env, DATABASE_PATH: ':memory:' });
      const { code } = await bot.exited;
      assert.equal(code, 1, bot.output());
      assert.match(bot.output(), /could not start: .*(ECONNREFUSED|fetch failed)/);
      assertNoToken('stderr', bot.output());
    }
  });

  it('a start-up error that quotes a token is printed with the token masked', async () => {
    // Any start-up failure reaches stderr through main's own handler; here the database path
    // (under a plain file, so it cannot be created) happens to contain both tokens.
    const dir = mkdtempSync(join(tmpdir(), 'feedbot-mask-'));
    writeFileSync(join(dir, 'file'), '');
    const bot = spawnBot({
      TELEGRAM_BOT_TOKEN: TG_TOKEN,
      DISCORD_TOKEN: DC_TOKEN,
      DATABASE_PATH: join(dir, 'file', `${TG_TOKEN}-${DC_TOKEN}`, 'feedbot.db'),
    });
    const { code } = await bot.exited;
    assert.equal(code, 1);
    assert.match(bot.output(), /feedbot could not start: .*file\/\*\*\*-\*\*\*/);
    assertNoToken('stderr', bot.output());
    rmSync(dir, { recursive: true, force: true });
  });

  it("DEBUG turning on telegraf's own output (which prints the webhook secret) is warned about in one line at start-up", async () => {
    const tg = await startFakeTelegram({ token: TG_TOKEN });
    const WARNING = /"level":40,[^\n]*"adapter":"telegram"[^\n]*DEBUG turns on telegraf debug output/g;
    try {
      for (const [DEBUG, warned] of [
        ['telegraf:*', 1],
        ['*', 1],
        ['*,-telegraf:*', 0],
        ['express:*', 0],
      ] as const) {
        const bot = spawnBot({ TELEGRAM_BOT_TOKEN: TG_TOKEN, TELEGRAM_API_ROOT: tg.apiRoot, DATABASE_PATH: ':memory:', DEBUG });
        await bot.waitForOutput(/"adapter":"telegram".*bot started/, 30_000);
        await bot.kill('SIGTERM');
        assert.equal(bot.output().match(WARNING)?.length ?? 0, warned, `DEBUG=${DEBUG}:\n${bot.output()}`);
      }
    } finally {
      await tg.close();
    }
  });

  it('a malformed Telegram token is reported without being echoed', async () => {
    const bot = spawnBot({ TELEGRAM_BOT_TOKEN: 'not-a-token-TGsecret-Zq8vX2mN4pL7rT1wY5u', DATABASE_PATH: ':memory:' });
    const { code } = await bot.exited;
    assert.equal(code, 1);
    assert.match(bot.output(), /TELEGRAM_BOT_TOKEN does not look like a BotFather token/);
    assert.ok(!bot.output().includes('TGsecret'));
  });

  it('a running bot on both platforms, debug logging, failing replies, then SIGTERM: no token in its output', async () => {
    const tg = await startFakeTelegram({ token: TG_TOKEN });
    const dc = await startFakeDiscord({ token: DC_TOKEN, guilds: [mlReaders()] });
    try {
      const bot = spawnBot({
        TELEGRAM_BOT_TOKEN: TG_TOKEN,
        TELEGRAM_API_ROOT: tg.apiRoot,
        DISCORD_TOKEN: DC_TOKEN,
        DISCORD_API_ROOT: dc.apiRoot,
        DISCORD_GUILD_ID: GUILD,
        DISCORD_SYNC_COMMANDS: 'true',
        DATABASE_PATH: ':memory:',
        LOG_LEVEL: 'debug',
      });
      await bot.waitForOutput(/"adapter":"discord".*slash commands synced/, 30_000);
      await bot.waitForOutput(/"adapter":"telegram".*bot started/, 30_000);
      const group = { id: -1004000000009, type: 'supergroup' as const };
      tg.failNext('sendMessage', { kind: 'custom', code: 401, description: 'Unauthorized' });
      const { mark } = tg.injectMessage({ chat: group, text: '/search 卷积' });
      await tg.waitForCall('sendMessage', (_q, c) => c.failed?.code === 401, { since: mark });
      await bot.waitForOutput(/could not reply to a command/);
      // The 401 stopped the Telegram adapter with one error naming its variable; Discord goes on.
      await bot.waitForOutput(/refused the bot's token.*TELEGRAM_BOT_TOKEN/);
      dc.failNext({ method: 'POST', path: /^\/interactions\/.*\/callback$/ }, { kind: 'server-error' }, { times: 10 });
      await dc.slashCommand({ name: 'help', channelId: CHANNEL_A });
      await bot.waitForOutput(/"adapter":"discord".*interaction failed/);
      await bot.kill('SIGTERM');
      assert.equal((await bot.exited).code, 0, bot.output());
      assertNoToken('stderr and stdout', bot.output());
    } finally {
      await dc.close();
      await tg.close();
    }
  });
});
