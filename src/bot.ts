// Assembles the platform-neutral bot: services, the command router and pagination state.
// Adapters receive a Bot and translate their platform's events into router invocations.
import type { App } from './app';
import { commands } from '../commands/index';
import { Router, type Invocation } from './core/router';
import type { Logger } from './core/log';
import { PaginationStore } from './core/pagination';
import type { Services } from './core/services';
import type { DigestPreviewer } from './core/services';
import type { Reply } from './core/types';
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
  throttle?: (inv: Invocation) => Reply | null | 'drop';
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
