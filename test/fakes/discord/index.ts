// Entry point of the fake Discord used by end-to-end tests: start it, point discord.js at `apiRoot`.
//
//   const fake = await startFakeDiscord({ guilds: [{ id: '10', channels: [{ id: '20', name: 'digest' }] }] });
//   const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiRoot } });
//   await client.login(fake.token);
//   const { id } = await fake.slashCommand({ name: 'search', options: { query: 'llm' }, channelId: '20' });
//   await fake.waitForCall(/\/callback$/);  fake.interactionResponses(id);  fake.messagesIn('20');
//   await client.destroy(); await fake.close();

export { FakeDiscord, startFakeDiscord } from './server';
export { DEFAULT_MEMBER_PERMISSIONS } from './payloads';
export { DISCORD_LOCALES } from './commands';
export type { FakeLifecycle } from './lifecycle';
export type {
  AutocompleteInput,
  ButtonPressInput,
  CallFailure,
  CommandOptionInput,
  Failure,
  FailureKind,
  FakeChannel,
  FakeDiscordOptions,
  FakeGuild,
  FakeMessage,
  FakeOverwrite,
  FakeUserInput,
  IdentifyRecord,
  InteractionContextInput,
  OptionValue,
  Payload,
  RecordedCall,
  RecordedFile,
  RouteMatcher,
  SentInteraction,
  SlashCommandInput,
  WaitOptions,
} from './types';
