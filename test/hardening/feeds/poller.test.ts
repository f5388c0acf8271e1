// The HTTP half of the corpus through the poller as main.ts wires it (parseBody, app.ingest,
// validators and errors in feed_state), against one real database: every bad feed is reported
// with its URL and problem and recorded in feed_state, every good feed in the same poll is stored.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CASES, GOOD_AFTER, GOOD_AFTER_PATH, GOOD_AFTER_TITLES } from './corpus';
import { articlesOf, assertArticles, integrityCheck, isHttp, openTempApp, sourceOf, startCorpus, storedText, type Corpus } from './harness';
import { createPoller } from '../../../src/feeds/poller';
import { parseBody } from '../../../src/ingest/sources';
import { FeedStateStore } from '../../../src/feeds/state';

let corpus: Corpus;
before(async () => {
  corpus = await startCorpus(CASES, { [GOOD_AFTER_PATH]: GOOD_AFTER });
});
after(() => corpus.close());

test('one poll over every HTTP case: bad feeds reported and recorded, good feeds stored, nothing else touched', async () => {
  const { app, close } = openTempApp();
  try {
    const state = new FeedStateStore(app.db);
    const cases = CASES.filter(isHttp);
    const goodAfter = `${corpus.ctx.origin}${GOOD_AFTER_PATH}`;
    const urls = [...cases.map((c) => sourceOf(c, corpus.ctx)), goodAfter];
    const errors = new Map<string, string>();
    const poller = createPoller({
      urls,
      intervalMs: 60_000,
      timeoutMs: app.config.feedTimeoutMs,
      maxBytes: app.config.feedMaxBytes,
      state,
      parse: parseBody,
      onFeed: (feed) => void app.ingest(feed),
      onError: (url, err) => {
        errors.set(url, err.message);
        state.recordError(url, err.message);
      },
    });
    const reports = await poller.pollOnce();
    assert.deepEqual(
      reports.map((r) => r.url),
      urls,
    );

    let expected = 0;
    cases.forEach((c, i) => {
      const url = urls[i]!;
      const report = reports[i]!;
      const lastError = app.db.prepare('SELECT last_error FROM feed_state WHERE url = ?').pluck().get(url) as string | null | undefined;
      if (c.id === 'http-304-unasked') {
        // To the poller a 304 means "unchanged since last time", whether or not it asked: nothing to store.
        assert.equal(report.status, 'not-modified');
      } else if ('error' in c.expect) {
        assert.equal(report.status, 'failed', `${c.id}: ${report.status}`);
        assert.match(report.error!.message, c.expect.error, c.id);
        assert.ok(report.error!.message.includes(url), `${c.id}: names the URL: ${report.error!.message}`);
        assert.equal(errors.get(url), report.error!.message);
        assert.equal(lastError, report.error!.message, `${c.id}: recorded in feed_state`);
      } else {
        assert.equal(report.status, 'ingested', `${c.id}: ${report.error?.message ?? ''}`);
        assertArticles(articlesOf(app, url), c.expect.articles, c.id);
        assert.equal(lastError ?? null, null, `${c.id}: no error recorded`);
        expected += c.expect.articles.length;
      }
      c.after?.(corpus.ctx);
    });
    assert.equal(reports.at(-1)!.status, 'ingested');
    assert.deepEqual(
      articlesOf(app, goodAfter).map((a) => a.title),
      GOOD_AFTER_TITLES,
    );
    assert.equal(app.store.count(), expected + 2);
    assert.doesNotMatch(storedText(app), new RegExp(`${corpus.ctx.secret}|PWNED`));
    assert.equal(integrityCheck(app), 'ok');
  } finally {
    close();
  }
});
