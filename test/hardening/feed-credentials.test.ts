// Feed URL credentials: `node src/main.ts` polls FEED_URLS that carry a password, a token and
// an API key against a local HTTP server that insists on them. Then everything the bot wrote —
// its output at debug level and the database file — is searched for those secrets.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startServer } from '../feeds/http-server';
import { killAll, ROOT, spawnBot } from './bot-process';

after(killAll);

const USER = 'feedreader';
const PASSWORD = 'Pw-feedsecret-7Qm2';
const TOKEN = 'Tk-feedsecret-9Xc4';
const API_KEY = 'Ak-feedsecret-3Lp8';
const SECRETS = [USER, PASSWORD, TOKEN, API_KEY];

test('credentials in feed URLs are used to fetch, and never logged or stored', { timeout: 60_000 }, async () => {
  const rss = readFileSync(join(ROOT, 'test/fixtures/feeds/rss2.xml'));
  const basic = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
  const server = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    // Each feed is served only to a client that sends its credentials.
    if (url.pathname === '/private.xml' && req.headers.authorization === basic && url.searchParams.get('token') === TOKEN) {
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss);
    } else if (url.pathname === '/moved' && req.headers.authorization === basic) {
      // A relative redirect keeps the user:password of the URL it came from.
      res.writeHead(302, { location: `/gone?access_token=${TOKEN}` }).end();
    } else if (url.pathname === '/keyed.json' && url.searchParams.get('api_key') === API_KEY) {
      res.writeHead(500).end('server broke');
    } else {
      res.writeHead(url.pathname === '/gone' ? 404 : 401).end();
    }
  });
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-feedcreds-'));
  const dbPath = join(dir, 'feedbot.db');
  const withUser = server.origin.replace('http://', `http://${USER}:${PASSWORD}@`);
  try {
    const bot = spawnBot({
      DATABASE_PATH: dbPath,
      LOG_LEVEL: 'debug',
      FEED_URLS: [
        `${withUser}/private.xml?token=${TOKEN}&lang=zh`,
        `${withUser}/moved`,
        `${server.origin}/keyed.json?api_key=${API_KEY}`,
      ].join(','),
    });
    await bot.waitForOutput(/feed ingested/);
    await bot.waitForOutput(/feed poll failed[\s\S]*feed poll failed/);
    await bot.kill('SIGTERM');
    assert.equal((await bot.exited).code, 0, bot.output());
    assert.ok(
      server.requests.some((r) => r.path.includes(TOKEN) && r.headers.authorization === basic),
      'the real URL was fetched',
    );

    const output = bot.output();
    const db = new Database(dbPath, { readonly: true });
    const sources = db.prepare('SELECT DISTINCT source FROM articles').pluck().all();
    const states = db.prepare('SELECT url, last_error FROM feed_state ORDER BY url').all() as { url: string; last_error: string | null }[];
    db.close();
    const host = server.origin.slice('http://'.length);
    assert.deepEqual(sources, [`http://***@${host}/private.xml?token=***&lang=zh`]);
    assert.deepEqual(
      states.map((s) => s.url),
      [`http://***@${host}/moved`, `http://***@${host}/private.xml?token=***&lang=zh`, `http://${host}/keyed.json?api_key=***`],
    );
    assert.match(states[0]!.last_error ?? '', /404/);
    assert.match(states[2]!.last_error ?? '', /500/);
    assert.match(output, new RegExp(`"url":"http://\\*\\*\\*@${host}/moved".*"msg":"feed poll failed"`));

    const files = [dbPath, `${dbPath}-wal`].filter(existsSync).map((f) => readFileSync(f).toString('latin1'));
    for (const secret of SECRETS) {
      assert.equal(output.indexOf(secret), -1, `the bot's output shows ${secret}:\n${output}`);
      for (const bytes of files) assert.equal(bytes.indexOf(secret), -1, `the database file holds ${secret}`);
    }
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
