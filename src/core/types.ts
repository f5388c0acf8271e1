// The platform-neutral contract between commands, the router and adapters.
// Nothing here knows Discord or Telegram exist.
import type { Locale, MessageId, TextId } from '../i18n/catalog';

export type { Locale, Localized, MessageId, TextId } from '../i18n/catalog';
export type Permission = 'everyone' | 'channel-admin';

/** A channel reference, platform-prefixed: `console:local`, `telegram:-100123`, `discord:987`. */
export type ChannelRef = string;

export type OptionType = 'string' | 'integer' | 'boolean';

export interface CommandOption {
  name: string;
  type: OptionType;
  description: TextId;
  required?: boolean;
  choices?: { value: string | number; name: TextId }[];
  /** Hint for adapters that can suggest values while the user types. */
  autocomplete?: 'topic' | 'timezone' | 'watch';
  min?: number;
  max?: number;
  /**
   * The longest raw value accepted, in characters: what a user may type for this option
   * (for a number, its digits). Every option has one, so no argument is unbounded.
   */
  maxLength: number;
  /** Takes the rest of the words (console/Telegram); one space-separated string on Discord. */
  variadic?: boolean;
}

export type ArgValue = string | number | boolean;
export type Args = Record<string, ArgValue | undefined>;

export interface Caller {
  id: string;
  name?: string;
}

export interface CommandContext<S = unknown> {
  command: string;
  args: Args;
  channel: ChannelRef;
  caller: Caller;
  locale: Locale;
  /** True in a one-to-one chat, where the caller is the channel's admin. */
  isPrivate: boolean;
  /** Implemented by the adapter: may the caller change this channel's settings? */
  isChannelAdmin(): Promise<boolean>;
  services: S;
}

export interface Command<S = unknown> {
  name: string;
  /** Other names that reach the same command (e.g. `start` for `help`). */
  aliases?: string[];
  description: TextId;
  options: CommandOption[];
  permission: Permission;
  /** Its answer may take a moment: platforms with a reply deadline (Discord, 3 s) acknowledge first. */
  deferred?: boolean;
  run(ctx: CommandContext<S>): Promise<Reply> | Reply;
}

/** One article as a reply shows it. All strings are plain text: adapters escape them. */
export interface ArticleView {
  id: string;
  title: string;
  url?: string;
  snippet: string;
  /** Display names of its topics, in the reply's language. */
  topics: string[];
  /** YYYY-MM-DD when known. */
  date?: string;
  /** A short line about why it is shown (the watches it matched); at most NOTE_MAX (core/reply) graphemes. */
  note?: string;
}

export type Block =
  | { kind: 'text'; text: string; style?: 'plain' | 'heading' | 'muted' }
  | { kind: 'articles'; items: ArticleView[]; heading?: string; startIndex?: number }
  | { kind: 'fields'; items: { label: string; value: string }[] };

/** Enough to re-run the command for another page. */
export interface Pagination {
  command: string;
  args: Args;
  page: number;
  pages: number;
}

export interface Reply {
  blocks: Block[];
  /** Title line adapters may show as an embed title / bold header. */
  title?: string;
  pagination?: Pagination;
  /** Only the caller should see it (Discord ephemeral; elsewhere a normal message). */
  ephemeral?: boolean;
  kind?: 'info' | 'list' | 'error' | 'digest';
  /** The catalog message an error reply says (for logs and tests; adapters show the text). */
  messageId?: MessageId;
}

/** Which planned message a send is: lets a platform group a digest's parts (a Discord forum post per digest). */
export interface SendContext {
  /** The digest's local day, YYYY-MM-DD. */
  day?: string;
  /** The language the digest is written in. */
  locale?: Locale;
  /** The message id the first part was confirmed with, once it was; absent while sending the first part. */
  firstMessageId?: string;
  /**
   * Names this planned message, the same on every attempt by any process (at most 20 characters).
   * A platform that can deduplicate sends by such a key (Discord's message nonce) uses it, so a
   * resend after a lost answer (a process killed after the platform took the message but before
   * the ledger recorded it) does not post the message twice.
   */
  resendKey?: string;
}

/** What the platform said when it accepted a message. */
export interface SendResult {
  messageId: string;
}

/** How fast unprompted messages (digests) may go out on a platform; each adapter declares its own. */
export interface Pacing {
  /** Most sends that may start within any one second across the platform. */
  perSecond?: number;
  /** Least time between the answer to one send to a chat and the start of the next to it. */
  perChatMs?: number;
  /** Most sends in flight at once. */
  concurrency?: number;
  /**
   * Most messages (digests, alerts) this process holds the right to send at once, sending or
   * waiting their turn in the queue; the rest wait unclaimed, for whichever process has room.
   * Default: four seconds' worth at `perSecond` (unlimited when unpaced).
   */
  ahead?: number;
  /** How long the platform has told every send to wait (a global rate limit), ms from now; 0: none. */
  holdMs?: () => number;
}

export interface Adapter {
  readonly platform: string;
  /** Digest pacing for this platform; none means unpaced. */
  readonly pacing?: Pacing;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Sends a reply unprompted (digests). Throws DeliveryError on platform failure. */
  send(channel: ChannelRef, reply: Reply, context?: SendContext): Promise<SendResult>;
  /** Splits a long reply into messages that each fit this platform's limits. */
  split?(reply: Reply): Reply[];
  /**
   * Whether this process delivers to `channel` (default: every channel of the platform): a
   * Discord process running some of the gateway shards serves only their guilds' channels.
   */
  serves?(channel: ChannelRef): boolean;
}
