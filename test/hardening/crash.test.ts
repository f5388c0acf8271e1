// Crash safety, for real: the bot runs as its own process (`node --import tsx src/main.ts`)
// against the fake Telegram, starts a three-part digest at start-up (a catch-up), and is
// SIGKILLed at each point of the send; a new process on the same database must finish the
// digest with every part in the chat exactly once — except the one documented window: a part
// Telegram accepted whose answer never reached the bot may be sent a second time.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig } from '../../src/config';
import { openApp } from '../../src/app';
import { SubscriptionStore } from '../../src/store/subscriptions';
import { renderReply } from '../../src/adapters/telegram/render';
import type { Reply } from '../../src/core/types';
import { parseTelegramHtml, startFakeTelegram, type Call, type FakeTelegram } from '../fakes/telegram/index';
import { killAll, ROOT, spawnBot, until, type BotProcess } from './bot-process';

const ARTICLES = 40;

after(killAll);

interface World {
  fake: FakeTelegram;
  dir: string;
  dbPath: string;
  chat: number;
  channel: string;
  env: Record<string, string>;
  close(): Promise<void>;
}

const hhmm = (d: Date) => `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;

/**
 * A database with 40 long articles behind a supergroup's watermark and a daily digest that
 * was due 20 minutes ago (UTC): the bot plans and sends it as a catch-up right at start-up.
 * Forty articles of this length render as three Telegram messages (checked in `expectedParts`).
 */
async function world(n: number): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-crash-'));
  const dbPath = join(dir, 'feedbot.db');
  const chat = -1009100000000 - n;
  const channel = `telegram:${chat}`;
  const app = openApp(loadConfig({ DATABASE_PATH: dbPath, TOPICS_PATH: join(ROOT, 'data/topics.json') }));
  app.ingest({
    source: 'crash-test',
    entries: Array.from({ length: ARTICLES }, (_, i) => ({
      guid: `crash-${i}`,
      url: `https://example.com/crash/${i}`,
      title: `第 ${i + 1} 篇:扩散模型与大模型推理的一次长长的实验记录和总结报告`,
      text: `第 ${i + 1} 篇正文。` + '我们比较了扩散模型、注意力机制与量化推理在不同硬件上的表现,并记录了每一步的细节和结果。'.repeat(4),
      categories: [],
    })),
  });
  const now = Date.now();
  new SubscriptionStore(app.db).subscribe(
    { channel, time: hhmm(new Date(now - 20 * 60_000)), timezone: 'UTC', topics: [], locale: 'en', createdBy: 'admin' },
    { seq: 0, at: 0 },
    now - 3 * 3_600_000,
  );
  app.close();
  const fake = await startFakeTelegram();
  return {
    fake,
    dir,
    dbPath,
    chat,
    channel,
    env: {
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      DATABASE_PATH: dbPath,
      DIGEST_MAX_ENTRIES: String(ARTICLES),
      DIGEST_CATCHUP_HOURS: '12',
      // The same name on every run, as a deployment would set it: the restart takes over the
      // lease the killed run left instead of waiting five minutes for it to expire.
      BOT_INSTANCE_ID: 'crash-test-bot',
    },
    async close() {
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function readDb<T>(path: string, read: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const integrity = (path: string) => readDb(path, (db) => db.pragma('integrity_check', { simple: true }));

interface LedgerView {
  status: string;
  confirmed: boolean[];
  parts: Reply[];
  watermark: number;
}

function ledger(w: World): LedgerView {
  return readDb(w.dbPath, (db) => {
    const d = db.prepare<[string], { id: number; status: string }>('SELECT id, status FROM digests WHERE channel = ?').get(w.channel);
    const parts = d
      ? db
          .prepare<[number], { reply: string; message_id: string | null }>(
            'SELECT coalesce(b.reply, p.reply) AS reply, p.message_id FROM digest_parts p LEFT JOIN digest_bodies b ON b.hash = p.body WHERE p.digest_id = ? ORDER BY p.idx',
          )
          .all(d.id)
      : [];
    const sub = db
      .prepare<[string], { watermark_seq: number }>('SELECT watermark_seq FROM subscriptions WHERE channel = ?')
      .get(w.channel)!;
    return {
      status: d?.status ?? 'none',
      confirmed: parts.map((p) => p.message_id !== null),
      parts: parts.map((p) => JSON.parse(p.reply) as Reply),
      watermark: sub.watermark_seq,
    };
  });
}

/** What each frozen part looks like in the chat: rendered as the adapter does, parsed as Telegram does. */
function expectedParts(w: World): string[] {
  const parts = ledger(w).parts;
  assert.equal(parts.length, 3, 'the digest was planned as three messages');
  return parts.map((p) => {
    const parsed = parseTelegramHtml(renderReply(p));
    assert.ok(parsed.ok);
    return parsed.text.trim();
  });
}

const texts = (w: World) => w.fake.messagesIn(w.chat).map((m) => m.text);
const toChat = (w: World) => (p: Record<string, unknown>) => String(p.chat_id) === String(w.chat);
const answeredIn = (w: World) => (p: Record<string, unknown>, c: Call) => toChat(w)(p) && !c.failed;
const failedIn = (w: World) => (p: Record<string, unknown>, c: Call) => toChat(w)(p) && c.failed?.code === 500;
/** Start-up (tsx compiling the bot) takes a few seconds, more with the other scenarios running alongside. */
const WAIT = { timeoutMs: 30_000 };

const startBot = (w: World): BotProcess => spawnBot(w.env);

/** Restarts on the same database and fake, waits for the digest to finish, stops cleanly. */
async function restartAndFinish(w: World): Promise<void> {
  w.fake.clearFailures();
  w.fake.releaseResponses('sendMessage');
  const bot = startBot(w);
  await until(() => ledger(w).status === 'sent', `the digest to complete after the restart\n${bot.output()}`, 30_000);
  await bot.kill('SIGTERM');
  const { code } = await bot.exited;
  assert.equal(code, 0, `clean shutdown\n${bot.output()}`);
}

/** Every part is in the chat once, in order; `window` (0-based) is the one part that may show twice. */
function assertDelivered(w: World, window?: number): void {
  const expected = expectedParts(w);
  const got = texts(w);
  for (const t of got) assert.ok(expected.includes(t), `only digest parts were posted, got: ${t.slice(0, 80)}`);
  expected.forEach((part, i) => {
    const n = got.filter((t) => t === part).length;
    if (i === window) assert.ok(n === 1 || n === 2, `part ${i + 1} (the unconfirmed one) arrived ${n} times`);
    else assert.equal(n, 1, `part ${i + 1} arrived ${n} times`);
  });
  // In reading order, repeats aside: 1/3, 2/3, 3/3.
  const order = got.map((t) => expected.indexOf(t)).filter((idx, i, all) => i === 0 || all[i - 1] !== idx);
  assert.deepEqual(order, [0, 1, 2]);
  const l = ledger(w);
  assert.equal(l.status, 'sent');
  assert.deepEqual(l.confirmed, [true, true, true]);
  assert.equal(l.watermark, ARTICLES, 'the watermark moved past every article, once the last part was confirmed');
  assert.equal(integrity(w.dbPath), 'ok');
}

describe('SIGKILL during a three-part digest, then a restart on the same database', { concurrency: true, timeout: 60_000 }, () => {
  it('killed before the first part reached Telegram: every part arrives exactly once', async () => {
    const w = await world(1);
    try {
      // Telegram is failing (500) when the digest starts: the bot is between retries when it dies.
      w.fake.failNext('sendMessage', { kind: 'server-error' }, { chatId: w.chat, times: 1000 });
      const bot = startBot(w);
      await w.fake.waitForCall('sendMessage', failedIn(w), WAIT);
      await bot.kill('SIGKILL');
      assert.equal(texts(w).length, 0, 'nothing was posted');
      assert.deepEqual(ledger(w).confirmed, [false, false, false], 'planned and frozen, nothing confirmed');
      assert.equal(integrity(w.dbPath), 'ok');

      await restartAndFinish(w);
      assertDelivered(w);
    } finally {
      await w.close();
    }
  });

  it('killed between parts, after part 1 was confirmed: every part arrives exactly once', async () => {
    const w = await world(2);
    try {
      const bot = startBot(w);
      await w.fake.waitForCall('sendMessage', answeredIn(w), WAIT);
      // Part 1 went through and was answered; part 2 meets a failing Telegram and the bot dies waiting to retry.
      w.fake.failNext('sendMessage', { kind: 'server-error' }, { chatId: w.chat, times: 1000 });
      await w.fake.waitForCall('sendMessage', failedIn(w), WAIT);
      await bot.kill('SIGKILL');
      assert.equal(texts(w).length, 1);
      assert.deepEqual(ledger(w).confirmed, [true, false, false]);
      assert.equal(integrity(w.dbPath), 'ok');

      await restartAndFinish(w);
      assertDelivered(w);
    } finally {
      await w.close();
    }
  });

  it('killed after Telegram accepted part 1 but before its answer arrived: only part 1 may repeat, once', async () => {
    const w = await world(3);
    try {
      // Telegram posts each message but the bot never hears back.
      w.fake.holdResponses('sendMessage');
      const bot = startBot(w);
      await w.fake.waitForCall('sendMessage', toChat(w), WAIT);
      await bot.kill('SIGKILL');
      assert.equal(texts(w).length, 1, 'part 1 is in the chat');
      assert.deepEqual(ledger(w).confirmed, [false, false, false], 'but the ledger never heard of it');
      assert.equal(integrity(w.dbPath), 'ok');

      await restartAndFinish(w);
      assertDelivered(w, 0);
    } finally {
      await w.close();
    }
  });

  it('killed after the last part was accepted but before the ledger recorded it: only part 3 may repeat, once', async () => {
    const w = await world(4);
    try {
      const bot = startBot(w);
      const first = await w.fake.waitForCall('sendMessage', answeredIn(w), WAIT);
      const second = await w.fake.waitForCall('sendMessage', answeredIn(w), { ...WAIT, since: first.index + 1 });
      // Parts 1 and 2 were answered (the fake wrote each answer before this code ran); part 3
      // is posted but its answer is lost with the process.
      w.fake.holdResponses('sendMessage');
      await w.fake.waitForCall('sendMessage', toChat(w), { ...WAIT, since: second.index + 1 });
      await bot.kill('SIGKILL');
      assert.equal(texts(w).length, 3, 'all three parts are in the chat');
      const l = ledger(w);
      assert.deepEqual(l.confirmed, [true, true, false]);
      assert.equal(l.status, 'pending');
      assert.equal(l.watermark, 0, 'a digest not known to be complete leaves the watermark alone');
      assert.equal(integrity(w.dbPath), 'ok');

      await restartAndFinish(w);
      assertDelivered(w, 2);
    } finally {
      await w.close();
    }
  });
});
