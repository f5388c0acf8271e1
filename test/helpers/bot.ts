// Test helper: "a bot on a temp database" — real SQLite in a temp dir, the bundled sample
// feed loaded, the bot's log lines captured — and a way to run commands through the router
// as a given caller. Every harness that needs a bot (adapters, hardening) starts here.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config';
import { openApp, seedSampleIfEmpty, type App } from '../../src/app';
import { createBot, type Bot, type BotOptions } from '../../src/bot';
import { createLogger, type Logger } from '../../src/core/log';
import { replyToPlainText } from '../../src/core/reply';
import type { Locale, Reply } from '../../src/core/types';

export const ROOT = join(import.meta.dirname, '../..');

export interface TestBot {
  dir: string;
  config: Config;
  app: App;
  bot: Bot;
  log: Logger;
  /** Every log line the bot wrote (after the logger's redaction, as it would reach stderr). */
  logs: string[];
  run(line: string, opts?: RunOptions): Promise<Reply>;
  text(line: string, opts?: RunOptions): Promise<string>;
  close(): void;
}

export interface RunOptions {
  locale?: Locale;
  channel?: string;
  callerId?: string;
  isPrivate?: boolean;
  admin?: boolean;
  values?: Record<string, string | number | boolean | undefined>;
}

export interface TestBotOptions {
  /** Instead of capturing log lines. */
  log?: Logger;
  clock?: () => number;
  /** Load the bundled sample feed (default true). */
  seed?: boolean;
  throttle?: BotOptions['throttle'];
}

/** The bot over a temp database holding the bundled sample feed (~39 articles); `env` adds settings. */
export async function createTestBot(env: Record<string, string> = {}, opts: TestBotOptions = {}): Promise<TestBot> {
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-bot-'));
  const config = loadConfig({
    DATABASE_PATH: join(dir, 'feedbot.db'),
    SAMPLE_FEED_DIR: join(ROOT, 'data/sample-feed'),
    TOPICS_PATH: join(ROOT, 'data/topics.json'),
    BOT_LOCALE: 'en',
    ...env,
  });
  const app = openApp(config, opts.clock ? { clock: opts.clock } : {});
  try {
    if (opts.seed !== false) await seedSampleIfEmpty(app);
  } catch (err) {
    app.close();
    throw err;
  }
  const logs: string[] = [];
  const log = opts.log ?? createLogger('debug', (line) => logs.push(line));
  const bot = createBot(app, { log, ...(opts.throttle ? { throttle: opts.throttle } : {}) });
  const run = async (line: string, o: RunOptions = {}) => {
    const m = /^\/(\S+)\s*([\s\S]*)$/.exec(line.trim());
    if (!m) throw new Error(`not a command: ${line}`);
    const reply = await bot.handle({
      command: m[1]!,
      ...(o.values ? { values: o.values } : { text: m[2]! }),
      channel: o.channel ?? 'test:chan',
      caller: { id: o.callerId ?? 'u1' },
      locale: o.locale ?? 'en',
      isPrivate: o.isPrivate ?? false,
      isChannelAdmin: async () => o.admin ?? true,
    });
    if (!reply) throw new Error('throttled');
    return reply;
  };
  return {
    dir,
    config,
    app,
    bot,
    log,
    logs,
    run,
    text: async (line, o) => replyToPlainText(await run(line, o)),
    close() {
      app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Titles of the articles in a reply, in order. */
export function titles(reply: Reply): string[] {
  return reply.blocks.flatMap((b) => (b.kind === 'articles' ? b.items.map((i) => i.title) : []));
}
