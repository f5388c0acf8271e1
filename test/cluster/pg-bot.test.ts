// The bot and cli as real processes on a PostgreSQL store (test/helpers/postgres.ts): a running
// bot finds, in the whole text, what another process's `cli ingest` stored (its own index file
// catches up from the shared article sequence) and delivers a digest subscribed through it once;
// two bots share the feed poller, the standby taking over when the poller is killed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test, type TestContext } from 'node:test';
import pg from 'pg';
import { killAll, ROOT, spawnBot, until } from '../hardening/bot-process';
import { freshPostgresUrl } from '../helpers/postgres';
import { startTelegramBot } from '../helpers/telegram-bot';

after(killAll);

const DEEP_WORD = 'Quokkaformer';
const TITLE = '一个很深的正文词';
/** The word sits far past the part of the text the head index keeps (the lead). */
const RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>${TITLE}</title><link>https://example.org/deep</link><guid>deep-1</guid>
<description>${'这是一段很长的正文,讲注意力机制和扩散模型。'.repeat(600)} ${DEEP_WORD} ${'结尾。'.repeat(50)}</description></item>
</channel></rss>`;

async function pgUrl(t: TestContext): Promise<string | null> {
  const url = await freshPostgresUrl(t);
  if (typeof url === 'string') return url;
  t.skip(url.unavailable);
  return null;
}

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-pgbot-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** `npm run cli -- …` as its own process, with only the given settings. */
function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TOPICS_PATH: join(ROOT, 'data/topics.json'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

/** The next whole minute at least 20 s away, as HH:MM in UTC. */
function nextMinute(): { hhmm: string; at: number } {
  const at = Math.ceil((Date.now() + 20_000) / 60_000) * 60_000;
  const d = new Date(at);
  return { hhmm: `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`, at };
}

test(
  'a bot on PostgreSQL finds a deep-body word another process ingested, and delivers a digest subscribed through it once',
  { timeout: 150_000 },
  async (t) => {
    const url = await pgUrl(t);
    if (!url) return;
    const botDir = tempDir(t);
    const cliDir = tempDir(t);
    const chatId = 4242;
    const { bot, tg, ask } = await startTelegramBot(t, url, botDir, chatId);
    const when = nextMinute();
    await ask(`/subscribe ${when.hhmm} UTC`, new RegExp(when.hhmm));

    // Another process (its own index file beside its own DATABASE_PATH) stores the article.
    const feed = join(cliDir, 'deep.xml');
    writeFileSync(feed, RSS);
    const ingest = await cli(['ingest', feed], { DATABASE_URL: url, DATABASE_PATH: join(cliDir, 'feedbot.db') });
    assert.equal(ingest.code, 0, ingest.out);
    assert.match(ingest.out, /1 new/);

    const answer = await ask(`/search ${DEEP_WORD.toLowerCase()}`, new RegExp(TITLE));
    assert.match(answer, new RegExp(TITLE));
    assert.ok(existsSync(join(botDir, 'search-index.sqlite')), 'the bot keeps its index in a local file beside DATABASE_PATH');
    assert.ok(!existsSync(join(botDir, 'feedbot.db')), 'no SQLite store is made: the store is on PostgreSQL');

    // The digest at the subscribed minute lists the new article, once.
    const digestTo = (p: Record<string, unknown>) => String(p.chat_id) === String(chatId) && String(p.text).includes(TITLE);
    const since = tg.mark();
    await tg.waitForCall('sendMessage', (p) => digestTo(p) && !String(p.text).includes(DEEP_WORD), {
      since,
      timeoutMs: when.at - Date.now() + 40_000,
    });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const digests = tg.callsOf('sendMessage').filter((c) => c.index >= since && digestTo(c.params));
    assert.equal(digests.length, 1, 'one digest message');
    const rows = await query<{ status: string }>(url, 'SELECT status FROM digests WHERE channel = $1', [`telegram:${chatId}`]);
    assert.deepEqual(
      rows.map((r) => r.status),
      ['sent'],
    );
    await bot.kill('SIGTERM');
    const { code } = await bot.exited;
    assert.equal(code, 0, bot.output());
  },
);

/** A feed on 127.0.0.1 counting the fetches it answers. */
async function feedServer(t: TestContext): Promise<{ url: string; fetches: () => number }> {
  let fetches = 0;
  const server: Server = createServer((_req, res) => {
    fetches++;
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(RSS);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`, fetches: () => fetches };
}

const polls = (out: string) => out.split('\n').filter((l) => l.includes('polling the feeds')).length;

test(
  'two bots on one PostgreSQL store: one polls the feeds and stores what it read; killed, the other takes over',
  { timeout: 120_000 },
  async (t) => {
    const url = await pgUrl(t);
    if (!url) return;
    const feed = await feedServer(t);
    const env = (dir: string) => ({
      DATABASE_URL: url,
      DATABASE_PATH: join(dir, 'feedbot.db'),
      FEED_URLS: feed.url,
      ROLE_LEASE_SECONDS: '2',
    });
    const first = spawnBot(env(tempDir(t)));
    await first.waitForOutput(/polling the feeds/, 60_000);
    await until(() => feed.fetches() === 1, 'the first poll');
    await first.waitForOutput(/feed ingested/);
    const stored = await query<{ title: string }>(url, 'SELECT title FROM articles');
    assert.deepEqual(
      stored.map((r) => r.title),
      [TITLE],
    );
    const second = spawnBot(env(tempDir(t)));
    await second.waitForOutput(/another process polls the feeds; this one stands by/, 60_000);
    // Several renewals (every 2/3 s): the second stands by while the first holds the role.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    assert.equal(polls(second.output()), 0, second.output());
    assert.equal(feed.fetches(), 1, 'only one process fetched the feed');
    await first.kill('SIGKILL');
    await second.waitForOutput(/polling the feeds/, 15_000);
    await until(() => feed.fetches() === 2, 'the second process polling');
    await second.kill('SIGTERM');
    assert.equal((await query<{ n: number }>(url, 'SELECT count(*)::int AS n FROM articles'))[0]!.n, 1, 'nothing stored twice');
  },
);
