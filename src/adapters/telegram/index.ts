// The Telegram adapter: a telegraf client (long polling, or a webhook when configured)
// translating updates into router invocations and sending digests. The only module that
// starts or stops telegraf; everything it renders comes from the pure modules beside it.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Telegraf } from 'telegraf';
import type { Convenience } from 'telegraf/types';
import type { Config } from '../../config';
import { DeliveryError } from '../../core/errors';
import { UnauthorizedError } from '../../core/lifecycle';
import { KeyedQueue } from '../../core/keyed-queue';
import { registerSecret, registerSecretPattern, type Logger } from '../../core/log';
import type { BotPort } from '../../core/port';
import type { ExclusiveRole } from '../../core/roles';
import type { Adapter, ChannelRef, Pacing, Reply, SendResult } from '../../core/types';
import { AdminCache } from './admin';
import { postReply, targetOf } from './delivery';
import { apiErrorOf, describeError, toDeliveryError } from './errors';
import { routeUpdate, type HandlerDeps } from './handlers';
import { inlineGate } from './inline';
import { commandMenus } from './menu';
import { claimPollingRole, POLLING_CONFLICT, PollingTaken, telegrafDebugEnabled } from './polling';
import { splitReply } from './split';

const ALLOWED_UPDATES: Convenience.UpdateType[] = ['message', 'channel_post', 'callback_query', 'inline_query', 'my_chat_member'];
/** The setting an operator fixes when Telegram refuses the token. */
const TOKEN_VARIABLE = 'TELEGRAM_BOT_TOKEN';
/** stop() waits this long for in-flight replies before giving up on them. */
const STOP_GRACE_MS = 3000;

export interface TelegramAdapterOptions {
  /** Interface the webhook server binds (default: all). Tests use 127.0.0.1. */
  webhookHost?: string;
  clock?: () => number;
}

export class TelegramAdapter implements Adapter {
  readonly platform = 'telegram';
  readonly pacing: Pacing;
  private readonly telegraf: Telegraf;
  private readonly queue = new KeyedQueue();
  private readonly log: Logger;
  private readonly admins: AdminCache;
  private readonly shutdown = new AbortController();
  private polling: Promise<void> | null = null;
  private webhook: Server | null = null;
  private pollingEnded = false;
  private pollingRole: ExclusiveRole | null = null;
  private running = false;
  /** Set once Telegram refused the token: nothing more is asked of it. */
  private refused = false;

  constructor(
    private readonly bot: BotPort,
    private readonly config: Config,
    log: Logger,
    private readonly opts: TelegramAdapterOptions = {},
  ) {
    this.log = log = log.child({ adapter: 'telegram' });
    this.pacing = {
      perSecond: config.telegram.digestPerSecond,
      perChatMs: config.telegram.digestChatIntervalMs,
      concurrency: config.telegram.digestConcurrency,
    };
    const token = config.telegram.token;
    if (!token) throw new Error('Telegram adapter needs TELEGRAM_BOT_TOKEN');
    registerSecret(token);
    // Telegram tokens also appear URL-embedded as bot<token>: mask any that was never registered.
    registerSecretPattern(/bot\d{5,}:[\w-]{20,}/, 'bot***');
    registerSecret(config.telegram.webhookSecret);
    // webhookReply off: replies must be real API calls so their results and errors are real.
    this.telegraf = new Telegraf(token, {
      telegram: { webhookReply: false, ...(config.telegram.apiRoot ? { apiRoot: config.telegram.apiRoot } : {}) },
    });
    this.watchForRefusal();
    this.admins = new AdminCache(async (chatId, userId) => (await this.telegraf.telegram.getChatMember(chatId, userId)).status, opts.clock);
    const deps: HandlerDeps = {
      bot,
      tg: this.telegraf.telegram,
      log,
      admins: this.admins,
      fallbackLocale: config.locale,
      botUsername: () => this.telegraf.botInfo?.username,
      wait: (ms) => sleep(ms, undefined, { signal: this.shutdown.signal }),
      inlineGate: inlineGate(opts.clock ?? bot.clock),
    };
    // Returns at once: telegraf awaits a whole batch before polling again.
    // One slow reply (a 429 wait) must not stall every chat: each chat gets its own lane.
    const lanes = {
      run: (key: string, task: () => Promise<void>) =>
        void this.queue.run(key, task).catch((err: unknown) => log.error('update handler failed', { error: describeError(err) })),
    };
    this.telegraf.use((ctx) => {
      // Telegram redelivers a webhook update it did not see answered, possibly to another process.
      if (this.webhook && !bot.firstDelivery(`telegram:${ctx.botInfo.id}:${ctx.update.update_id}`)) {
        log.debug('update already handled', { update: ctx.update.update_id });
        return;
      }
      routeUpdate(deps, lanes, ctx.update);
    });
    this.telegraf.catch((err) => log.error('update failed', { error: describeError(err) }));
  }

