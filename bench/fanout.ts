// Fan-out at the platforms' limits: N digests due at one minute, delivered end to end by the
// bot (bench/fanout-child.ts: real telegraf and discord.js clients, configured by environment
// as an operator would) to the fake Telegram and Discord servers (test/fakes), which enforce
// the platforms' rate limits scaled up `scale` times (Telegram: 30 messages/s overall, 1/s
// per private chat, 20/min per group; Discord: 50 requests/s global, 5 per 5 s per channel
// with X-RateLimit-* headers) and inject faults: random 429s (1%), 500s (1%), dropped
// connections (0.2%), and one chat in 500 that no longer exists. The bot learns Discord's
// limits from its headers and 429s, and Telegram's from its configured pacing and retry_after.
// Reports throughput as a share of each platform's limit (successful message sends per second
// from the first success to the last, at least one second: planning of later chunks during the
// first seconds and the tail of retries both count against it), lateness behind the minute (p50/p99, per digest, when its last
// part was confirmed), and digests delivered, duplicated (a part received twice) and lost.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, seedSampleIfEmpty } from '../src/app';
import { loadConfig } from '../src/config';
import { SubscriptionStore } from '../src/store/subscriptions';
import { startFakeDiscord } from '../test/fakes/discord/index';
import type { FakeGuild } from '../test/fakes/discord/index';
import { startFakeTelegram } from '../test/fakes/telegram/index';
import type { RandomFaults } from '../test/fakes/rate-window';
import { percentile } from './stats';

export interface FanoutResult {
  digests: number;
  scale: number;
  telegram: PlatformFigures;
  discord: PlatformFigures;
  /** Seconds behind the scheduled minute when each digest's last part was confirmed. */
  lateness: { p50: number; p99: number; max: number };
  delivered: number;
  duplicated: number;
  lost: number;
  /** Chats that no longer exist, and whether each was paused exactly once. */
  gone: number;
  pausedOnce: boolean;
  timedOut: boolean;
  seconds: number;
  /** CPU seconds (user + system) of the bot during delivery, and of this process (the fake servers) meanwhile. */
  cpuSeconds: { bot: number; fakes: number };
}

export interface PlatformFigures {
  channels: number;
  /** Messages (Telegram) or requests (Discord) that succeeded, per second, and the limit. */
  achieved: number;
  limit: number;
  share: number;
  /** 429s the fake answered because a limit was broken (not the injected ones). */
  limited: number;
  /** Successful sends in each whole second from the first one: where the idle gaps are. */
  perSecond: number[];
}

const ROOT = join(import.meta.dirname, '..');
const FAULTS: RandomFaults = { rateLimited: 0.01, serverError: 0.01, timeout: 0.002, timeoutMs: 1000, seed: 16 };
const GONE_EVERY = 500;

