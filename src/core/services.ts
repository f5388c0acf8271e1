// What commands can reach: the services of the running bot, passed in (never imported).
import type { Config } from '../config';
import type { ArticleStore } from '../store/articles';
import type { SubscriptionStore } from '../store/subscriptions';
import type { TopicRegistry } from '../topics/registry';
import type { SearchService } from '../search/service';
import type { Command, Locale, Reply } from './types';

export interface DigestPreviewer {
  /** The digest this channel would get now; marks nothing as delivered. */
  preview(channel: string, locale: Locale): Reply;
}

export interface Services {
  config: Config;
  store: ArticleStore;
  topics: TopicRegistry;
  search: SearchService;
  subscriptions: SubscriptionStore;
  digest: DigestPreviewer;
  clock: () => number;
  /** Every command, for /help. */
  commands: () => Command<Services>[];
}

export type BotCommand = Command<Services>;
