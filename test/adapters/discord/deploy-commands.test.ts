// `npm run deploy-commands`: registration over REST alone, for one server or globally.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { deployCommands, describeDeploy } from '../../../src/adapters/discord/deploy-commands';
import { loadConfig } from '../../../src/config';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord/index';

import { GUILD, mlReaders } from '../../helpers/discord-guild';
let fake: FakeDiscord;

before(async () => {
  fake = await startFakeDiscord({ guilds: [mlReaders()] });
});

after(async () => {
  await fake.close();
});

const config = (guild?: string) =>
  loadConfig({ DISCORD_TOKEN: fake.token, DISCORD_API_ROOT: fake.apiRoot, ...(guild ? { DISCORD_GUILD_ID: guild } : {}) });

test('with DISCORD_GUILD_ID the commands are registered in that server, without a gateway session', async () => {
  const result = await deployCommands(config(GUILD));
  assert.equal(fake.identifies.length, 0, 'no gateway login');
  const names = fake.commands(GUILD).map((c) => c.name);
  assert.deepEqual(names, [
    'search',
    'topic',
    'latest',
    'subscribe',
    'unsubscribe',
    'settings',
    'digest',
    'watch',
    'watches',
    'unwatch',
    'help',
  ]);
  assert.deepEqual(fake.commands(), [], 'nothing global');
  assert.equal(describeDeploy(result), `Registered 11 slash commands in server ${GUILD}: ${names.map((n) => `/${n}`).join(' ')}`);
});

test('without it they are registered globally, usable in servers and in DMs with the bot', async () => {
  const result = await deployCommands(config());
  assert.equal(result.scope, 'global');
  const subscribe = fake.commands().find((c) => c.name === 'subscribe')!;
  assert.deepEqual(subscribe.contexts, [0, 1]);
  assert.equal(subscribe.default_member_permissions, String(1n << 4n));
  assert.match(describeDeploy(result), /^Registered 11 global slash commands/);
});

test('without a token it refuses before calling Discord', async () => {
  const calls = fake.calls.length;
  await assert.rejects(deployCommands(loadConfig({})), /DISCORD_TOKEN is not set/);
  assert.equal(fake.calls.length, calls);
});
