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