  /** Resolves once Telegram accepted the token and updates are on their way (polling or webhook). */
  async start(): Promise<void> {
    if (telegrafDebugEnabled()) {
      // telegraf prints its API payloads itself, past our logger's masking.
      this.log.warn(
        'DEBUG turns on telegraf debug output, which prints API calls unmasked, the webhook secret included; unset DEBUG outside development',
        {
          DEBUG: process.env.DEBUG,
        },
      );
    }
    const tg = this.telegraf.telegram;
    try {
      this.telegraf.botInfo = await tg.getMe();
    } catch (err) {
      const detail = `Telegram rejected the connection: ${describeError(err)}`;
      if (apiErrorOf(err)?.code === 401) throw new UnauthorizedError(this.platform, TOKEN_VARIABLE, detail);
      throw new Error(detail);
    }
    await this.publishCommands();
    const webhookUrl = this.config.telegram.webhookUrl;
    try {
      if (webhookUrl) {
        await this.launchWebhook(webhookUrl);
      } else {
        await this.claimPolling();
        // Done here (launch repeats it) so a failure surfaces from start() rather than later.
        await tg.deleteWebhook();
        this.polling = this.telegraf
          .launch({ allowedUpdates: ALLOWED_UPDATES })
          .catch((err: unknown) => this.onPollingFailed(err))
          .finally(() => (this.pollingEnded = true));
      }
    } catch (err) {
      this.pollingRole?.release();
      throw new Error(`Telegram could not start: ${err instanceof PollingTaken ? err.message : describeError(err)}`);
    }
    this.running = true;
    this.log.info('bot started', { username: this.telegraf.botInfo.username, mode: webhookUrl ? 'webhook' : 'polling' });
  }

  private async claimPolling(): Promise<void> {
    this.pollingRole = await claimPollingRole(this.bot, this.telegraf.botInfo!, () => {
      this.log.error('another process took over polling Telegram; this one stops polling (its digests are still sent)');
      this.stopTelegraf();
    });
  }

  private onPollingFailed(err: unknown): void {
    const code = apiErrorOf(err)?.code;
    // A refused token was reported once by watchForRefusal.
    if (code === 401) return;
    if (code === 409) {
      this.log.error(POLLING_CONFLICT, { error: describeError(err) });
      return;
    }
    this.log.error('polling stopped', { error: describeError(err) });
  }

  /**
   * Every Bot API call passes here: a 401 means the token was revoked or replaced, for every
   * call alike. The adapter then reports it once and stops, instead of retrying forever.
   */
  private watchForRefusal(): void {
    const tg = this.telegraf.telegram;
    const callApi = tg.callApi.bind(tg);
    const watched = async (...args: Parameters<typeof callApi>) => {
      try {
        return await callApi(...args);
      } catch (err) {
        if (apiErrorOf(err)?.code === 401) this.onRefused(err);
        throw err;
      }
    };
    tg.callApi = watched as typeof tg.callApi;
  }

  private onRefused(err: unknown): void {
    // During start() the refusal is start()'s to report (as an UnauthorizedError).
    if (this.refused || !this.running) return;
    this.refused = true;
    this.bot.lifecycle({
      kind: 'unauthorized',
      platform: this.platform,
      variable: TOKEN_VARIABLE,
      detail: `Telegram answered ${describeError(err)}`,
    });
    void this.stop().catch((e: unknown) => this.log.warn('did not stop cleanly', { error: describeError(e) }));
  }

