import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactUrl, redactUrlsIn, withoutCredentials } from '../../src/text/url-credentials';

test('user info and secret-named query values are masked', () => {
  assert.equal(redactUrl('https://user:pa55@example.com/feed.xml'), 'https://***@example.com/feed.xml');
  assert.equal(redactUrl('https://ghp_TOKEN@example.com/feed'), 'https://***@example.com/feed');
  assert.equal(redactUrl('http://127.0.0.1:8080/feed?token=abc&page=2'), 'http://127.0.0.1:8080/feed?token=***&page=2');
  assert.equal(redactUrl('https://x.cn/rss?api_key=K1&format=rss#top'), 'https://x.cn/rss?api_key=***&format=rss#top');
  assert.equal(redactUrl('https://x.cn/rss?access_token=Z;sig=Y&Key=Q'), 'https://x.cn/rss?access_token=***;sig=***&Key=***');
  assert.equal(redactUrl('https://x.cn/a?pass%77ord=zz&client_secret=s'), 'https://x.cn/a?pass%77ord=***&client_secret=***');
});

test('anything else comes back exactly as given, so stored keys do not change', () => {
  for (const u of [
    'https://x.cn/feed.xml',
    'HTTPS://X.cn/a b?q=%E5%8D%B7&page=2#frag',
    'https://x.cn/rss?q=a&key',
    '/srv/feeds/a@b.xml',
    'https://x.cn/@user/feed',
  ]) {
    assert.equal(redactUrl(u), u);
  }
});

test('URLs inside a message are masked, the sentence around them kept', () => {
  assert.equal(
    redactUrlsIn('http://u:p@h/x: HTTP 404 (from http://u:p@h/y?token=t).'),
    'http://***@h/x: HTTP 404 (from http://***@h/y?token=***).',
  );
  const err = withoutCredentials(new TypeError('fetch https://u:p@h/f?key=k failed'));
  assert.ok(err instanceof TypeError);
  assert.equal(err.message, 'fetch https://***@h/f?key=*** failed');
  assert.ok(!err.stack!.includes('u:p@'));
});
