// Discord's gateway events, told as core chat events: the bot removed from a server, a
// channel or thread deleted, and the bot's effective rights in a subscribed channel
// recomputed whenever something they depend on changes (the channel's overwrites, a role,
// the bot's own roles). discord.js computes the rights from its cache; this decides.
import {
  Events,
  PermissionFlagsBits,
  type Channel,
  type Client,
  type Guild,
  type GuildMember,
  type PartialGuildMember,
  type Role,
  type AnyThreadChannel,
} from 'discord.js';
import type { ChatEvent } from '../../core/lifecycle';
import type { Logger } from '../../core/log';
import type { BotPort } from '../../core/port';

/** What the bot needs to deliver a digest in a channel (threads: Send Messages in Threads instead of Send Messages). */
const NEEDED: [bigint, string][] = [
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
];
const NEEDED_IN_THREADS: [bigint, string][] = [
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessagesInThreads, 'Send Messages in Threads'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
];

/** The rights the bot lacks in a guild channel, by name; null when discord.js cannot tell (not a guild channel, uncached). */
export function missingRights(channel: Channel, client: Client): string[] | null {
  const me = client.user;
  if (!me || channel.isDMBased() || !('permissionsFor' in channel)) return null;
  const perms = channel.permissionsFor(me);
  if (!perms) return null;
  return (channel.isThread() ? NEEDED_IN_THREADS : NEEDED).filter(([flag]) => !perms.has(flag)).map(([, name]) => name);
}

const ref = (id: string) => `discord:${id}`;

/** Listens to `client` and reports chat events to the bot. Call before login. */
export function watchChatLifecycle(client: Client, bot: BotPort, log: Logger): void {
  /** Last known: may the bot deliver in this channel? Only a change is reported as `readded`. */
  const canDeliver = new Map<string, boolean>();
  const subscribedIds = (): string[] =>
    bot
      .subscribedChannels('discord')
      .map((c) => /^discord:(\d+)$/.exec(c)?.[1])
      .filter((id): id is string => id !== undefined);
  const report = (event: ChatEvent) => bot.lifecycle(event);

  /** Recomputes the bot's rights in every subscribed channel of `guild` (all guilds when omitted). */
  const recheck = (guild?: Guild) => {
    for (const id of subscribedIds()) {
      const channel = client.channels.cache.get(id);
      if (!channel || channel.isDMBased() || (guild && channel.guildId !== guild.id)) continue;
      const missing = missingRights(channel, client);
      if (missing === null) continue;
      const ok = missing.length === 0;
      const was = canDeliver.get(id);
      canDeliver.set(id, ok);
      if (!ok) report({ kind: 'lost-permission', channel: ref(id), detail: `missing ${missing.join(', ')}` });
      else if (was === false) report({ kind: 'readded', channel: ref(id) });
    }
  };
  const guarded =
    <A extends unknown[]>(what: string, fn: (...args: A) => void) =>
    (...args: A) => {
      try {
        fn(...args);
      } catch (err) {
        log.error('could not handle a Discord lifecycle event', { event: what, error: err as Error });
      }
    };

  // discord.js empties the guild's channel cache before it emits guildDelete, so the channels are
  // read from the raw GUILD_DELETE, which arrives first. `unavailable` marks an outage, not a removal.
  client.on(
    Events.Raw,
    guarded('GUILD_DELETE', (packet: { t?: string; d?: { id?: string; unavailable?: boolean } }) => {
      if (packet.t !== 'GUILD_DELETE' || !packet.d?.id || packet.d.unavailable) return;
      const guild = client.guilds.cache.get(packet.d.id);
      if (!guild) return;
      const subscribed = new Set(subscribedIds());
      for (const id of guild.channels.cache.keys()) {
        if (!subscribed.has(id)) continue;
        canDeliver.delete(id);
        report({ kind: 'removed', channel: ref(id), code: 'removed', detail: 'removed from the server' });
      }
    }),
  );
  client.on(
    Events.GuildCreate,
    guarded('guildCreate', (guild: Guild) => {
      // A server the bot joined while running: channels it had subscribed stay paused until an admin resumes.
      const subscribed = new Set(subscribedIds());
      for (const id of guild.channels.cache.keys()) if (subscribed.has(id)) report({ kind: 'readded', channel: ref(id) });
    }),
  );
  const deleted = (channel: { id: string }) => {
    canDeliver.delete(channel.id);
    report({ kind: 'removed', channel: ref(channel.id), code: 'deleted' });
  };
  client.on(Events.ChannelDelete, guarded('channelDelete', deleted));
  client.on(Events.ThreadDelete, guarded('threadDelete', deleted));
  client.on(
    Events.ThreadUpdate,
    guarded('threadUpdate', (old: AnyThreadChannel, thread: AnyThreadChannel) => {
      // A locked thread is handled like a removed chat; unlocked, it stays paused until /subscribe. Archiving
      // alone is not: Discord archives idle threads by itself, and the bot's next post unarchives them.
      const closed = (t: AnyThreadChannel) => t.locked === true;
      if (closed(thread) && !closed(old)) {
        report({ kind: 'removed', channel: ref(thread.id), code: 'closed', detail: 'thread locked' });
      } else if (!closed(thread) && closed(old)) {
        report({ kind: 'readded', channel: ref(thread.id) });
      }
    }),
  );
  client.on(
    Events.ChannelUpdate,
    guarded('channelUpdate', (_old: Channel, channel: Channel) => {
      // A parent's overwrites reach its threads too: the whole guild is rechecked.
      if (!channel.isDMBased()) recheck(channel.guild);
    }),
  );
  client.on(
    Events.GuildRoleUpdate,
    guarded('roleUpdate', (_old: Role, role: Role) => recheck(role.guild)),
  );
  client.on(
    Events.GuildRoleDelete,
    guarded('roleDelete', (role: Role) => recheck(role.guild)),
  );
  client.on(
    Events.GuildMemberUpdate,
    guarded('guildMemberUpdate', (_old: GuildMember | PartialGuildMember, member: GuildMember) => {
      if (member.id === client.user?.id) recheck(member.guild);
    }),
  );
  // Rights lost while the bot was offline are found at start.
  client.once(
    Events.ClientReady,
    guarded('ready', () => recheck()),
  );
}
