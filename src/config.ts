// Configuration: .env + environment, every variable validated at once.
import { config as loadDotenv } from 'dotenv';
import type { Locale } from './core/types';
import { canonicalTimeZone, parseHHMM } from './core/schedule-time';
import type { IngestLimits } from './ingest/run';
import { redactUrl } from './text/url-credentials';
import { shardSettings } from './config-shards';

export interface Config {
  /** PostgreSQL (DATABASE_URL, postgres:// or postgresql://) when set; otherwise SQLite at databasePath. */
  databaseUrl?: string;
  /** How long one PostgreSQL statement may take (DATABASE_QUERY_TIMEOUT_SECONDS, default 60 s). */
  databaseQueryTimeoutMs: number;
  /** How long one statement of a PostgreSQL schema migration may take (DATABASE_MIGRATION_TIMEOUT_SECONDS, default an hour). */
  databaseMigrationTimeoutMs: number;
  databasePath: string;
  feedUrls: string[];
  feedPollIntervalMs: number;
  feedTimeoutMs: number;
  feedMaxBytes: number;
  /** Limits on reading and storing one source; see SourceLimits. */
  ingest: IngestLimits;
  sampleFeedDir: string;
  topicsPath: string;
  /**
   * Articles found only in their text that one search reads (SEARCH_BODY_WINDOW), newest
   * first: past that many a total reads "1000+" and older text-only matches are not listed.
   */
  searchBodyWindow: number;
  /**
   * The search indexes in a SQLite file of their own (SEARCH_INDEX_PATH) instead of inside the
   * store's database: one per instance when several share a store. Unset: inside the store's file.
   */
  searchIndexPath?: string;
  locale: Locale;
  /**
   * Length of the leases on roles only one process sharing the database plays at a time (polling
   * the feeds, long-polling Telegram), renewed every third of it (ROLE_LEASE_SECONDS).
   */
  roleLeaseMs: number;
  digest: {
    defaultTime: string;
    defaultTimeZone: string;
    catchupHours: number;
    maxEntries: number;
    /** Days of delivered digests kept for /digest <date> (DIGEST_KEEP_DAYS); older ones are pruned. */
    keepDays: number;
    /**
     * Names this process in digest leases (BOT_INSTANCE_ID). Unset: a new name every run, so a
     * digest a crashed run left half-sent resumes once that run's lease expires (DIGEST_LEASE_SECONDS).
     * A stable name, unique among the processes sharing the database, resumes it at start-up.
     */
    instanceId?: string;
    /**
     * How long a digest or alert lease lasts without renewal (DIGEST_LEASE_SECONDS, 300): a crashed
     * process's unsent messages pass to the others this long after its last send. Must outlast
     * one send's wait for the platform's answer, or a slow send may be made again by another process.
     */
    leaseMs: number;
    /** How often pending digests and alerts (failed sends, expired leases) are retried (DIGEST_RETRY_SECONDS, 300). */
    retryEveryMs: number;
  };
  /** Keyword alerts (/watch). */
  watch: {
    /** Most watches one chat may have (WATCH_MAX_PER_CHAT). */
    maxPerChat: number;
    /** How often every part of a query must come up in an article's text when not in its title or lead (WATCH_MIN_MENTIONS). */
    minMentions: number;
    /** Most articles one alert lists; the rest are counted (WATCH_ALERT_MAX_ENTRIES). */
    alertMaxEntries: number;
    /** How often the bot looks for articles stored by another process (WATCH_CHECK_SECONDS; default min(poll interval, 1 minute)). */
    checkEveryMs: number;
  };
  telegram: {
    token?: string;
    apiRoot?: string;
    webhookUrl?: string;
    webhookPort: number;
    webhookSecret?: string;
    /**
     * How fast digests go out: messages a second across all chats (TELEGRAM_DIGEST_PER_SECOND,
     * 30 as Telegram allows a bot) and least time between two to one chat
     * (TELEGRAM_DIGEST_CHAT_INTERVAL_MS, 1000). Telegram does not announce its limits: these
     * are its documented ones, for an operator whose bot was granted more to raise.
     */
    digestPerSecond: number;
    digestChatIntervalMs: number;
    /**
     * Most digest sends awaiting Telegram's answer (TELEGRAM_DIGEST_CONCURRENCY, default a
     * quarter of the rate). Telegram has no idempotency key: a message whose answer a killed
     * process never read is sent again by the process that takes its digest over, so this
     * bounds the repeats one crash can cause.
     */
    digestConcurrency: number;
  };
  discord: {
    token?: string;
    apiRoot?: string;
    guildId?: string;
    syncCommands: boolean;
    /**
     * Requests a second discord.js allows itself across all routes (DISCORD_GLOBAL_REQUESTS_PER_SECOND,
     * 50, Discord's global limit); per-route limits it learns from Discord's headers and 429s.
     */
    globalRequestsPerSecond: number;
    /**
     * Digest sends in flight at once (DISCORD_DIGEST_CONCURRENCY; by default a quarter of the global
     * rate: enough to keep that rate with answers slow as a quarter second, few enough that requests
     * held up together inside discord.js cannot leave as one burst over Discord's global limit).
     */
    digestConcurrency: number;
    /**
     * Gateway shards across all processes (DISCORD_SHARD_COUNT, 1) and the ones this process runs
     * (DISCORD_SHARD_IDS, default all); a guild belongs to shard (guild_id >> 22) % count.
     */
    shardCount: number;
    shardIds: number[];
  };
  /** Run the terminal adapter even when a platform token is set. */
  console: boolean | 'auto';
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

/**
 * What one source may cost. Feeds fetched over HTTP (polled, or `cli ingest <url>`) are capped
 * tightly; local files (`cli ingest <file>`) are an operator's own imports, streamed, and may be
 * far larger. Every limit has a default and an environment variable (see .env.example).
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Loads `.env` (if present) into process.env without overriding real environment variables. */
export function loadEnvFile(path?: string): void {
  loadDotenv({ quiet: true, ...(path ? { path } : {}) });
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const str = (k: string) => {
    const v = env[k]?.trim();
    return v ? v : undefined;
  };
  const int = (k: string, def: number, min: number, max: number) => {
    const raw = str(k);
    if (raw === undefined) return def;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${k} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return def;
    }
    return n;
  };
  const bool = (k: string, def: boolean) => {
    const raw = str(k)?.toLowerCase();
    if (raw === undefined) return def;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    problems.push(`${k} must be true or false (got "${raw}")`);
    return def;
  };
  const url = (k: string) => {
    const raw = str(k);
    if (raw === undefined) return undefined;
    try {
      const u = new URL(raw);
      if (!/^https?:$/.test(u.protocol)) throw new Error();
      return raw;
    } catch {
      problems.push(`${k} must be an http(s) URL (got "${redactUrl(raw)}")`);
      return undefined;
    }
  };