export async function benchFanout(
  n: number,
  opts: { scale: number; timeoutSeconds: number; log: (m: string) => void },
): Promise<FanoutResult> {
  const { scale } = opts;
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-fanout-'));
  const nTg = Math.ceil(n / 2);
  const nDc = n - nTg;
  // Telegram: half private chats, half supergroups. Discord: channels in guilds of 500.
  const tgChats = Array.from({ length: nTg }, (_, i) => (i % 2 ? 700_000_000 + i : -1_000_700_000_000 - i));
  const dcChannels = Array.from({ length: nDc }, (_, i) => String(900_000_000_000_000 + i));
  const goneTg = new Set(tgChats.filter((_, i) => i % GONE_EVERY === GONE_EVERY - 1));
  const goneDc = new Set(dcChannels.filter((_, i) => i % GONE_EVERY === GONE_EVERY - 1));
  const guilds: FakeGuild[] = [];
  const live = dcChannels.filter((c) => !goneDc.has(c));
  for (let g = 0; g * 500 < live.length; g++) {
    guilds.push({
      id: String(800_000_000_000_000 + g),
      channels: live.slice(g * 500, g * 500 + 500).map((id) => ({ id, name: `digest-${id}` })),
    });
  }
  const tg = await startFakeTelegram({ rateLimits: { perSecond: 30, perChatPerSecond: 1, perGroupPerMinute: 20, scale }, faults: FAULTS });
  const dc = await startFakeDiscord({
    guilds,
    rateLimits: { globalPerSecond: 50, routeLimit: 5, routeWindowMs: 5000, scale },
    faults: { ...FAULTS, seed: 17 },
  });
  for (const chat of goneTg) tg.failNext('sendMessage', { kind: 'chat-not-found' }, { chatId: chat, times: 1_000_000 });
  const env: Record<string, string> = {
    DATABASE_PATH: join(dir, 'feedbot.db'),
    TOPICS_PATH: join(ROOT, 'data/topics.json'),
    SAMPLE_FEED_DIR: join(ROOT, 'data/sample-feed'),
    BOT_LOCALE: 'en',
    LOG_LEVEL: 'warn',
    CONSOLE: 'false',
    TELEGRAM_BOT_TOKEN: tg.token,
    TELEGRAM_API_ROOT: tg.apiRoot,
    DISCORD_TOKEN: dc.token,
    DISCORD_API_ROOT: dc.apiRoot,
    // What an operator whose limits are `scale` times Telegram's and Discord's would set: the
    // overall rates 5% under them, since the platforms count arrivals and the network bunches
    // what we space out (every 429 costs that chat a whole second of Telegram's retry_after).
    TELEGRAM_DIGEST_PER_SECOND: String(Math.floor(30 * scale * 0.95)),
    TELEGRAM_DIGEST_CHAT_INTERVAL_MS: String(Math.ceil(1000 / scale)),
    DISCORD_GLOBAL_REQUESTS_PER_SECOND: String(Math.floor(50 * scale * 0.95)),
  };
  try {
    // The scheduled minute: the next whole minute at least 20 s away (start-up happens before it).
    const at = Math.ceil((Date.now() + 20_000) / 60_000) * 60_000;
    const hhmm = new Date(at).toISOString().slice(11, 16);
    const app = openApp(loadConfig(env), { clock: () => at - 5000 });
    try {
      await seedSampleIfEmpty(app);
      const subs = new SubscriptionStore(app.db);
      const mark = app.store.watermarkNow();
      app.db.transaction(() => {
        const channels = [...tgChats.map((c) => `telegram:${c}`), ...dcChannels.map((c) => `discord:${c}`)];
        channels.forEach((channel, i) =>
          // Eight articles each, topic filters varied: a digest of one or two messages.
          subs.subscribe(
            { channel, time: hhmm, timezone: 'UTC', topics: i % 3 ? [] : ['llm'], locale: i % 2 ? 'zh' : 'en' },
            { seq: mark.seq - 8, at: 0 },
            at - 5000,
          ),
        );
      })();
    } finally {
      app.close();
    }
    opts.log(`fan-out: ${n} digests (${nTg} Telegram, ${nDc} Discord) at ${hhmm} UTC, limits ×${scale}`);
    const t0 = performance.now();
    const fakesCpu0 = process.cpuUsage();
    const out = await runBot(
      { ...env, FANOUT_AT: String(at), FANOUT_DIGESTS: String(n), FANOUT_TIMEOUT_SECONDS: String(opts.timeoutSeconds) },
      opts.timeoutSeconds,
    );
    const seconds = (performance.now() - t0) / 1000;
    const fakesCpu = process.cpuUsage(fakesCpu0);

    // What the platforms received against what was planned.
    const check = openApp(loadConfig(env));
    let delivered = 0;
    let duplicated = 0;
    let lost = 0;
    try {
      const rows = check.db
        .prepare<[], { channel: string; status: string; parts: number }>(
          `SELECT d.channel, d.status, (SELECT count(*) FROM digest_parts p WHERE p.digest_id = d.id) AS parts FROM digests d WHERE d.planned_at >= ${at}`,
        )
        .all();
      const byChannel = new Map(rows.map((r) => [r.channel, r]));
      const received = (channel: string): number => {
        const [platform, id] = channel.split(':') as [string, string];
        return platform === 'telegram' ? tg.messagesIn(Number(id)).length : dc.messagesIn(id).length;
      };
      for (const channel of [...tgChats.map((c) => `telegram:${c}`), ...dcChannels.map((c) => `discord:${c}`)]) {
        const gone = goneTg.has(Number(channel.slice(9))) || goneDc.has(channel.slice(8));
        const d = byChannel.get(channel);
        const got = received(channel);
        if (gone) continue;
        if (d && got === d.parts && d.status === 'sent') delivered++;
        else if (d && got > d.parts) duplicated++;
        else lost++;
      }
    } finally {
      check.close();
    }
    const goneChannels = [...[...goneTg].map((c) => `telegram:${c}`), ...[...goneDc].map((c) => `discord:${c}`)];
    const pausedOnce = goneChannels.every((c) => out.paused[c] === 1) && Object.keys(out.paused).length === goneChannels.length;
    const late = out.lateness.map((ms) => ms / 1000).sort((a, b) => a - b);

    const tgOk = tg.callsOf('sendMessage').filter((c) => !c.failed);
    // Message posts only: start-up calls (login, command menus) happen before the minute.
    const dcOk = dc.calls.filter(
      (c) => c.status >= 200 && c.status < 300 && c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.path),
    );
    const figures = (times: number[], limit: number, limited: number, channels: number): PlatformFigures => {
      // Over the busy span, first success to last (the fakes keep real time; the bot's clock is shifted).
      const first = times.reduce((m, t) => Math.min(m, t), Infinity);
      const span = (times.reduce((m, t) => Math.max(m, t), -Infinity) - first) / 1000;
      // A limit is per second: a run shorter than that (a handful of sends, --quick) is counted over one second.
      const achieved = times.length > 1 ? (times.length - 1) / Math.max(span, 1) : 0;
      const perSecond = Array.from({ length: Math.floor(span) + 1 }, () => 0);
      for (const t of times) perSecond[Math.floor((t - first) / 1000)]!++;
      return { channels, achieved, limit, share: achieved / limit, limited, perSecond };
    };
    const tgLimited = tg.callsOf('sendMessage').filter((c) => c.failed?.code === 429 && !c.failed.injected).length;
    const dcLimited = dc.calls.filter((c) => c.status === 429 && !c.failed?.injected).length;
    const result = {
      digests: n,
      scale,
      telegram: figures(
        tgOk.map((c) => c.at),
        30 * scale,
        tgLimited,
        nTg,
      ),
      discord: figures(
        dcOk.map((c) => c.at),
        50 * scale,
        dcLimited,
        nDc,
      ),
      lateness: { p50: percentile(late, 50), p99: percentile(late, 99), max: late[late.length - 1] ?? NaN },
      delivered,
      duplicated,
      lost,
      gone: goneChannels.length,
      pausedOnce,
      timedOut: out.timedOut,
      seconds,
      cpuSeconds: { bot: out.cpuSeconds, fakes: (fakesCpu.user + fakesCpu.system) / 1e6 },
    };
    opts.log(
      `fan-out: CPU ${result.cpuSeconds.bot.toFixed(1)} s in the bot, ${result.cpuSeconds.fakes.toFixed(1)} s in the fake servers (${seconds.toFixed(0)} s wall-clock)`,
    );
    for (const p of ['telegram', 'discord'] as const)
      opts.log(`fan-out: ${p} successful sends per second, from the first: ${result[p].perSecond.join(' ')}`);
    const dcFirst = dcOk.reduce((m, c) => Math.min(m, c.at), Infinity);
    const overLimit = dc.calls.filter((c) => c.status === 429 && !c.failed?.injected);
    opts.log(
      `fan-out: discord 429s for breaking a limit, s after the first success: ${overLimit.map((c) => ((c.at - dcFirst) / 1000).toFixed(2)).join(' ') || 'none'}`,
    );
    return result;
  } finally {
    await tg.close();
    await dc.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface ChildOut {
  lateness: number[];
  paused: Record<string, number>;
  timedOut: boolean;
  cpuSeconds: number;
}

function runBot(env: Record<string, string>, timeoutSeconds: number): Promise<ChildOut> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/fanout-child.ts')], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), (timeoutSeconds + 60) * 1000);
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    child.on('exit', (code) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').pop();
      if (code !== 0 || !line) reject(new Error(`fan-out bot exited ${code}: ${err}`));
      else resolve(JSON.parse(line) as ChildOut);
    });
  });
}
