// Assembles the platform-neutral bot: services, the command router and pagination state.
// Adapters receive a Bot and translate their platform's events into router invocations.
import type { App } from './app';
import { commands } from '../commands/index';
import { Router, type Admission, type Invocation, type Sender } from './core/router';
import type { Logger } from './core/log';
import { PaginationStore } from './core/pagination';
import type { Services } from './core/services';
import type { DigestPreviewer } from './core/services';
import type { Adapter, Reply } from './core/types';
import { createSender } from './core/sender';
import { createDigestRuntime, type DigestRuntime, type DigestRuntimeDeps } from './digest/runtime';
import { SubscriptionStore } from './store/subscriptions';
import { createDigestPreviewer } from './digest/preview';

export interface Bot {
  app: App;
  services: Services;
  router: Router<Services>;
  pages: PaginationStore;
  log: Logger;
  /** Runs a command; resolves to null when the caller is being throttled into silence. */
  handle(inv: Invocation): Promise<Reply | null>;
}

export interface BotOptions {
  log: Logger;
  throttle?: (sender: Sender) => Admission;
  digest?: DigestPreviewer;
}

export function createBot(app: App, opts: BotOptions): Bot {
  const subscriptions = new SubscriptionStore(app.db);
  const services: Services = {
    config: app.config,
    store: app.store,
    topics: app.topics,
    search: app.search,
    subscriptions,
    clock: app.clock,
    commands: () => commands,
    digest:
      opts.digest ??
      createDigestPreviewer({ store: app.store, subscriptions, topics: app.topics, clock: app.clock, maxEntries: app.config.digest.maxEntries }),
  };
  const router = new Router<Services>(commands, services, { log: opts.log, ...(opts.throttle ? { throttle: opts.throttle } : {}) });
  return {
    app,
    services,
    router,
    pages: new PaginationStore(),
    log: opts.log,
    handle: (inv) => router.dispatch(inv),
  };
}

/**
 * The digest runtime for a running bot: the commands' own subscription store (whose change
 * events re-plan the schedule) and a sender over the bot's adapters. Main and the
 * end-to-end tests wire digests the same way through this.
 */
export function createBotDigests(
  bot: Bot,
  adapters: () => Adapter[],
  log: Logger,
  extra: Partial<Omit<DigestRuntimeDeps, 'db' | 'store' | 'subscriptions' | 'topics' | 'sender' | 'log'>> = {},
): DigestRuntime {
  const { app } = bot;
  return createDigestRuntime({
    db: app.db,
    store: app.store,
    subscriptions: bot.services.subscriptions,
    topics: app.topics,
    sender: createSender(adapters),
    clock: app.clock,
    log,
    catchupHours: app.config.digest.catchupHours,
    maxEntries: app.config.digest.maxEntries,
    // A stable name lets this run take over at once what a crashed run of it left half-sent.
    ...(app.config.digest.instanceId ? { holder: app.config.digest.instanceId } : {}),
    ...extra,
  });
}