  /**
   * Serves the webhook with our own server rather than launch(): telegraf's leaves a failed
   * listen (port in use) as an unhandled 'error' event that would take the process down.
   */
  private async launchWebhook(webhookUrl: string): Promise<void> {
    const url = new URL(webhookUrl);
    // Without a configured secret, a random one still keeps strangers from posting fake updates.
    const secretToken = this.config.telegram.webhookSecret ?? randomBytes(24).toString('hex');
    registerSecret(secretToken);
    const callback = this.telegraf.webhookCallback(url.pathname + url.search, { secretToken });
    const server = createServer((req, res) => void callback(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: this.config.telegram.webhookPort, ...(this.opts.webhookHost ? { host: this.opts.webhookHost } : {}) }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (err) => this.log.error('webhook server failed', { error: describeError(err) }));
    this.webhook = server;
    try {
      await this.telegraf.telegram.setWebhook(url.href, { secret_token: secretToken, allowed_updates: ALLOWED_UPDATES });
    } catch (err) {
      await this.closeWebhook();
      throw err;
    }
  }

  private async closeWebhook(): Promise<void> {
    const server = this.webhook;
    this.webhook = null;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }

  /** The "/" menu in English and Chinese; a failure only costs the menu, so it is logged. */
  private async publishCommands(): Promise<void> {
    for (const menu of commandMenus(this.bot.commands)) {
      try {
        await this.telegraf.telegram.setMyCommands(menu.commands, menu.languageCode ? { language_code: menu.languageCode } : {});
      } catch (err) {
        this.log.warn('could not set the command menu', { language: menu.languageCode ?? 'default', error: describeError(err) });
      }
    }
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.shutdown.abort();
    if (this.webhook) {
      await this.closeWebhook();
    } else {
      // launch() starts polling only after its own deleteWebhook call, and telegraf.stop() throws
      // until then: a stop() right after start() waits for polling to exist before stopping it.
      const deadline = Date.now() + STOP_GRACE_MS;
      while (!this.stopTelegraf() && !this.pollingEnded && Date.now() < deadline) await sleep(10);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.polling, new Promise((resolve) => (timer = setTimeout(resolve, STOP_GRACE_MS)))]);
      clearTimeout(timer);
      this.pollingRole?.release();
      this.pollingRole = null;
    }
    await this.queue.idle(STOP_GRACE_MS);
  }

  private stopTelegraf(): boolean {
    try {
      this.telegraf.stop('shutdown');
      return true;
    } catch {
      return false;
    }
  }

  split(reply: Reply): Reply[] {
    return splitReply(reply);
  }

  /** Sends a digest (or any unprompted reply). Throws DeliveryError classified for the digest service. */
  async send(channel: ChannelRef, reply: Reply): Promise<SendResult> {
    if (this.refused) throw new DeliveryError({ kind: 'offline' }, `telegram: stopped, the token was refused (${TOKEN_VARIABLE})`);
    const target = targetOf(channel);
    if (target === null)
      throw new DeliveryError({ kind: 'permanent', reason: 'not a Telegram chat' }, `telegram: cannot send to ${channel}`);
    try {
      const ids = await postReply(this.telegraf.telegram, target, reply, {
        pageToken: () =>
          this.bot.pages.save({ command: reply.pagination!.command, args: reply.pagination!.args, channel, callerId: 'digest' }),
      });
      return { messageId: String(ids[0]) };
    } catch (err) {
      if (this.refused) {
        throw new DeliveryError({ kind: 'offline' }, `telegram: stopped, the token was refused (${TOKEN_VARIABLE}): ${describeError(err)}`);
      }
      throw toDeliveryError(err);
    }
  }
}

export function createTelegramAdapter(bot: BotPort, config: Config, log: Logger, opts: TelegramAdapterOptions = {}): TelegramAdapter {
  return new TelegramAdapter(bot, config, log, opts);
}
