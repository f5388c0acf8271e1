// What happens to the bot's place in a server, as Discord tells a connected client: removed
// from (or added to) a guild, channels and threads deleted, threads archived, and the
// permission changes its rights depend on (overwrites, role permissions, its own roles).
// Each changes the fake's world and dispatches the gateway event Discord would send.

import type { FakeGateway } from './gateway';
import { channelJson, channelRecord, guildCreateJson, guildRecord, memberJson, permissionString, roleJson, THREAD_TYPES } from './payloads';
import type { FakeState } from './state';
import type { FakeChannel, FakeGuild, FakeOverwrite } from './types';

export class FakeLifecycle {
  constructor(
    private readonly state: FakeState,
    private readonly gateway: FakeGateway,
  ) {}

  private guild(id: string) {
    const g = this.state.guilds.get(id);
    if (!g) throw new Error(`fake Discord: no guild ${id}`);
    return g;
  }

  private channel(id: string) {
    const c = this.state.channels.get(id);
    if (!c) throw new Error(`fake Discord: no channel ${id}`);
    return c;
  }

  /** The bot is kicked or banned, or the server deleted: GUILD_DELETE (not an outage: no `unavailable`). */
  removeGuild(guildId: string): void {
    this.guild(guildId);
    this.state.guilds.delete(guildId);
    for (const c of this.state.channelsOf(guildId)) this.state.channels.delete(c.id);
    this.gateway.dispatch('GUILD_DELETE', { id: guildId });
  }

  /** The bot is invited to a server while connected: GUILD_CREATE. */
  addGuild(config: FakeGuild): void {
    const record = guildRecord(config);
    this.state.guilds.set(config.id, record);
    (config.channels ?? []).forEach((c, position) => this.state.channels.set(c.id, channelRecord(c, config.id, position)));
    this.gateway.dispatch('GUILD_CREATE', guildCreateJson(record, this.state.channelsOf(config.id), this.state.botUser));
  }

  /** CHANNEL_DELETE, or THREAD_DELETE for a thread. */
  deleteChannel(channelId: string): void {
    const c = this.channel(channelId);
    this.state.channels.delete(channelId);
    if (THREAD_TYPES.has(c.type)) {
      this.gateway.dispatch('THREAD_DELETE', { id: c.id, guild_id: c.guildId, parent_id: c.parentId ?? null, type: c.type });
    } else {
      this.gateway.dispatch('CHANNEL_DELETE', channelJson(c));
    }
  }

  /** A thread created while the bot is connected (THREAD_CREATE). */
  createThread(guildId: string, thread: FakeChannel & { parentId: string }): void {
    const record = channelRecord({ type: 11, ...thread }, guildId, 0);
    this.state.channels.set(thread.id, record);
    this.gateway.dispatch('THREAD_CREATE', { ...channelJson(record), newly_created: true });
  }

  /** A thread archived (or locked) or reopened: THREAD_UPDATE. */
  setThreadArchived(threadId: string, archived: boolean, locked = false): void {
    const c = this.channel(threadId);
    c.archived = archived;
    c.locked = locked;
    this.gateway.dispatch('THREAD_UPDATE', channelJson(c));
  }

  /** Replaces a channel's permission overwrites: CHANNEL_UPDATE. */
  setChannelOverwrites(channelId: string, overwrites: FakeOverwrite[]): void {
    const c = this.channel(channelId);
    c.overwrites = overwrites.map((o) => ({
      id: o.id,
      type: o.type,
      allow: permissionString(o.allow, 0n),
      deny: permissionString(o.deny, 0n),
    }));
    this.gateway.dispatch('CHANNEL_UPDATE', channelJson(c));
  }

  /** Changes the permissions of @everyone (roleId = the guild id) or of the bot's managed role: GUILD_ROLE_UPDATE. */
  setRolePermissions(guildId: string, roleId: string, permissions: bigint | string): void {
    const g = this.guild(guildId);
    const value = permissionString(permissions, 0n);
    if (roleId === guildId) {
      g.everyonePermissions = value;
      this.gateway.dispatch('GUILD_ROLE_UPDATE', { guild_id: guildId, role: roleJson(guildId, '@everyone', value) });
    } else if (roleId === g.botRoleId) {
      g.botPermissions = value;
      const role = roleJson(roleId, String(this.state.botUser.username), value, {
        managed: true,
        position: 1,
        tags: { bot_id: this.state.botUser.id },
      });
      this.gateway.dispatch('GUILD_ROLE_UPDATE', { guild_id: guildId, role });
    } else {
      throw new Error(`fake Discord: guild ${guildId} has no role ${roleId}`);
    }
  }

  /** The bot's managed role in a guild (configured with `botPermissions`), if any. */
  botRoleOf(guildId: string): string | undefined {
    return this.guild(guildId).botRoleId;
  }

  /** Sets the bot's own roles in a guild: GUILD_MEMBER_UPDATE for the bot's member. */
  setBotRoles(guildId: string, roleIds: string[]): void {
    const g = this.guild(guildId);
    this.gateway.dispatch('GUILD_MEMBER_UPDATE', { guild_id: guildId, ...memberJson(this.state.botUser, g.joinedAt, roleIds) });
  }
}
