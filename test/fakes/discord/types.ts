// Public types of the fake Discord: what tests configure, and what the fake records.
import type { DiscordRateLimits } from './rate-limits';
import type { RandomFaults } from '../rate-window';

/** A Discord JSON object as sent or received on the wire. */
export type Payload = Record<string, unknown>;

export interface FakeChannel {
  id: string;
  name: string;
  /** Discord channel type: 0 text (default), 5 announcement, 2 voice, 11 public thread, 15 forum... */
  type?: number;
  topic?: string | null;
  /** Threads: their parent channel's id. */
  parentId?: string;
}

/** A permission overwrite on a channel: for a role (type 0) or a member (type 1). */
export interface FakeOverwrite {
  id: string;
  type: 0 | 1;
  allow?: bigint | string;
  deny?: bigint | string;
}

export interface FakeGuild {
  id: string;
  name?: string;
  channels?: FakeChannel[];
  ownerId?: string;
  /** Permissions of the @everyone role; defaults to a normal member's. */
  everyonePermissions?: bigint | string;
  /** Extra permissions of the bot's managed role; default none beyond @everyone. */
  botPermissions?: bigint | string;
  preferredLocale?: string;
}

export interface FakeUserInput {
  id?: string;
  username?: string;
  globalName?: string | null;
}

export interface FakeDiscordOptions {
  token?: string;
  applicationId?: string;
  botUsername?: string;
  guilds?: FakeGuild[];
  /** Gateway heartbeat interval sent in HELLO (ms). */
  heartbeatIntervalMs?: number;
  /**
   * Privileged intents (GuildMembers 1<<1, GuildPresences 1<<8, MessageContent 1<<15) the app may use;
   * like a fresh Discord app, the default is none, and IDENTIFY asking for others is closed with 4014.
   */
  allowedPrivilegedIntents?: number;
  /** Enforce Discord's global and per-route rate limits with X-RateLimit-* headers (off by default). */
  rateLimits?: DiscordRateLimits;
  /** Random 429s, 5xx and dropped connections on message posts (seeded). */
  faults?: RandomFaults;
}

/** A message as Discord returns it; the fields tests usually read are typed. */
export interface FakeMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  content: string;
  embeds: Payload[];
  components: Payload[];
  attachments: Payload[];
  flags: number;
  author: Payload;
  timestamp: string;
  edited_timestamp: string | null;
  /** What the sender asked for; Discord does not echo it, the fake keeps it for assertions. */
  allowed_mentions?: Payload;
  [key: string]: unknown;
}

export interface RecordedFile {
  field: string;
  filename: string;
  contentType: string;
  size: number;
}

export interface CallFailure {
  /** An injected fault kind, or why the fake itself refused the call. */
  kind: FailureKind | 'unauthorized' | 'invalid-body' | 'not-found' | 'rejected';
  status: number;
  /** Discord JSON error code, when there is one. */
  code?: number;
  injected: boolean;
}

export interface RecordedCall {
  /** Index in `calls`; pass `fake.mark()` / `calls.length` as `since`. */
  seq: number;
  method: string;
  /** Route after `/api/v10`, URL-decoded, without the query string (e.g. `/webhooks/1/tok/messages/@original`). */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body (for multipart: the `payload_json` part), or undefined. */
  body: unknown;
  files: RecordedFile[];
  /** Date.now() when the call was recorded. */
  at: number;
  status: number;
  failed?: CallFailure;
}

export type FailureKind =
  | 'rate-limit'
  | 'missing-access'
  | 'missing-permissions'
  | 'unknown-channel'
  | 'unknown-message'
  | 'unknown-interaction'
  | 'server-error'
  | 'custom';

export type Failure =
  | { kind: 'rate-limit'; retryAfter: number; global?: boolean }
  | { kind: 'missing-access' }
  | { kind: 'missing-permissions' }
  | { kind: 'unknown-channel' }
  | { kind: 'unknown-message' }
  | { kind: 'unknown-interaction' }
  | { kind: 'server-error' }
  | { kind: 'custom'; status: number; body: Payload; headers?: Record<string, string> };

export type RouteMatcher = RegExp | { method?: string; path: string | RegExp };

export interface WaitOptions {
  /** Only consider calls with `seq >= since` (already-recorded ones included). Default 0. */
  since?: number;
  timeoutMs?: number;
}

export interface SentInteraction {
  id: string;
  token: string;
}

/** Common fields of the interaction builders. */
export interface InteractionContextInput {
  channelId: string;
  /** Omit for a DM; defaults to the guild owning `channelId` when it is a known guild channel. */
  guildId?: string;
  user?: FakeUserInput;
  /** The member's permissions in the channel. */
  permissions?: bigint | string;
  locale?: string;
  guildLocale?: string;
}

export type OptionValue = string | number | boolean;

export interface CommandOptionInput {
  name: string;
  /** ApplicationCommandOptionType; inferred from the registered command or the value when omitted. */
  type?: number;
  value?: OptionValue;
  focused?: boolean;
  options?: CommandOptionInput[];
}

export interface SlashCommandInput extends InteractionContextInput {
  name: string;
  subcommand?: string;
  subcommandGroup?: string;
  /** `{ query: 'llm' }` or explicit option objects. */
  options?: Record<string, OptionValue> | CommandOptionInput[];
}

export interface AutocompleteInput extends SlashCommandInput {
  /** Name of the option being typed; it gets `focused: true`. */
  focused: string;
}

export interface ButtonPressInput extends InteractionContextInput {
  customId: string;
  /** The message the button is on: a message object, or the id of a message the fake knows. */
  message?: FakeMessage | string;
}

export interface IdentifyRecord {
  intents: number;
  shard?: unknown;
  at: number;
}
