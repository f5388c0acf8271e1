// The adapter port: everything a platform adapter may ask of the bot. An adapter gets
// this (and its own settings), never the whole bot, so what adapters depend on is here.
import type { Choice, ChoiceLimits } from './completions';
import type { LifecycleEvent } from './lifecycle';
import type { PageState } from './pagination';
import type { ExclusiveRole } from './roles';
import type { Admission, Invocation, Sender } from './router';
import type { ArticleView, ChannelRef, Command, CommandOption, Locale, Reply } from './types';

/** One page of articles, and whether another follows. */
export interface ArticlePage {
  items: ArticleView[];
  more: boolean;
}

export interface BotPort {
  /** Runs a command; resolves to null when the caller is being throttled into silence. */
  handle(inv: Invocation): Promise<Reply | null>;
  /**
   * Counts an inbound message against the throttle before it is handled (handle() does this
   * itself unless the invocation says `admitted`): for messages answered without a command.
   */
  admit(sender: Sender): Admission;
  /** Every command, in /help order: for menus and slash-command registration. */
  readonly commands: readonly Command<unknown>[];
  /** The command a name or alias reaches, if any. */
  findCommand(name: string): Command<unknown> | undefined;
  /** Page buttons carry a short token; the query behind it is kept here. */
  readonly pages: {
    save(state: PageState): string;
    get(token: string): PageState | undefined;
  };
  /**
   * Suggestions for an option while the user types it, within the platform's limits; `channel`
   * (where it is typed) for options whose values belong to a chat (its watches).
   */
  complete(option: CommandOption, typed: string, locale: Locale, limits: ChoiceLimits, channel?: ChannelRef): Choice[];
  /**
   * Articles matching `query`, best first, or the newest for an empty query: a search as
   * you type (Telegram inline mode). A query the search refuses (too long) finds nothing.
   */
  findArticles(query: string, opts: { page: number; pageSize: number; locale: Locale }): ArticlePage;
  /** How many articles the archive holds (for a greeting). */
  articleCount(): number;
  /**
   * Tells the bot what happened to a chat (removed, lost its rights, back, changed id) or to the
   * adapter itself (its token refused). Applied at once; never throws (failures are logged).
   */
  lifecycle(event: LifecycleEvent): void;
  /** The platform's channels (`discord:…`) with a subscription (active or paused) or watches: whose rights matter. */
  subscribedChannels(platform: string): ChannelRef[];
  /**
   * True the first time an inbound update with this key reaches any process sharing the database;
   * false for a redelivery, which is not handled again. A database that cannot tell says true
   * (handled twice rather than lost).
   */
  firstDelivery(key: string): boolean;
  /** A role only one process sharing the database may play at a time (long-polling a bot's updates). */
  role(name: string): ExclusiveRole;
  readonly clock: () => number;
}
