// The Discord adapter: a discord.js client (Guilds intent only) that answers slash
// commands, buttons and autocomplete through the bot's router, and posts digests to
// `discord:<channel_id>` channels. The only module tree in the project that knows discord.js.
import {
  ChannelType,
  Client,
  Events,
  GatewayIntentBits,
  PermissionFlagsBits,
  RESTEvents,
  type RateLimitData,
  type SendableChannels,
} from 'discord.js';
import type { Config } from '../../config';
import { DeliveryError } from '../../core/errors';
import { UnauthorizedError } from '../../core/lifecycle';
import { registerSecret, type Logger } from '../../core/log';
import type { BotPort } from '../../core/port';
import type { Adapter, ChannelRef, Pacing, Reply, SendContext, SendResult } from '../../core/types';
import { commandsJson } from './commands-json';
import { toDeliveryError } from './delivery-errors';
import { sendToForum } from './forum';
import { handleInteraction, type InteractionDeps } from './interactions';
import { watchChatLifecycle } from './lifecycle';
import { renderReply } from './render';
import { servesChannel, shardOptions } from './shards';
import { requestPacer } from './request-pacer';
import { splitReply } from './split';

export const PLATFORM = 'discord';
/** The setting an operator fixes when Discord refuses the token. */
const TOKEN_VARIABLE = 'DISCORD_TOKEN';
/** Gateway close code for a refused token (Authentication failed). */
const AUTHENTICATION_FAILED = 4004;

/**
 * discord.js waits out 429s itself, per route (and so per channel). A wait this long is
 * better handed back to the digest service as `rate-limited` than held open.
 */
const LONG_RATE_LIMIT_MS = 60_000;

/** discord.js's own global count, as a multiple of the configured rate (see start()). */
const UNPACED_FACTOR = 4;

/**
 * Digests are paced at the global rate itself: the request pacer (request-pacer.ts) keeps every
 * request, discord.js's retries and commands' calls included, within it as they leave, and
 * retries wait their turn there.
 */