  const feedUrls = (str('FEED_URLS') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const u of feedUrls) {
    try {
      if (!/^https?:$/.test(new URL(u).protocol)) throw new Error();
    } catch {
      problems.push(`FEED_URLS: "${redactUrl(u)}" is not an http(s) URL`);
    }
  }

  const databaseUrl = str('DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\/[^/\s]/i.test(databaseUrl)) {
    problems.push(
      `DATABASE_URL must be a postgres:// or postgresql:// URL (got "${redactUrl(databaseUrl)}"); leave it empty for SQLite at DATABASE_PATH`,
    );
  }

  const localeRaw = str('BOT_LOCALE') ?? (/^zh/i.test(env.LANG ?? '') ? 'zh' : 'en');
  let locale: Locale = 'en';
  if (/^zh/i.test(localeRaw)) locale = 'zh';
  else if (!/^en/i.test(localeRaw)) problems.push(`BOT_LOCALE must be zh or en (got "${localeRaw}")`);

  const defaultTime = str('DIGEST_DEFAULT_TIME') ?? '09:00';
  if (!parseHHMM(defaultTime)) problems.push(`DIGEST_DEFAULT_TIME must be HH:MM, 24-hour (got "${defaultTime}")`);
  const zoneRaw = str('DIGEST_DEFAULT_TIMEZONE') ?? 'Asia/Shanghai';
  const zone = canonicalTimeZone(zoneRaw);
  if (!zone) problems.push(`DIGEST_DEFAULT_TIMEZONE must be an IANA time zone such as Asia/Shanghai (got "${zoneRaw}")`);

  const consoleRaw = str('CONSOLE')?.toLowerCase();
  let consoleMode: boolean | 'auto' = 'auto';
  if (consoleRaw !== undefined && consoleRaw !== 'auto') consoleMode = bool('CONSOLE', false);

