// Test helper: the real bot (sample archive in a temp SQLite) with the Discord adapter
// logged in to a fake Discord on 127.0.0.1. `close()` destroys the client before the fake.
import type { App } from '../../../src/app';
import type { Bot } from '../../../src/bot';
import type { Config } from '../../../src/config';
import { createDiscordAdapter, type DiscordAdapter } from '../../../src/adapters/discord/index';
import { startFakeDiscord, type FakeDiscord, type FakeGuild } from '../../fakes/discord/index';
import type { FakeDiscordOptions } from '../../fakes/discord/types';
import { createTestBot, type TestBotOptions } from '../../helpers/bot';
import { mlReaders } from '../../helpers/discord-guild';

export { CHANNEL, GUILD, OTHER_CHANNEL } from '../../helpers/discord-guild';

export interface Harness {
  fake: FakeDiscord;
  app: App;
  bot: Bot;
  config: Config;
  adapter: DiscordAdapter;
  logs: string[];
  close(): Promise<void>;
}

export async function startHarness(
  opts: { guilds?: FakeGuild[]; env?: Record<string, string>; bot?: TestBotOptions; fake?: FakeDiscordOptions } = {},
): Promise<Harness> {
  const fake = await startFakeDiscord({ guilds: opts.guilds ?? [mlReaders()], ...opts.fake });
  const t = await createTestBot({ DISCORD_TOKEN: fake.token, DISCORD_API_ROOT: fake.apiRoot, ...opts.env }, opts.bot);
  const adapter = createDiscordAdapter(t.bot, t.config, t.log);
  await adapter.start();
  return {
    fake,
    app: t.app,
    bot: t.bot,
    config: t.config,
    adapter,
    logs: t.logs,
    async close() {
      await adapter.stop();
      await fake.close();
      t.close();
    },
  };
}
