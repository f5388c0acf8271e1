// Test helper: the real bot (sample archive in a temp SQLite) with the Discord adapter
// logged in to a fake Discord on 127.0.0.1. `close()` destroys the client before the fake.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, seedSampleIfEmpty, type App } from '../../../src/app';
import { createBot, type Bot } from '../../../src/bot';
import { loadConfig, type Config } from '../../../src/config';
import { createLogger } from '../../../src/core/log';
import { createDiscordAdapter, type DiscordAdapter } from '../../../src/adapters/discord/index';
import { startFakeDiscord, type FakeDiscord, type FakeGuild } from '../../fakes/discord/index';

export const GUILD = '100000000000000001';
export const CHANNEL = '200000000000000001';
export const OTHER_CHANNEL = '200000000000000002';

export interface Harness {
  fake: FakeDiscord;
  app: App;
  bot: Bot;
  config: Config;
  adapter: DiscordAdapter;
  logs: string[];
  close(): Promise<void>;
}

export async function startHarness(opts: { guilds?: FakeGuild[]; env?: Record<string, string> } = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-discord-'));
  const fake = await startFakeDiscord({
    guilds: opts.guilds ?? [
      {
        id: GUILD,
        name: 'ML Readers',
        channels: [
          { id: CHANNEL, name: 'digest' },
          { id: OTHER_CHANNEL, name: 'chat' },
        ],
      },
    ],
  });
  const config = loadConfig({
    DATABASE_PATH: join(dir, 'db.sqlite'),
    DISCORD_TOKEN: fake.token,
    DISCORD_API_ROOT: fake.apiRoot,
    BOT_LOCALE: 'en',
    ...opts.env,
  });
  const app = openApp(config);
  await seedSampleIfEmpty(app);
  const logs: string[] = [];
  const log = createLogger('debug', (line) => logs.push(line));
  const bot = createBot(app, { log });
  const adapter = createDiscordAdapter(bot, config, log);
  await adapter.start();
  return {
    fake,
    app,
    bot,
    config,
    adapter,
    logs,
    async close() {
      await adapter.stop();
      await fake.close();
      app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