  const logLevel = (str('LOG_LEVEL') ?? 'info').toLowerCase();
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel))
    problems.push(`LOG_LEVEL must be debug, info, warn or error (got "${logLevel}")`);

  const telegramToken = str('TELEGRAM_BOT_TOKEN');
  if (telegramToken && !/^\d+:[\w-]{10,}$/.test(telegramToken)) {
    // Never echo the token itself: it is a secret even when malformed.
    problems.push('TELEGRAM_BOT_TOKEN does not look like a BotFather token (digits:letters)');
  }

  const feedPollIntervalMs = int('FEED_POLL_INTERVAL_MINUTES', 30, 1, 24 * 60) * 60_000;
  // Read once: the default of DISCORD_DIGEST_CONCURRENCY follows it, and a bad value is reported once.
  const discordGlobal = int('DISCORD_GLOBAL_REQUESTS_PER_SECOND', 50, 1, 100_000);
  const telegramRate = int('TELEGRAM_DIGEST_PER_SECOND', 30, 1, 100_000);
  const cfg: Config = {
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
    // The store's largest statements are bounded pages (migrate-store's batches, ingest's chunks): 60 s is ample.
    databaseQueryTimeoutMs: int('DATABASE_QUERY_TIMEOUT_SECONDS', 60, 1, 24 * 3600) * 1000,
    // A migration step may rewrite a whole table, far slower than any ordinary statement.
    databaseMigrationTimeoutMs: int('DATABASE_MIGRATION_TIMEOUT_SECONDS', 3600, 1, 7 * 24 * 3600) * 1000,
    databasePath: str('DATABASE_PATH') ?? 'data/feedbot.db',
    feedUrls,
    feedPollIntervalMs,
    feedTimeoutMs: int('FEED_TIMEOUT_SECONDS', 15, 1, 300) * 1000,
    feedMaxBytes: int('FEED_MAX_MB', 10, 1, 200) * 1024 * 1024,
    ingest: {
      feedMaxEntries: int('FEED_MAX_ENTRIES', 10_000, 1, 1_000_000),
      feedBudgetMs: int('FEED_INGEST_BUDGET_SECONDS', 120, 1, 24 * 3600) * 1000,
      fileMaxBytes: int('IMPORT_MAX_MB', 2048, 1, 64 * 1024) * 1024 * 1024,
      fileMaxEntries: int('IMPORT_MAX_ENTRIES', 1_000_000, 1, 100_000_000),
      fileBudgetMs: int('IMPORT_BUDGET_SECONDS', 3600, 1, 7 * 24 * 3600) * 1000,
    },
    sampleFeedDir: str('SAMPLE_FEED_DIR') ?? 'data/sample-feed',
    topicsPath: str('TOPICS_PATH') ?? 'data/topics.json',
    searchBodyWindow: int('SEARCH_BODY_WINDOW', 1000, 10, 100_000),
    searchIndexPath: str('SEARCH_INDEX_PATH'),
    locale,
    roleLeaseMs: int('ROLE_LEASE_SECONDS', 30, 2, 3600) * 1000,
    digest: {
      defaultTime,
      defaultTimeZone: zone ?? 'Asia/Shanghai',
      catchupHours: int('DIGEST_CATCHUP_HOURS', 12, 0, 24 * 7),
      maxEntries: int('DIGEST_MAX_ENTRIES', 15, 1, 100),
      // At least a week: one-per-day and catch-up read the last days' records.
      keepDays: int('DIGEST_KEEP_DAYS', 30, 8, 3650),
      instanceId: str('BOT_INSTANCE_ID'),
      leaseMs: int('DIGEST_LEASE_SECONDS', 300, 20, 24 * 3600) * 1000,
      retryEveryMs: int('DIGEST_RETRY_SECONDS', 300, 1, 24 * 3600) * 1000,
    },
    watch: {
      maxPerChat: int('WATCH_MAX_PER_CHAT', 20, 1, 200),
      minMentions: int('WATCH_MIN_MENTIONS', 3, 1, 100),
      alertMaxEntries: int('WATCH_ALERT_MAX_ENTRIES', 10, 1, 50),
      checkEveryMs: int('WATCH_CHECK_SECONDS', Math.min(feedPollIntervalMs / 1000, 60), 1, 3600) * 1000,
    },
    telegram: {
      token: telegramToken,
      apiRoot: url('TELEGRAM_API_ROOT'),
      webhookUrl: url('TELEGRAM_WEBHOOK_URL'),
      webhookPort: int('TELEGRAM_WEBHOOK_PORT', 8443, 1, 65535),
      webhookSecret: str('TELEGRAM_WEBHOOK_SECRET'),
      digestPerSecond: telegramRate,
      digestChatIntervalMs: int('TELEGRAM_DIGEST_CHAT_INTERVAL_MS', 1000, 0, 3_600_000),
      digestConcurrency: int('TELEGRAM_DIGEST_CONCURRENCY', Math.min(1000, Math.ceil(telegramRate / 4)), 1, 1000),
    },
    discord: {
      token: str('DISCORD_TOKEN'),
      apiRoot: url('DISCORD_API_ROOT'),
      guildId: str('DISCORD_GUILD_ID'),
      syncCommands: bool('DISCORD_SYNC_COMMANDS', false),
      globalRequestsPerSecond: discordGlobal,
      digestConcurrency: int('DISCORD_DIGEST_CONCURRENCY', Math.min(1000, Math.ceil(discordGlobal / 4)), 1, 1000),
      ...shardSettings(str('DISCORD_SHARD_COUNT'), str('DISCORD_SHARD_IDS'), problems),
    },
    console: consoleMode,
    logLevel: logLevel as Config['logLevel'],
  };
  if (cfg.discord.guildId && !/^\d{5,25}$/.test(cfg.discord.guildId)) problems.push('DISCORD_GUILD_ID must be a numeric server id');
  if (cfg.digest.instanceId && !/^[\w.:@-]{1,100}$/.test(cfg.digest.instanceId)) {
    problems.push('BOT_INSTANCE_ID may only hold letters, digits and _ . : @ - (at most 100)');
  }
  if (problems.length) throw new ConfigError(problems);
  return cfg;
}
