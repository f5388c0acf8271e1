// The running bot (`node --import tsx src/main.ts`, console adapter on stdin) keeps answering
// while a large feed from FEED_URLS is being ingested: /latest, sent once the poller has handed
// the feed over, is answered before the feed's articles are committed, which a separate
// connection to the database confirms. No stopwatch: only the order of events.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startServer } from '../../feeds/http-server';
import { ROOT } from '../bot-process';

const ITEMS = 10_000;
const item = (i: number) =>
  `<item><guid>big-${i}</guid><title>Item ${i}: 注意力机制</title><description>${'Transformer attention weighs every token against every other one, 卷积网络也可以. '.repeat(5)}${i}</description></item>`;
const FEED = `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>big</title>${Array.from({ length: ITEMS }, (_, i) => item(i)).join('')}</channel></rss>`;

const dir = mkdtempSync(join(tmpdir(), 'feedbot-responsive-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function count(dbPath: string): number {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

test('/latest is answered while a 10,000-item feed is being ingested', { timeout: 120_000 }, async (t) => {
  const server = await startServer(
    (_req, res) => void res.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8' }).end(FEED),
  );
  t.after(() => server.close());
  const dbPath = join(dir, 'feedbot.db');
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DATABASE_PATH: dbPath,
      FEED_URLS: `${server.origin}/big.xml`,
      CONSOLE: 'true',
      BOT_LOCALE: 'en',
      LOG_LEVEL: 'debug',
      TOPICS_PATH: join(ROOT, 'data/topics.json'),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  t.after(() => void child.kill('SIGKILL'));
  let stdout = '';
  let stderr = '';
  const waiters: (() => void)[] = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  child.stdout.on('data', (d: Buffer) => ((stdout += d.toString()), wake()));
  child.stderr.on('data', (d: Buffer) => ((stderr += d.toString()), wake()));
  const until = async (what: string, ok: () => boolean) => {
    while (!ok()) {
      if (child.exitCode !== null) throw new Error(`bot exited while waiting for ${what}:\n${stderr}`);
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };

  await until('the poller to hand the feed to the ingest worker', () => /"level":20,[^\n]*"msg":"ingesting feed"/.test(stderr));
  const before = stdout.length;
  child.stdin.write('/latest\n');
  await until('the reply to /latest', () => /No articles yet\.|Item \d+: 注意力机制/.test(stdout.slice(before)));
  // Answered, and the feed is still not stored: the reply did not wait for the ingest.
  assert.match(stdout.slice(before), /No articles yet\./, 'the reply came before the ingest committed');
  assert.equal(count(dbPath), 0, 'the feed is still being ingested after the reply');
  assert.doesNotMatch(stderr, /feed ingested/);

  await until('the ingest to finish', () => /"level":30,[^\n]*"msg":"feed ingested"/.test(stderr));
  assert.equal(count(dbPath), ITEMS);
  const after = stdout.length;
  child.stdin.write('/latest 1\n');
  await until('the second reply', () => /Item 9999: 注意力机制|Item 0: 注意力机制/.test(stdout.slice(after)));
  child.stdin.end();
});
