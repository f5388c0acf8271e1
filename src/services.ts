// What commands can reach: the services of the running bot, wired by the composition
// layer (src/bot.ts) and passed in, never imported.
import type { Config } from './config';
import type { Command } from './core/types';
import type { DigestPreviewer } from './digest/preview';
import type { ChatLifecycle } from './digest/lifecycle';
import type { SearchService } from './search/service';
import type { ArticleStore } from './store/articles';
import type { SubscriptionStore } from './store/subscriptions';
import type { TopicRegistry } from './topics/registry';
import type { WatchService } from './watch/service';
import type { WatchStore } from './store/watches';
import type { WatchMatcher } from './watch/matcher';

export interface Services {
  config: Config;
  store: ArticleStore;
  topics: TopicRegistry;
  search: SearchService;
  subscriptions: SubscriptionStore;
  digest: DigestPreviewer;
  /** Pauses, resumes and moves subscriptions as chats come and go. */
  lifecycle: ChatLifecycle;
  watches: WatchService;
  /** Keyword alerts' store and matcher, for the alert runtime the composition layer starts. */
  watchStore: WatchStore;
  matcher: WatchMatcher;
  clock: () => number;
  /** Every command, for /help. */
  commands: () => Command<Services>[];
}

export type BotCommand = Command<Services>;
