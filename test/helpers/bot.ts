// Test helper: a real bot (real SQLite in a temp dir, sample feed loaded) and a way to
// run commands through the router as a given caller.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { openApp, seedSampleIfEmpty, type App } from '../../src/app';
import { createBot, type Bot } from '../../src/bot';
import { silentLogger, type Logger } from '../../src/core/log';
import { replyToPlainText } from '../../src/core/reply';
import type { Locale, Reply } from '../../src/core/types';

export interface TestBot {
  app: App;
  bot: Bot;
  dir: string;
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

export async function createTestBot(env: Record<string, string> = {}, opts: { log?: Logger; clock?: () => number; seed?: boolean } = {}): Promise<TestBot> {
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-bot-'));
  const config = loadConfig({ DATABASE_PATH: join(dir, 'feedbot.db'), BOT_LOCALE: 'en', ...env });
  const app = openApp(config, opts.clock ? { clock: opts.clock } : {});
  if (opts.seed !== false) await seedSampleIfEmpty(app);
  const bot = createBot(app, { log: opts.log ?? silentLogger });
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
    app,
    bot,
    dir,
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
