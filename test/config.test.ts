import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, ConfigError } from '../src/config';

test('defaults give a working console bot', () => {
  const c = loadConfig({});
  assert.equal(c.databasePath, 'data/feedbot.db');
  assert.deepEqual(c.feedUrls, []);
  assert.equal(c.digest.defaultTime, '09:00');
  assert.equal(c.digest.catchupHours, 12);
  assert.equal(c.telegram.token, undefined);
  assert.equal(c.console, 'auto');
});

test('every problem is reported at once, naming the variable', () => {
  try {
    loadConfig({
      FEED_URLS: 'ftp://x, http://ok.example/feed',
      DIGEST_DEFAULT_TIME: '9am',
      DIGEST_DEFAULT_TIMEZONE: 'Moon/Base',
      BOT_LOCALE: 'fr',
      LOG_LEVEL: 'loud',
      DIGEST_CATCHUP_HOURS: '-1',
    });
    assert.fail('should have thrown');
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    for (const v of ['FEED_URLS', 'DIGEST_DEFAULT_TIME', 'DIGEST_DEFAULT_TIMEZONE', 'BOT_LOCALE', 'LOG_LEVEL', 'DIGEST_CATCHUP_HOURS']) {
      assert.match(err.message, new RegExp(v));
    }
  }
});

test('a malformed token is reported without echoing it', () => {
  const secret = 'not-a-real-token-but-secret';
  assert.throws(
    () => loadConfig({ TELEGRAM_BOT_TOKEN: secret }),
    (e: unknown) => e instanceof ConfigError && !e.message.includes(secret),
  );
});

test('locale follows BOT_LOCALE, else LANG', () => {
  assert.equal(loadConfig({ BOT_LOCALE: 'zh-CN' }).locale, 'zh');
  assert.equal(loadConfig({ LANG: 'zh_TW.UTF-8' }).locale, 'zh');
  assert.equal(loadConfig({ LANG: 'de_DE.UTF-8' }).locale, 'en');
});

test('ingest limits: documented defaults, each settable, and out-of-range values named', () => {
  assert.deepEqual(loadConfig({}).ingest, {
    feedMaxEntries: 10_000,
    feedBudgetMs: 120_000,
    fileMaxBytes: 2048 * 1024 * 1024,
    fileMaxEntries: 1_000_000,
    fileBudgetMs: 3_600_000,
  });
  const c = loadConfig({
    FEED_MAX_ENTRIES: '500',
    FEED_INGEST_BUDGET_SECONDS: '30',
    IMPORT_MAX_MB: '400',
    IMPORT_MAX_ENTRIES: '200000',
    IMPORT_BUDGET_SECONDS: '600',
  });
  assert.deepEqual(c.ingest, {
    feedMaxEntries: 500,
    feedBudgetMs: 30_000,
    fileMaxBytes: 400 * 1024 * 1024,
    fileMaxEntries: 200_000,
    fileBudgetMs: 600_000,
  });
  assert.throws(
    () =>
      loadConfig({
        FEED_MAX_ENTRIES: '0',
        FEED_INGEST_BUDGET_SECONDS: 'soon',
        IMPORT_MAX_MB: '-1',
        IMPORT_MAX_ENTRIES: '1e99',
        IMPORT_BUDGET_SECONDS: '1.5',
      }),
    (e: unknown) =>
      e instanceof ConfigError &&
      ['FEED_MAX_ENTRIES', 'FEED_INGEST_BUDGET_SECONDS', 'IMPORT_MAX_MB', 'IMPORT_MAX_ENTRIES', 'IMPORT_BUDGET_SECONDS'].every((v) =>
        e.message.includes(`${v} must be a whole number`),
      ),
  );
});

test('Discord shards: all of DISCORD_SHARD_COUNT by default, DISCORD_SHARD_IDS as a list or range below it', () => {
  assert.deepEqual([loadConfig({}).discord.shardCount, loadConfig({}).discord.shardIds], [1, [0]]);
  const some = loadConfig({ DISCORD_SHARD_COUNT: '8', DISCORD_SHARD_IDS: '6, 0-2' }).discord;
  assert.deepEqual([some.shardCount, some.shardIds], [8, [0, 1, 2, 6]]);
  assert.deepEqual(loadConfig({ DISCORD_SHARD_COUNT: '3' }).discord.shardIds, [0, 1, 2]);
  assert.throws(
    () => loadConfig({ DISCORD_SHARD_COUNT: '2', DISCORD_SHARD_IDS: '2' }),
    /DISCORD_SHARD_IDS must list shard numbers below DISCORD_SHARD_COUNT \(2\)/,
  );
  assert.throws(() => loadConfig({ DISCORD_SHARD_COUNT: '0' }), /DISCORD_SHARD_COUNT must be a whole number from 1/);
  assert.throws(() => loadConfig({ DISCORD_SHARD_COUNT: '4', DISCORD_SHARD_IDS: '3-1' }), /DISCORD_SHARD_IDS/);
});