export const DISCORD_PACING: Pacing = { perSecond: 50, concurrency: 13 };

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
  /** Set once Discord refused the token: the client is gone and nothing more is asked of Discord. */
  private refused = false;
  /** True once start() succeeded: refusals before that are start()'s to report. */
  private started = false;
  /** Until when discord.js holds every request for the global limit (its own window, or Discord's 429). */
  private globalHoldUntil = 0;

  constructor(
    private readonly bot: BotPort,
    private readonly config: Config,
    log: Logger,
  ) {
    this.log = log.child({ adapter: 'discord' });
    this.pacing = {
      perSecond: config.discord.globalRequestsPerSecond,
      concurrency: config.discord.digestConcurrency,
      holdMs: () => Math.max(0, this.globalHoldUntil - Date.now()),
    };
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
      ...shardOptions(this.config.discord),
      rest: {
        ...(apiRoot ? { api: apiRoot } : {}),
        // discord.js counts the global limit in fixed one-second windows, checked before a request
        // reaches the pacer: it would hold requests the pacer has room for and let them leave
        // together when its window turns. Set far above, it only follows Discord's own 429s.
        globalRequestsPerSecond: this.config.discord.globalRequestsPerSecond * UNPACED_FACTOR,
        makeRequest: requestPacer(this.config.discord.globalRequestsPerSecond).makeRequest,
        rejectOnRateLimit: (d: RateLimitData) => d.route.startsWith('/channels') && d.retryAfter > LONG_RATE_LIMIT_MS,
      },
    });
    const deps: InteractionDeps = { bot: this.bot, log: this.log, defaultLocale: this.config.locale };
    client.on(Events.InteractionCreate, (i) => void handleInteraction(i, deps));
    client.on(Events.Error, (err) => this.log.error('client error', { error: err }));
    client.on(Events.Warn, (message) => this.log.warn('client warning', { message }));
    watchChatLifecycle(client, this.bot, this.log);
    client.rest.on(RESTEvents.RateLimited, (d: RateLimitData) => {
      if (d.global) this.globalHoldUntil = Math.max(this.globalHoldUntil, Date.now() + d.timeToReset);
    });
    // A 401 on any bot-authenticated call: discord.js drops its token then, so every later call would fail too.
    client.rest.on(RESTEvents.Response, (request, response) => {
      if (response.status === 401 && request.data.auth !== false)
        this.onRefused(client, `REST ${request.method} ${request.route} answered 401`);
    });
    let failStart: (err: Error) => void = () => {};
    const ready = new Promise<void>((resolve, reject) => {
      failStart = reject;
      client.once(Events.ClientReady, () => resolve());
    });
    client.on(Events.ShardDisconnect, (event) => {
      if (event.code === AUTHENTICATION_FAILED) {
        const detail = `the gateway closed with ${AUTHENTICATION_FAILED} (authentication failed)`;
        failStart(new UnauthorizedError(PLATFORM, TOKEN_VARIABLE, `Discord refused the token: ${detail}`));
        this.onRefused(client, detail);
      } else {
        this.log.warn('gateway disconnected', { code: event.code });
      }
    });
    this.client = client;
    try {
      await Promise.race([client.login(token), ready]);
      await ready;
    } catch (err) {
      this.client = null;
      await client.destroy();
      if ((err as { code?: unknown }).code === 'TokenInvalid') {
        throw new UnauthorizedError(PLATFORM, TOKEN_VARIABLE, `Discord refused the token: ${(err as Error).message}`);
      }
      throw err;
    }
    this.started = true;
    const { shardIds, shardCount } = this.config.discord;
    this.log.info('connected', {
      user: client.user?.username,
      guilds: client.guilds.cache.size,
      ...(shardCount > 1 ? { shards: `${shardIds.join(',')} of ${shardCount}` } : {}),
    });
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

  /** Reports a refused token once (after start; start() throws instead) and destroys the client. */
  private onRefused(client: Client, detail: string): void {
    if (this.refused || this.client !== client || !this.started) return;
    this.refused = true;
    this.bot.lifecycle({
      kind: 'unauthorized',
      platform: PLATFORM,
      variable: TOKEN_VARIABLE,
      detail: `Discord refused the token: ${detail}`,
    });
    void this.stop().catch((err: unknown) => this.log.warn('did not stop cleanly', { error: err as Error }));
  }

  split(reply: Reply): Reply[] {
    return splitReply(reply);
  }

  serves(channel: ChannelRef): boolean {
    return servesChannel(this.client, this.config.discord, channel);
  }

  /** Posts a reply unprompted (digests); in a forum channel, into the digest's own post. Sends to different channels run side by side. */
  async send(channel: ChannelRef, reply: Reply, context: SendContext = {}): Promise<SendResult> {
    const id = channelIdOf(channel);
    if (this.refused) throw new DeliveryError({ kind: 'offline' }, `discord: stopped, the token was refused (${TOKEN_VARIABLE})`);
    const client = this.client;
    if (!client?.isReady()) throw new DeliveryError({ kind: 'transient' }, 'the Discord client is not connected');
    try {
      const target = await client.channels.fetch(id);
      if (target?.type === ChannelType.GuildForum) return await sendToForum(client, target, channel, reply, context, this.config.locale);
      if (!target?.isSendable()) {
        throw new DeliveryError({ kind: 'permanent', reason: 'not a text channel the bot can post in' }, `cannot post in ${channel}`);
      }
      this.checkEmbedLinks(target, channel);
      let first: string | undefined;
      for (const [i, m] of renderReply(reply).entries()) {
        const sent = await target.send({
          ...(m.content !== undefined ? { content: m.content } : {}),
          embeds: m.embeds,
          allowedMentions: m.allowedMentions,
          // Discord answers a second send with the same nonce (within minutes) with the first message.
          ...(context.resendKey ? { nonce: `${context.resendKey}.${i}`, enforceNonce: true } : {}),
        });
        first ??= sent.id;
      }
      return { messageId: first! };
    } catch (err) {
      if (this.refused) {
        throw new DeliveryError(
          { kind: 'offline' },
          `discord: stopped, the token was refused (${TOKEN_VARIABLE}): ${(err as Error).message}`,
        );
      }
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
