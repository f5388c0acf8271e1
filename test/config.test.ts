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
    loadConfig({ FEED_URLS: 'ftp://x, http://ok.example/feed', DIGEST_DEFAULT_TIME: '9am', DIGEST_DEFAULT_TIMEZONE: 'Moon/Base', BOT_LOCALE: 'fr', LOG_LEVEL: 'loud', DIGEST_CATCHUP_HOURS: '-1' });
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
  assert.throws(() => loadConfig({ TELEGRAM_BOT_TOKEN: secret }), (e: unknown) => e instanceof ConfigError && !e.message.includes(secret));
});

test('locale follows BOT_LOCALE, else LANG', () => {
  assert.equal(loadConfig({ BOT_LOCALE: 'zh-CN' }).locale, 'zh');
  assert.equal(loadConfig({ LANG: 'zh_TW.UTF-8' }).locale, 'zh');
  assert.equal(loadConfig({ LANG: 'de_DE.UTF-8' }).locale, 'en');
});
