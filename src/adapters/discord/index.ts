// The Discord adapter: a discord.js client (Guilds intent only) that answers slash
// commands, buttons and autocomplete through the bot's router, and posts digests to
// `discord:<channel_id>` channels. The only module tree in the project that knows discord.js.
import { Client, Events, GatewayIntentBits, PermissionFlagsBits, type RateLimitData, type SendableChannels } from 'discord.js';
import type { Config } from '../../config';
import { DeliveryError } from '../../core/errors';
import { registerSecret, type Logger } from '../../core/log';
import type { BotPort } from '../../core/port';
import type { Adapter, ChannelRef, Pacing, Reply, SendResult } from '../../core/types';
import { commandsJson } from './commands-json';
import { toDeliveryError } from './delivery-errors';
import { handleInteraction, type InteractionDeps } from './interactions';
import { renderReply } from './render';
import { splitReply } from './split';

export const PLATFORM = 'discord';

/**
 * discord.js waits out 429s itself, per route (and so per channel). A wait this long is
 * better handed back to the digest service as `rate-limited` than held open.
 */
const LONG_RATE_LIMIT_MS = 60_000;

/** discord.js already queues per route (so per channel); digests keep it to a few sends at once. */
export const DISCORD_PACING: Pacing = { concurrency: 5 };

export interface DiscordAdapter extends Adapter {
  readonly platform: typeof PLATFORM;
  /** Registers the slash commands (for DISCORD_GUILD_ID, or globally); start() does it when DISCORD_SYNC_COMMANDS is on. */
  syncCommands(): Promise<number>;
}

function channelIdOf(channel: ChannelRef): string {
  const m = /^discord:(\d{5,25})$/.exec(channel);
  if (!m) throw new DeliveryError({ kind: 'permanent', reason: 'not a Discord channel id' }, `not a Discord channel: ${channel}`);
  return m[1]!;
}

class DiscordAdapterImpl implements DiscordAdapter {
  readonly platform = PLATFORM;
  readonly pacing: Pacing;
  private client: Client | null = null;
  private readonly log: Logger;

  constructor(
    private readonly bot: BotPort,
    private readonly config: Config,
    log: Logger,
  ) {
    this.log = log.child({ adapter: 'discord' });
    this.pacing = { ...DISCORD_PACING, concurrency: config.discord.digestConcurrency };
    registerSecret(config.discord.token);
  }

  async start(): Promise<void> {
    const { token, apiRoot } = this.config.discord;
    if (!token) throw new Error('DISCORD_TOKEN is not set');
    if (this.client) return;
    const client = new Client({
      // Slash commands arrive as interactions: no message content or member intents needed.
      intents: [GatewayIntentBits.Guilds],
      allowedMentions: { parse: [] },
      rest: {
        ...(apiRoot ? { api: apiRoot } : {}),
        globalRequestsPerSecond: this.config.discord.globalRequestsPerSecond,
        rejectOnRateLimit: (d: RateLimitData) => d.route.startsWith('/channels') && d.retryAfter > LONG_RATE_LIMIT_MS,
      },
    });
    const deps: InteractionDeps = { bot: this.bot, log: this.log, defaultLocale: this.config.locale };
    client.on(Events.InteractionCreate, (i) => void handleInteraction(i, deps));
    client.on(Events.Error, (err) => this.log.error('client error', { error: err }));
    client.on(Events.Warn, (message) => this.log.warn('client warning', { message }));
    client.on(Events.ShardDisconnect, (event) => this.log.warn('gateway disconnected', { code: event.code }));
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    this.client = client;
    try {
      await client.login(token);
      await ready;
    } catch (err) {
      this.client = null;
      await client.destroy();
      throw err;
    }
    this.log.info('connected', { user: client.user?.username, guilds: client.guilds.cache.size });
    if (this.config.discord.syncCommands) {
      try {
        await this.syncCommands();
      } catch (err) {
        // The commands registered last time still work; a failed sync must not keep the bot offline.
        this.log.error('slash command sync failed', { error: err as Error });
      }
    }
  }

  async syncCommands(): Promise<number> {
    const app = this.client?.application;
    if (!app) throw new Error('the Discord client is not connected');
    const guildId = this.config.discord.guildId;
    const json = commandsJson(this.bot.commands, { global: !guildId });
    const saved = guildId ? await app.commands.set(json, guildId) : await app.commands.set(json);
    this.log.info('slash commands synced', { scope: guildId ? `guild ${guildId}` : 'global', commands: saved.size });
    return saved.size;
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.destroy();
  }

  split(reply: Reply): Reply[] {
    return splitReply(reply);
  }

  /** Posts a reply unprompted (digests). Sends to different channels run side by side. */
  async send(channel: ChannelRef, reply: Reply): Promise<SendResult> {
    const id = channelIdOf(channel);
    const client = this.client;
    if (!client?.isReady()) throw new DeliveryError({ kind: 'transient' }, 'the Discord client is not connected');
    try {
      const target = await client.channels.fetch(id);
      if (!target?.isSendable()) {
        throw new DeliveryError({ kind: 'permanent', reason: 'not a text channel the bot can post in' }, `cannot post in ${channel}`);
      }
      this.checkEmbedLinks(target, channel);
      let first: string | undefined;
      for (const m of renderReply(reply)) {
        const sent = await target.send({ ...(m.content !== undefined ? { content: m.content } : {}), embeds: m.embeds, allowedMentions: m.allowedMentions });
        first ??= sent.id;
      }
      return { messageId: first! };
    } catch (err) {
      throw toDeliveryError(err, channel);
    }
  }

  /** Without Embed Links Discord accepts the message but silently drops its embeds: an empty digest. */
  private checkEmbedLinks(target: SendableChannels, channel: ChannelRef): void {
    const me = this.client?.user;
    if (target.isDMBased() || !me) return;
    const perms = target.permissionsFor(me);
    if (perms && !perms.has(PermissionFlagsBits.EmbedLinks)) {
      const reason = 'the bot needs the Embed Links permission in this channel';
      throw new DeliveryError({ kind: 'permanent', reason }, `cannot post embeds in ${channel}: ${reason}`);
    }
  }
}

export function createDiscordAdapter(bot: BotPort, config: Config, log: Logger): DiscordAdapter {
  return new DiscordAdapterImpl(bot, config, log);
}
