// Test helper: the real bot in this process (temp SQLite, sample archive) behind the real
// Telegram and Discord adapters, each talking to its local fake on 127.0.0.1, wired the way
// src/main.ts wires them: the same platform throttle, one digest runtime sending through
// createSender. The clock can be frozen so rate limits do not refill during a test.
import type { App } from '../../src/app';
import { createBotDigests, type Bot } from '../../src/bot';
import type { Config } from '../../src/config';
import { createPlatformThrottle } from '../../src/core/throttle';
import type { Adapter } from '../../src/core/types';
import type { RetryPolicy } from '../../src/digest/deliver';
import type { DigestRuntime } from '../../src/digest/runtime';
import { createDiscordAdapter, type DiscordAdapter } from '../../src/adapters/discord/index';
import { createTelegramAdapter, type TelegramAdapter } from '../../src/adapters/telegram/index';
import { startFakeDiscord, type FakeDiscord, type RecordedCall } from '../fakes/discord/index';
import { startFakeTelegram, type FakeTelegram, type InjectMessageOptions, type SentMessage } from '../fakes/telegram/index';
import { createTestBot } from '../helpers/bot';
import { CHANNEL, GUILD, mlReaders, OTHER_CHANNEL } from '../helpers/discord-guild';

export { GUILD };
export const CHANNEL_A = CHANNEL;
export const CHANNEL_B = OTHER_CHANNEL;
/** Manage Channels: what the Discord adapter asks of a member before settings change. */
export const MANAGE_CHANNELS = 1n << 4n;
export const EPHEMERAL = 64;

export interface PlatformOptions {
  telegram?: boolean;
  discord?: boolean;
  /** Wire the command throttle as main does (default true). */
  throttle?: boolean;
  clock?: () => number;
  env?: Record<string, string>;
  /** How the digest runtime retries failed parts (default: main's policy, with waits of seconds). */
  digestRetry?: RetryPolicy;
  /** Bot tokens the fakes expect (and the bot is given); defaults are the fakes' own. */
  tokens?: { telegram?: string; discord?: string };
}

export interface Platforms {
  app: App;
  bot: Bot;
  config: Config;
  /** Every log line the bot wrote (after the logger's redaction, as it would reach stderr). */
  logs: string[];
  tg: { fake: FakeTelegram; adapter: TelegramAdapter } | undefined;
  dc: { fake: FakeDiscord; adapter: DiscordAdapter } | undefined;
  /** The digest runtime as main builds it (not started: tests call deliverNow). */
  digests: DigestRuntime;
  close(): Promise<void>;
}

export async function startPlatforms(opts: PlatformOptions = {}): Promise<Platforms> {
  const tgFake =
    opts.telegram === false ? undefined : await startFakeTelegram(opts.tokens?.telegram ? { token: opts.tokens.telegram } : {});
  const dcFake =
    opts.discord === false
      ? undefined
      : await startFakeDiscord({ ...(opts.tokens?.discord ? { token: opts.tokens.discord } : {}), guilds: [mlReaders()] });
  const t = await createTestBot(
    {
      ...(tgFake ? { TELEGRAM_BOT_TOKEN: tgFake.token, TELEGRAM_API_ROOT: tgFake.apiRoot } : {}),
      ...(dcFake
        ? { DISCORD_TOKEN: dcFake.token, DISCORD_API_ROOT: dcFake.apiRoot, DISCORD_GUILD_ID: GUILD, DISCORD_SYNC_COMMANDS: 'true' }
        : {}),
      ...opts.env,
    },
    {
      ...(opts.clock ? { clock: opts.clock } : {}),
      ...(opts.throttle === false ? {} : { throttle: createPlatformThrottle(opts.clock ?? Date.now) }),
    },
  );
  const { app, bot, config, logs, log } = t;
  app.search.refresh();
  const adapters: Adapter[] = [];
  const tg = tgFake ? { fake: tgFake, adapter: createTelegramAdapter(bot, config, log) } : undefined;
  const dc = dcFake ? { fake: dcFake, adapter: createDiscordAdapter(bot, config, log) } : undefined;
  try {
    if (tg) {
      await tg.adapter.start();
      adapters.push(tg.adapter);
    }
    if (dc) {
      await dc.adapter.start();
      adapters.push(dc.adapter);
    }
  } catch (err) {
    for (const a of adapters) await a.stop();
    await tgFake?.close();
    await dcFake?.close();
    t.close();
    throw err;
  }
  const digests = createBotDigests(bot, () => adapters, log, opts.digestRetry ? { retry: opts.digestRetry } : {});
  return {
    app,
    bot,
    config,
    logs,
    tg,
    dc,
    digests,
    async close() {
      await digests.stop();
      // Bots first: the fakes answer open polls on close, and a live poller would reconnect.
      for (const a of adapters) await a.stop();
      await tgFake?.close();
      await dcFake?.close();
      t.close();
    },
  };
}