test('ROLE_LEASE_SECONDS: 30 s by default, at least 2', () => {
  assert.equal(loadConfig({}).roleLeaseMs, 30_000);
  assert.equal(loadConfig({ ROLE_LEASE_SECONDS: '5' }).roleLeaseMs, 5_000);
  assert.throws(() => loadConfig({ ROLE_LEASE_SECONDS: '1' }), /ROLE_LEASE_SECONDS/);
});

test('digest sends in flight: a quarter of each platform’s rate by default, settable, at least 1', () => {
  const d = loadConfig({});
  assert.equal(d.telegram.digestConcurrency, 8);
  assert.equal(d.discord.digestConcurrency, 13);
  assert.equal(loadConfig({ TELEGRAM_DIGEST_PER_SECOND: '300' }).telegram.digestConcurrency, 75);
  assert.equal(loadConfig({ TELEGRAM_DIGEST_CONCURRENCY: '2' }).telegram.digestConcurrency, 2);
  assert.throws(() => loadConfig({ TELEGRAM_DIGEST_CONCURRENCY: '0' }), /TELEGRAM_DIGEST_CONCURRENCY/);
});

test('DIGEST_LEASE_SECONDS and DIGEST_RETRY_SECONDS: 5 minutes each by default, bounded', () => {
  assert.equal(loadConfig({}).digest.leaseMs, 300_000);
  assert.equal(loadConfig({}).digest.retryEveryMs, 300_000);
  const c = loadConfig({ DIGEST_LEASE_SECONDS: '20', DIGEST_RETRY_SECONDS: '1' });
  assert.equal(c.digest.leaseMs, 20_000);
  assert.equal(c.digest.retryEveryMs, 1_000);
  // Shorter leases expire while a busy process still waits for a send's answer (seen on PostgreSQL): duplicates.
  assert.throws(() => loadConfig({ DIGEST_LEASE_SECONDS: '19' }), /DIGEST_LEASE_SECONDS/);
  assert.throws(() => loadConfig({ DIGEST_RETRY_SECONDS: '0' }), /DIGEST_RETRY_SECONDS/);
});

test('DATABASE_URL selects PostgreSQL; anything but a postgres:// URL is refused without echoing a password', () => {
  assert.equal(loadConfig({}).databaseUrl, undefined);
  assert.equal(loadConfig({ DATABASE_URL: 'postgresql://bot:pw@db:5432/feedbot' }).databaseUrl, 'postgresql://bot:pw@db:5432/feedbot');
  assert.throws(
    () => loadConfig({ DATABASE_URL: 'mysql://bot:hunter2@db/feedbot' }),
    (e: Error) => e instanceof ConfigError && /DATABASE_URL must be a postgres:\/\//.test(e.message) && !e.message.includes('hunter2'),
  );
});

test('DATABASE_QUERY_TIMEOUT_SECONDS bounds one PostgreSQL statement: 60 s by default; a bad value is refused by name', () => {
  assert.equal(loadConfig({}).databaseQueryTimeoutMs, 60_000);
  assert.equal(loadConfig({ DATABASE_QUERY_TIMEOUT_SECONDS: '5' }).databaseQueryTimeoutMs, 5_000);
  for (const bad of ['0', '1.5', 'soon'])
    assert.throws(
      () => loadConfig({ DATABASE_QUERY_TIMEOUT_SECONDS: bad }),
      (e: Error) =>
        e instanceof ConfigError &&
        new RegExp(`DATABASE_QUERY_TIMEOUT_SECONDS must be a whole number from 1 to 86400 \\(got "${bad}"\\)`).test(e.message),
    );
});

test('DATABASE_MIGRATION_TIMEOUT_SECONDS bounds one statement of a schema migration: an hour by default; a bad value is refused by name', () => {
  assert.equal(loadConfig({}).databaseMigrationTimeoutMs, 3_600_000);
  assert.equal(loadConfig({ DATABASE_MIGRATION_TIMEOUT_SECONDS: '7200' }).databaseMigrationTimeoutMs, 7_200_000);
  assert.throws(
    () => loadConfig({ DATABASE_MIGRATION_TIMEOUT_SECONDS: '0' }),
    (e: Error) =>
      e instanceof ConfigError && /DATABASE_MIGRATION_TIMEOUT_SECONDS must be a whole number from 1 to 604800 \(got "0"\)/.test(e.message),
  );
});
