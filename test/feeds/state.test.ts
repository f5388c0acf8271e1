// Each polled feed's HTTP validators and last error, kept in the database across restarts,
// on either engine.
import assert from 'node:assert/strict';
import { FeedStateStore } from '../../src/feeds/state';
import { forEachEngine } from '../helpers/engines';

const URL_A = 'https://blog.example/feed.xml';

forEachEngine('validators and the body hash survive a restart; an error keeps them and a success clears it', (f) => {
  const first = new FeedStateStore(f.open());
  assert.equal(first.get(URL_A), undefined);
  first.set(URL_A, { etag: 'W/"1"', lastModified: 'Sun, 06 Dec 2026 09:00:00 GMT', bodyHash: 'h1' });
  first.recordError('https://other.example/rss', 'HTTP 503');

  // Another connection: what a restarted bot (or another instance) reads.
  const db = f.open();
  const again = new FeedStateStore(db);
  assert.deepEqual(again.get(URL_A), { etag: 'W/"1"', lastModified: 'Sun, 06 Dec 2026 09:00:00 GMT', bodyHash: 'h1' });
  const lastError = (url: string) =>
    db.prepare<[string], string | null>('SELECT last_error FROM feed_state WHERE url = ?').pluck().get(url);

  again.recordError(URL_A, 'HTTP 500');
  assert.equal(lastError(URL_A), 'HTTP 500');
  assert.deepEqual(again.get(URL_A)?.etag, 'W/"1"', 'a failed poll keeps the validators for the next conditional GET');

  again.set(URL_A, { bodyHash: 'h2' });
  assert.deepEqual(again.get(URL_A), { bodyHash: 'h2' }, 'a new answer without validators drops the old ones');
  assert.equal(lastError(URL_A), null, 'a success clears the error');
  assert.deepEqual(again.get('https://other.example/rss'), {}, 'a feed that only ever failed has no validators');
});
