// Entry point: configuration → store → index → bot → adapters (console when no token),
// the feed poller and the digest scheduler; clean shutdown on SIGINT/SIGTERM.
import { loadConfig, loadEnvFile, ConfigError, type Config } from './config';
import { openApp, openIngester, seedSampleIfEmpty, type Ingester } from './app';
import { createBot, createBotAlerts, createBotDigests, type Bot } from './bot';
import { exitWhenFlushed } from './core/exit';
import { createLogger, redact, registerSecret, type Logger } from './core/log';
import type { Adapter } from './core/types';
import { ConsoleAdapter } from './adapters/console/index';
import type { Poller } from './feeds/poller';
import { createPlatformThrottle } from './core/throttle';
import { explainStorageError } from './store/storage-errors';
import { UnauthorizedError } from './core/lifecycle';

/** Ends the process when no adapter is left: every platform refused its token. */
export class NoAdapterLeft extends Error {
  constructor(reasons: string[]) {
    super(`no adapter is left running: ${reasons.join('; ')}`);
    this.name = 'NoAdapterLeft';
  }
}

export interface Running {
  bot: Bot;
  adapters: Adapter[];
  stop(): Promise<void>;
}

/**
 * Feeds are parsed and stored by an ingest worker thread with its own database connection: the
 * thread answering commands only fetches (asynchronous I/O), so a large or hostile feed never
 * delays a reply, and one past its time budget is abandoned. Only one process sharing the
 * database polls at a time (the feed-poller role); the others stand by.
 */
async function startPoller(
  bot: Bot,
  config: Config,
  log: Logger,
  onAdded: () => void,
): Promise<{ poller: Poller; worker: Ingester } | null> {
  if (!config.feedUrls.length) return null;
  // Imported when used, as the adapters are: a bot without feeds to poll never loads the feed readers.
  const [{ FeedStateStore }, { createPoller }] = await Promise.all([import('./feeds/state'), import('./feeds/poller')]);
  const state = new FeedStateStore(bot.app.db);
  const worker = await openIngester(bot.app);
  const poller = createPoller({
    urls: config.feedUrls,
    intervalMs: config.feedPollIntervalMs,
    timeoutMs: config.feedTimeoutMs,
    maxBytes: config.feedMaxBytes,
    state,
    ingest: async (body, url, contentType) => {
      log.debug('ingesting feed', { url, bytes: body.length });
      const r = await worker.ingestBody(body, url, contentType);
      if (r.added.length || r.updated) log.info('feed ingested', { source: url, added: r.added.length, updated: r.updated });
      if (r.added.length) onAdded();
      return { entries: r.entries };
    },
    onError: (url, err) => {
      const error = explainStorageError(err, config.databasePath, 'write').message;
      log.warn('feed poll failed', { url, error });
      try {
        state.recordError(url, error);
      } catch {
        // A database that refused the feed refuses its error too; the log line above says why.
      }
    },
  });
  // Of the processes sharing the database one polls the feeds; another takes over if it dies.
  bot.roles.standby('feed-poller', {
    onGain: () => {
      log.info('polling the feeds', { feeds: config.feedUrls.length });
      poller.start();
    },
    onLose: () => {
      log.warn('another process took over polling the feeds; this one stops polling them');
      void poller.stop();
    },
  });
  if (!bot.roles.holds('feed-poller')) log.info('another process polls the feeds; this one stands by to take over');
  return { poller, worker };
}

/**
 * Starts each adapter; one whose token the platform refuses is dropped (logged once, naming the
 * variable to fix) and the others go on. Throws NoAdapterLeft when every one was refused.
 */
async function startAdapters(candidates: Adapter[], log: Logger): Promise<{ started: Adapter[]; refused: string[] }> {
  const started: Adapter[] = [];
  const refused: string[] = [];
  for (const a of candidates) {
    try {
      await a.start();
      started.push(a);
    } catch (err) {
      if (!(err instanceof UnauthorizedError)) throw err;
      log.error(`${err.detail}. Set a valid ${err.variable} and restart; the other adapters keep running.`, {
        platform: err.platform,
        variable: err.variable,
      });
      refused.push(err.message);
    }
  }
  // No adapter at all (CONSOLE=false, no token) is a feed poller by choice; all refused is not.
  if (!started.length && refused.length) throw new NoAdapterLeft(refused);
  return { started, refused };
}

