// Builders for Discord wire objects (users, roles, channels, guilds, members), shaped so discord.js caches them.

import type { FakeChannel, FakeGuild, FakeUserInput, Payload } from './types';
import { snowflake } from './snowflake';

// Bit positions from Discord's permission table; spelled out so the fake does not load discord.js itself.
const bit = (n: number): bigint => 1n << BigInt(n);
const P = {
  CreateInstantInvite: bit(0),
  AddReactions: bit(6),
  ViewChannel: bit(10),
  SendMessages: bit(11),
  EmbedLinks: bit(14),
  AttachFiles: bit(15),
  ReadMessageHistory: bit(16),
  UseExternalEmojis: bit(18),
  Connect: bit(20),
  Speak: bit(21),
  ChangeNickname: bit(26),
  UseApplicationCommands: bit(31),
  CreatePublicThreads: bit(35),
  SendMessagesInThreads: bit(38),
};

/** What an ordinary member can do in a fresh server; admin-only behaviour needs explicit permissions. */
export const DEFAULT_MEMBER_PERMISSIONS: bigint = Object.values(P).reduce((all, b) => all | b, 0n);

export function permissionString(value: bigint | string | undefined, fallback: bigint): string {
  if (value === undefined) return fallback.toString();
  return typeof value === 'bigint' ? value.toString() : BigInt(value).toString();
}

export function userJson(input: FakeUserInput = {}, bot = false): Payload {
  const id = input.id ?? snowflake();
  const username = input.username ?? `user${id.slice(-4)}`;
  return {
    id,
    username,
    global_name: input.globalName === undefined ? username : input.globalName,
    discriminator: '0',
    avatar: null,
    bot,
    system: false,
    public_flags: 0,
    flags: 0,
  };
}

export function roleJson(id: string, name: string, permissions: string, extra: Payload = {}): Payload {
  return {
    id,
    name,
    color: 0,
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: 0,
    permissions,
    managed: false,
    mentionable: false,
    flags: 0,
    ...extra,
  };
}

export interface ChannelRecord {
  id: string;
  type: number;
  name?: string;
  guildId?: string;
  topic?: string | null;
  position: number;
  /** DM channels only. */
  recipient?: Payload;
  lastMessageId: string | null;
  /** Permission overwrites as Discord sends them ({ id, type, allow, deny }). */
  overwrites?: Payload[];
  /** Threads: the channel they belong to. */
  parentId?: string;
  /** Threads: archived (closed) or locked. */
  archived?: boolean;
  locked?: boolean;
}

/** Thread channel types: announcement, public and private threads. */
export const THREAD_TYPES = new Set([10, 11, 12]);

export function channelRecord(channel: FakeChannel, guildId: string, position: number): ChannelRecord {
  return {
    id: channel.id,
    type: channel.type ?? 0,
    name: channel.name,
    guildId,
    topic: channel.topic ?? null,
    position,
    lastMessageId: null,
    ...(channel.parentId !== undefined ? { parentId: channel.parentId } : {}),
  };
}

export function channelJson(channel: ChannelRecord): Payload {
  if (channel.type === 1) {
    return {
      id: channel.id,
      type: 1,
      last_message_id: channel.lastMessageId,
      recipients: channel.recipient ? [channel.recipient] : [],
      flags: 0,
    };
  }
  const json: Payload = {
    id: channel.id,
    type: channel.type,
    guild_id: channel.guildId,
    name: channel.name,
    position: channel.position,
    permission_overwrites: channel.overwrites ?? [],
    topic: channel.topic ?? null,
    nsfw: false,
    last_message_id: channel.lastMessageId,
    rate_limit_per_user: 0,
    parent_id: channel.parentId ?? null,
    flags: 0,
  };
  if (THREAD_TYPES.has(channel.type)) {
    delete json.permission_overwrites;
    delete json.position;
    json.owner_id = '0';
    json.message_count = 0;
    json.member_count = 1;
    json.thread_metadata = {
      archived: channel.archived ?? false,
      locked: channel.locked ?? false,
      auto_archive_duration: 1440,
      archive_timestamp: new Date().toISOString(),
    };
  }
  if (channel.type === 15) {
    json.available_tags = [];
    json.default_reaction_emoji = null;
    json.default_sort_order = null;
    json.default_forum_layout = 0;
  }
  return json;
}

export function memberJson(user: Payload, joinedAt: string, roles: string[] = [], permissions?: string): Payload {
  const member: Payload = {
    user,
    nick: null,
    avatar: null,
    roles,
    joined_at: joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  };
  if (permissions !== undefined) member.permissions = permissions;
  return member;
}

export interface GuildRecord {
  config: FakeGuild;
  name: string;
  ownerId: string;
  everyonePermissions: string;
  /** The bot's managed role, present only when `botPermissions` was configured. */
  botRoleId?: string;
  botPermissions: string;
  joinedAt: string;
}

export function guildRecord(config: FakeGuild): GuildRecord {
  const everyone = permissionString(config.everyonePermissions, DEFAULT_MEMBER_PERMISSIONS);
  const extra = config.botPermissions === undefined ? undefined : permissionString(config.botPermissions, 0n);
  return {
    config,
    name: config.name ?? `Guild ${config.id}`,
    ownerId: config.ownerId ?? snowflake(),
    everyonePermissions: everyone,
    botRoleId: extra === undefined ? undefined : snowflake(),
    botPermissions: (BigInt(everyone) | BigInt(extra ?? '0')).toString(),
    joinedAt: new Date().toISOString(),
  };
}

export function guildCreateJson(guild: GuildRecord, channels: ChannelRecord[], botUser: Payload): Payload {
  const id = guild.config.id;
  const roles = [roleJson(id, '@everyone', guild.everyonePermissions)];
  if (guild.botRoleId) {
    roles.push(
      roleJson(guild.botRoleId, String(botUser.username), guild.botPermissions, {
        managed: true,
        position: 1,
        tags: { bot_id: botUser.id },
      }),
    );
  }
  const botRoles = guild.botRoleId ? [guild.botRoleId] : [];
  return {
    id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles,
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    preferred_locale: guild.config.preferredLocale ?? 'en-US',
    nsfw_level: 0,
    max_members: 500000,
    max_video_channel_users: 25,
    // Gateway-only GUILD_CREATE fields:
    joined_at: guild.joinedAt,
    large: false,
    unavailable: false,
    member_count: 2,
    voice_states: [],
    // Discord always includes the bot's own member, so guild.members.me works without the members intent.
    members: [memberJson(botUser, guild.joinedAt, botRoles)],
    channels: channels
      .filter((c) => !THREAD_TYPES.has(c.type))
      .map((c) => {
        const json = channelJson(c);
        delete json.guild_id;
        return json;
      }),
    threads: channels.filter((c) => THREAD_TYPES.has(c.type)).map(channelJson),
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}
