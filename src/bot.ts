// Assembles the platform-neutral bot: services, the command router and pagination state.
// Adapters receive it as a BotPort and translate their platform's events into invocations.
import type { App } from './app';
import { commands } from '../commands/index';
import { timezoneChoices, topicChoices } from './core/completions';
import { UserError } from './core/errors';
import type { Logger } from './core/log';
import { PaginationStore } from './core/pagination';
import type { ArticlePage, BotPort } from './core/port';
import { articleView } from './core/reply';
import { Router, type Admission, type Sender } from './core/router';
import { isDatabaseRefusal } from './store/storage-errors';
import type { Services } from './services';
import type { Adapter, Locale } from './core/types';
import { createSender } from './core/sender';
import { createDigestRuntime, type DigestRuntime, type DigestRuntimeDeps } from './digest/runtime';
import { SubscriptionStore } from './store/subscriptions';
import { createDigestPreviewer, type DigestPreviewer } from './digest/preview';
import { createChatLifecycle } from './digest/lifecycle';
import { DigestLedger } from './digest/ledger';
import type { AdapterUnauthorized } from './core/lifecycle';
import { WatchStore } from './store/watches';
import { createWatchMatcher } from './watch/matcher';
import { DEFAULT_MATCH_RULE } from './watch/match';
import { createWatchService } from './watch/service';
import { createAlertRuntime, type AlertRuntime, type AlertRuntimeDeps } from './watch/runtime';
import { createRoles, instanceName, type Roles } from './cluster/roles';
import { RoleLeases } from './store/roles';
import { SeenUpdates } from './store/seen-updates';

/** The port adapters use, plus what the composition layer and tests reach. */
export interface Bot extends BotPort {
  app: App;
  services: Services;
  router: Router<Services>;
  pages: PaginationStore;
  log: Logger;
  /** The exclusive roles this process plays among those sharing the database; stopped with the bot. */
  roles: Roles;
  /** Called when an adapter reports that its platform refused the token (it has stopped itself). */
  onUnauthorized(listener: (event: AdapterUnauthorized) => void): () => void;
}

export interface BotOptions {
  log: Logger;
  throttle?: (sender: Sender) => Admission;
  digest?: DigestPreviewer;
  /** Default: leases in the bot's database, held under this process's instanceName. */
  roles?: Roles;
}

