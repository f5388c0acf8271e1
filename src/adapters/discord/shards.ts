// Gateway sharding across processes: each runs the shards DISCORD_SHARD_IDS of DISCORD_SHARD_COUNT,
// receives only those shards' servers (their interactions and events), and delivers digests only
// to those servers' channels.
import { ShardClientUtil, type Client, type ClientOptions } from 'discord.js';
import type { Config } from '../../config';
import type { ChannelRef } from '../../core/types';

type ShardSettings = Pick<Config['discord'], 'shardCount' | 'shardIds'>;

/** Whether this process runs only some of the shards. */
export function runsSomeShards(s: ShardSettings): boolean {
  return s.shardIds.length < s.shardCount;
}

/** The client options for the configured shards (none: discord.js's single shard). */
export function shardOptions(s: ShardSettings): Pick<ClientOptions, 'shards' | 'shardCount'> {
  return s.shardCount > 1 ? { shards: s.shardIds, shardCount: s.shardCount } : {};
}

/**
 * A process running every shard serves every channel. One running some serves the channels it
 * knows (the gateway sends each shard its servers' channels and active threads) of servers on
 * its shards; a channel it does not know is another process's.
 */
export function servesChannel(client: Client | null, s: ShardSettings, channel: ChannelRef): boolean {
  if (!runsSomeShards(s)) return true;
  const id = /^discord:(\d+)$/.exec(channel)?.[1];
  if (!id || !client) return false;
  const known = client.channels.cache.get(id);
  const guildId = known && 'guildId' in known ? known.guildId : null;
  return guildId !== null && s.shardIds.includes(ShardClientUtil.shardIdForGuildId(guildId, s.shardCount));
}