/**
 * Injects a Telegram command into a group or channel and resolves with the bot's answer to
 * that very message: the first message replying to it. Correlating by reply, not by "the next
 * message in the chat", means a flood answered in the same chat is never taken for the answer.
 */
export async function tgCommand(fake: FakeTelegram, msg: InjectMessageOptions): Promise<SentMessage> {
  // In private chats the bot quotes nothing, so there is nothing to correlate by.
  if (msg.chat.type === 'private')
    throw new Error('tgCommand needs a group or channel: only there does the bot reply to the command message');
  const { mark, message } = fake.injectMessage(msg);
  const repliesToIt = (p: Record<string, unknown>) =>
    (p.reply_parameters as { message_id?: number } | undefined)?.message_id === message.message_id;
  await fake.waitForCall('sendMessage', (p, c) => String(p.chat_id) === String(msg.chat.id) && !c.failed && repliesToIt(p), {
    since: mark,
  });
  const sent = fake.messagesIn(msg.chat.id).find((m) => m.replyTo === message.message_id);
  if (!sent) throw new Error('reply not stored by the fake');
  return sent;
}

export interface MessageBody {
  content?: string;
  embeds?: { title?: string; description?: string; url?: string; author?: { name: string } }[];
  components?: { components: { label: string; custom_id: string; disabled?: boolean }[] }[];
  flags?: number;
  allowed_mentions?: { parse: string[] };
}

interface CallbackBody {
  type: number;
  data?: MessageBody;
}

/** The call that carries an interaction's visible answer (callback 4/7, an edit or a follow-up). */
export function dcAnswer(fake: FakeDiscord, sent: { id: string; token: string }, since = 0): Promise<RecordedCall> {
  return fake.waitForCall(
    (c) => {
      if (c.path === `/interactions/${sent.id}/${sent.token}/callback`) return [4, 7].includes((c.body as CallbackBody).type);
      return c.path.startsWith(`/webhooks/${fake.applicationId}/${sent.token}`) && c.method !== 'DELETE';
    },
    { since },
  );
}

/** The message body of a callback or webhook call. */
export function dcBody(call: RecordedCall): MessageBody {
  return call.path.endsWith('/callback') ? ((call.body as CallbackBody).data ?? {}) : ((call.body as MessageBody) ?? {});
}

/** Callback type of an interaction callback call (4 reply, 5 defer, 6 defer update, 7 update). */
export const callbackType = (call: RecordedCall): number | undefined =>
  call.path.endsWith('/callback') ? (call.body as CallbackBody).type : undefined;

/** Every message-bearing body the bot sent for an interaction. */
export function dcBodies(fake: FakeDiscord, interactionId: string): MessageBody[] {
  return fake
    .interactionResponses(interactionId)
    .filter((c) => c.method !== 'DELETE' && ![5, 6].includes(callbackType(c) ?? 0))
    .map(dcBody);
}