export function createBot(app: App, opts: BotOptions): Bot {
  const subscriptions = new SubscriptionStore(app.db);
  const lifecycle = createChatLifecycle({
    db: app.db,
    subscriptions,
    ledger: new DigestLedger(app.db, subscriptions),
    store: app.store,
    log: opts.log,
    clock: app.clock,
    catchupHours: app.config.digest.catchupHours,
  });
  let unauthorized: ((event: AdapterUnauthorized) => void)[] = [];
  const watchStore = new WatchStore(app.db, app.config.watch.maxPerChat);
  const matcher = createWatchMatcher({ ...DEFAULT_MATCH_RULE, minMentions: app.config.watch.minMentions });
  const watches = createWatchService({ watches: watchStore, store: app.store, topics: app.topics, matcher, clock: app.clock });
  // A chat's watches follow its lifecycle with its subscription, in the same transaction: paused
  // when the bot is removed or muted (adding a watch resumes them), moved with a migrated chat.
  lifecycle.onEvent((event, _outcome, now) => {
    if (event.kind === 'migrated') watchStore.move(event.from, event.to, now);
    else if (event.kind === 'removed')
      watchStore.pause(event.channel, { code: event.code, ...(event.detail ? { detail: event.detail } : {}) }, now);
    else if (event.kind === 'lost-permission')
      watchStore.pause(event.channel, { code: 'no-permission', ...(event.detail ? { detail: event.detail } : {}) }, now);
  });
  const services: Services = {
    config: app.config,
    store: app.store,
    topics: app.topics,
    search: app.search,
    subscriptions,
    clock: app.clock,
    commands: () => commands,
    watches,
    watchStore,
    matcher,
    digest:
      opts.digest ??
      createDigestPreviewer({
        store: app.store,
        subscriptions,
        topics: app.topics,
        ledger: new DigestLedger(app.db, subscriptions),
        clock: app.clock,
        maxEntries: app.config.digest.maxEntries,
        keepDays: app.config.digest.keepDays,
        notesFor: watches.digestNotes,
      }),
    lifecycle,
  };
  const router = new Router<Services>(commands, services, {
    log: opts.log,
    isStorageRefusal: isDatabaseRefusal,
    ...(opts.throttle ? { throttle: opts.throttle } : {}),
  });
  const roles =
    opts.roles ??
    createRoles({
      leases: new RoleLeases(app.db),
      holder: instanceName(app.config.digest.instanceId),
      clock: app.clock,
      ttlMs: app.config.roleLeaseMs,
      log: opts.log,
    });
  const seen = new SeenUpdates(app.db);
  let zones: readonly string[] | undefined;
  return {
    roles,
    firstDelivery(key) {
      try {
        return seen.firstTime(key, app.clock());
      } catch (err) {
        opts.log.warn('could not record an update as handled; handling it anyway', { error: (err as Error).message });
        return true;
      }
    },
    role: (name) => roles.role(name),
    app,
    services,
    router,
    pages: new PaginationStore(),
    log: opts.log,
    clock: app.clock,
    commands: router.commands,
    handle: (inv) => router.dispatch(inv),
    admit: (sender) => router.admit(sender),
    findCommand: (name) => router.find(name),
    complete(option, typed, locale, limits, channel) {
      if (option.autocomplete === 'watch') return channel ? watches.complete(channel, typed, limits) : [];
      if (option.autocomplete === 'topic')
        return topicChoices(app.topics.list(), typed, locale, limits, { multi: option.variadic === true });
      if (option.autocomplete === 'timezone') {
        zones ??= Intl.supportedValuesOf('timeZone');
        return timezoneChoices(typed, zones, limits, { preferred: app.config.digest.defaultTimeZone, now: new Date(app.clock()) });
      }
      return [];
    },
    findArticles: (query, o) => findArticles(services, query, o),
    articleCount: () => app.store.count(),
    lifecycle(event) {
      if (event.kind === 'unauthorized') {
        opts.log.error(
          `${event.platform} refused the bot's token and stopped: ${event.detail}. Set a valid ${event.variable} and restart.`,
          {
            platform: event.platform,
            variable: event.variable,
          },
        );
        for (const l of unauthorized) l(event);
        return;
      }
      try {
        lifecycle.handle(event);
      } catch (err) {
        opts.log.error('could not apply a chat event', { event: event.kind, error: err as Error });
      }
    },
    subscribedChannels: (platform) => {
      // Channels whose rights matter: a subscription's, or alerts' (active or paused).
      const watched = watchStore.activeChats().map((c) => c.channel);
      const prefix = `${platform}:`;
      return [...new Set([...subscriptions.channelsWithPrefix(prefix), ...watched.filter((c) => c.startsWith(prefix))])].sort();
    },
    onUnauthorized(listener) {
      unauthorized.push(listener);
      return () => {
        unauthorized = unauthorized.filter((l) => l !== listener);
      };
    },
  };
}

/** Inline search: /search's ranking for a query, /latest's order for an empty one. */
function findArticles(services: Services, query: string, opts: { page: number; pageSize: number; locale: Locale }): ArticlePage {
  const { page, pageSize, locale } = opts;
  const name = (id: string) => services.topics.name(id, locale);
  const q = query.trim();
  if (!q) {
    const items = services.store.latest(pageSize, (page - 1) * pageSize).map((a) => articleView(a, name));
    return { items, more: items.length === pageSize };
  }
  try {
    const res = services.search.search(q, { page, pageSize });
    return { items: res.items.map((a) => articleView(a, name)), more: res.page < res.pages };
  } catch (err) {
    // A query too long to search simply finds nothing; anything else is a real fault.
    if (err instanceof UserError) return { items: [], more: false };
    throw err;
  }
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
    notesFor: bot.services.watches.digestNotes,
    maxEntries: app.config.digest.maxEntries,
    keepDays: app.config.digest.keepDays,
    leaseMs: app.config.digest.leaseMs,
    retryEveryMs: app.config.digest.retryEveryMs,
    // A stable name lets this run take over at once what a crashed run of it left half-sent.
    ...(app.config.digest.instanceId ? { holder: app.config.digest.instanceId } : {}),
    ...extra,
  });
}

/**
 * Keyword alerts for a running bot, beside its digests: the digests' sender, send queue and
 * lease holder, so both share each platform's pacing and a restart resumes both.
 */
export function createBotAlerts(
  bot: Bot,
  digests: DigestRuntime,
  adapters: () => Adapter[],
  log: Logger,
  extra: Partial<Omit<AlertRuntimeDeps, 'db' | 'store' | 'watches' | 'topics' | 'matcher' | 'log'>> = {},
): AlertRuntime {
  const { app, services } = bot;
  return createAlertRuntime({
    db: app.db,
    store: app.store,
    watches: services.watchStore,
    topics: app.topics,
    matcher: services.matcher,
    sender: createSender(adapters),
    queue: digests.queue,
    holder: digests.holder,
    clock: app.clock,
    log,
    maxEntries: app.config.watch.alertMaxEntries,
    checkEveryMs: app.config.watch.checkEveryMs,
    leaseMs: app.config.digest.leaseMs,
    ...extra,
  });
}
