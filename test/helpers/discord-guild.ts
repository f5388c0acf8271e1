// The Discord server the tests use: one guild with a digest channel and a chat channel.
import type { FakeGuild } from '../fakes/discord/index';

export const GUILD = '100000000000000001';
export const CHANNEL = '200000000000000001';
export const OTHER_CHANNEL = '200000000000000002';

/** The guild, optionally with more channels (and further guilds after it). */
export function mlReaders(extraChannels: { id: string; name: string }[] = []): FakeGuild {
  return {
    id: GUILD,
    name: 'ML Readers',
    channels: [{ id: CHANNEL, name: 'digest' }, { id: OTHER_CHANNEL, name: 'chat' }, ...extraChannels],
  };
}