/** `onNoAdapter` is called when the last running adapter stopped because its token was refused. */
export async function startBot(
  config: Config,
  log: Logger,
  onConsoleEnd: () => void,
  onNoAdapter: (err: NoAdapterLeft) => void = () => {},
): Promise<Running> {
  registerSecret(config.telegram.token);
  registerSecret(config.discord.token);
  registerSecret(config.telegram.webhookSecret);
  const app = openApp(config);
  const seeded = await seedSampleIfEmpty(app);
  if (seeded) log.info('archive was empty: loaded the bundled sample feed', { articles: seeded });
  app.search.refresh();
  // The console is the operator's own terminal; chat platforms are where floods come from.
  const throttle = createPlatformThrottle(app.clock);
  const bot = createBot(app, { log, throttle });
  const candidates: Adapter[] = [];
  // A platform's client library (discord.js alone is a few hundred milliseconds of start-up) is
  // loaded only when its token is set.
  if (config.telegram.token) candidates.push((await import('./adapters/telegram/index')).createTelegramAdapter(bot, config, log));
  if (config.discord.token) candidates.push((await import('./adapters/discord/index')).createDiscordAdapter(bot, config, log));
  const wantConsole = config.console === true || (config.console === 'auto' && candidates.length === 0);
  if (wantConsole) candidates.push(new ConsoleAdapter(bot, { locale: config.locale, onEnd: onConsoleEnd }));
  let adapters: Adapter[];
  try {
    adapters = (await startAdapters(candidates, log)).started;
  } catch (err) {
    app.close();
    throw err;
  }
  // An adapter whose token is refused later has stopped itself; digests for it wait (offline).
  bot.onUnauthorized((e) => {
    const i = adapters.findIndex((a) => a.platform === e.platform);
    if (i >= 0) adapters.splice(i, 1);
    if (!adapters.length) onNoAdapter(new NoAdapterLeft([`${e.platform}: ${e.detail}; check ${e.variable}`]));
  });
  const digests = createBotDigests(bot, () => adapters, log);
  await digests.start();
  // Alerts follow this process's polls at once, and other processes' ingests at the next check.
  const alerts = createBotAlerts(bot, digests, () => adapters, log);
  await alerts.start();
  const polling = await startPoller(bot, config, log, () => void alerts.check());
  let stopping: Promise<void> | null = null;
  return {
    bot,
    adapters,
    stop() {
      stopping ??= (async () => {
        await alerts.stop();
        await digests.stop();
        await polling?.poller.stop();
        await polling?.worker.close();
        for (const a of adapters) {
          try {
            await a.stop();
          } catch (err) {
            log.warn('adapter did not stop cleanly', { platform: a.platform, error: err as Error });
          }
        }
        // After the adapters: a Telegram poller keeps its role until it has stopped polling.
        bot.roles.stop();
        app.close();
      })();
      return stopping;
    },
  };
}

async function main(): Promise<void> {
  loadEnvFile();
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(err.message + '\n');
      return exitWhenFlushed(1);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  let running: Running | null = null;
  const shutdown = async (why: string, code = 0) => {
    log.debug('shutting down', { why });
    try {
      await running?.stop();
    } finally {
      await exitWhenFlushed(code);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  running = await startBot(
    config,
    log,
    () => void shutdown('console input ended'),
    (err) => {
      process.stderr.write(redact(`feedbot stopped: ${err.message}`) + '\n');
      void shutdown('no adapter left', 1);
    },
  );
}

main().catch((err: unknown) => {
  // Not through the logger, so masked here: a start-up error may quote a URL or a setting.
  process.stderr.write(redact(`feedbot could not start: ${err instanceof Error ? err.message : String(err)}`) + '\n');
  void exitWhenFlushed(1);
});
