import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ParsedFeed } from '../../src/feeds/types';
import { FetchError, type fetchFeed, type FetchResult } from '../../src/feeds/fetch';
import { createPoller, type PollerOptions, type PollStateStore, type PollValidators } from '../../src/feeds/poller';
import { parseFeed } from '../../src/feeds/detect';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/store/db';
import { FeedStateStore } from '../../src/feeds/state';
import { startServer } from './http-server';

const rss = (title: string) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title><item><guid>${title}-1</guid><title>${title} 文章</title></item></channel></rss>`;

/** The HTTP validators of a stored state, without the body hash. */
const validatorsOf = (v: PollValidators | undefined) => {
  const { bodyHash: _hash, ...validators } = v ?? {};
  return validators;
};

function memoryState(): PollStateStore & { map: Map<string, PollValidators> } {
  const map = new Map<string, PollValidators>();
  return { map, get: (url) => map.get(url), set: (url, v) => void map.set(url, v) };
}

function base(
  overrides: Partial<PollerOptions> & Pick<PollerOptions, 'urls'>,
): PollerOptions & { fed: ParsedFeed[]; errors: [string, Error][] } {
  const fed: ParsedFeed[] = [];
  const errors: [string, Error][] = [];
  return {
    fed,
    errors,
    intervalMs: 60_000,
    state: memoryState(),
    onFeed: (feed) => void fed.push(feed),
    onError: (url, err) => void errors.push([url, err]),
    timeoutMs: 5000,
    maxBytes: 1024 * 1024,
    ...overrides,
  };
}

test('one failing URL does not stop the other from being ingested', async (t) => {
  const server = await startServer((req, res) => {
    if (req.url === '/bad') return void res.writeHead(500).end('boom');
    res.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end(rss('好'));
  });
  t.after(() => server.close());
  const bad = `${server.origin}/bad`;
  const good = `${server.origin}/good`;
  const opts = base({ urls: [bad, good] });
  const reports = await createPoller(opts).pollOnce();
  assert.deepEqual(
    reports.map((r) => [r.url, r.status, r.entries]),
    [
      [bad, 'failed', undefined],
      [good, 'ingested', 1],
    ],
  );
  assert.deepEqual(
    opts.fed.map((f) => [f.source, f.entries[0]!.title]),
    [[good, '好 文章']],
  );
  assert.equal(opts.errors.length, 1);
  assert.equal(opts.errors[0]![0], bad);
  assert.ok(opts.errors[0]![1] instanceof FetchError);
  assert.match(opts.errors[0]![1].message, /HTTP 500/);
});

for (const kind of ['ETag', 'Last-Modified'] as const) {
  test(`second poll sends the ${kind} and a 304 ingests nothing`, async (t) => {
    const validator = kind === 'ETag' ? '"abc123"' : 'Sat, 06 Jan 2024 10:00:00 GMT';
    const server = await startServer((req, res) => {
      const sent = kind === 'ETag' ? req.headers['if-none-match'] : req.headers['if-modified-since'];
      if (sent === validator) return void res.writeHead(304).end();
      res.writeHead(200, { 'Content-Type': 'application/rss+xml', [kind]: validator }).end(rss('缓存'));
    });
    t.after(() => server.close());
    const url = `${server.origin}/feed`;
    const opts = base({ urls: [url] });
    const poller = createPoller(opts);

    assert.equal((await poller.pollOnce())[0]!.status, 'ingested');
    assert.deepEqual(validatorsOf(opts.state.get(url)), kind === 'ETag' ? { etag: validator } : { lastModified: validator });
    assert.equal((await poller.pollOnce())[0]!.status, 'not-modified');
    assert.equal(opts.fed.length, 1, 'the 304 poll ingested nothing');
    const second = server.requests[1]!.headers;
    assert.equal(kind === 'ETag' ? second['if-none-match'] : second['if-modified-since'], validator);
    assert.deepEqual(opts.errors, []);
  });
}

test('validators are stored only after onFeed succeeded', async (t) => {
  const server = await startServer((req, res) => {
    if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
    res.writeHead(200, { ETag: '"v1"' }).end(rss('重试'));
  });
  t.after(() => server.close());
  const url = `${server.origin}/feed`;
  let failNext = true;
  const opts = base({ urls: [url] });
  opts.onFeed = async (feed) => {
    if (failNext) {
      failNext = false;
      throw new Error('database is locked');
    }
    opts.fed.push(feed);
  };
  const poller = createPoller(opts);
  const first = await poller.pollOnce();
  assert.equal(first[0]!.status, 'failed');
  assert.equal(opts.state.get(url), undefined);
  assert.match(opts.errors[0]![1].message, /database is locked/);
  // The retry must fetch the full feed again, not get a 304 for a feed that was never stored.
  assert.equal((await poller.pollOnce())[0]!.status, 'ingested');
  assert.equal(server.requests[1]!.headers['if-none-match'], undefined);
  assert.equal(opts.fed.length, 1);
  assert.deepEqual(validatorsOf(opts.state.get(url)), { etag: '"v1"' });
});

test('an HTML page instead of a feed is an error and stores no validators', async (t) => {
  const server = await startServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html', ETag: '"page"' }).end('<!DOCTYPE html><html><body>login</body></html>');
  });
  t.after(() => server.close());
  const url = `${server.origin}/feed`;
  const opts = base({ urls: [url] });
  await createPoller(opts).pollOnce();
  assert.match(opts.errors[0]![1].message, /got an HTML page, not a feed/);
  assert.equal(opts.state.get(url), undefined);
  assert.deepEqual(opts.fed, []);
});

/** A fetch whose responses the test releases by hand. */
function manualFetch() {
  const pending: { url: string; release: () => void }[] = [];
  const fetch: typeof fetchFeed = (url) =>
    new Promise<FetchResult>((resolve) => {
      // A new body each time: an identical one would be skipped as unchanged.
      const body = rss(`手动${pending.length}`);
      pending.push({ url, release: () => resolve({ status: 'ok', body, finalUrl: url }) });
    });
  return { fetch, pending };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

test('a tick during a slow poll is skipped, never starting a second poll', async () => {
  const { fetch, pending } = manualFetch();
  let tick: (() => void) | undefined;
  const opts = base({
    urls: ['https://a.example/feed'],
    fetch,
    setTimer: (fn) => ((tick = fn), 'timer'),
    clearTimer: () => {},
  });
  const poller = createPoller(opts);
  poller.start(); // polls at once
  await settle();
  assert.equal(pending.length, 1);
  tick!(); // the first poll is still waiting on its fetch
  tick!();
  await settle();
  assert.equal(pending.length, 1, 'no overlapping poll was started');
  const joined = poller.pollOnce(); // a manual poll joins the running one
  pending[0]!.release();
  assert.equal((await joined)[0]!.status, 'ingested');
  assert.equal(opts.fed.length, 1);
  tick!(); // idle again: this tick polls
  await settle();
  assert.equal(pending.length, 2);
  pending[1]!.release();
  await poller.stop();
  assert.equal(opts.fed.length, 2);
});

test('stop() clears the timer, waits for the in-flight poll and skips URLs not yet started', async () => {
  const { fetch, pending } = manualFetch();
  const cleared: unknown[] = [];
  let tick: (() => void) | undefined;
  const opts = base({
    urls: ['https://a.example/1', 'https://a.example/2'],
    fetch,
    setTimer: (fn) => ((tick = fn), 'handle-1'),
    clearTimer: (h) => void cleared.push(h),
  });
  const poller = createPoller(opts);
  poller.start();
  await settle();
  let stopped = false;
  const stopping = poller.stop().then(() => (stopped = true));
  await settle();
  assert.equal(stopped, false, 'stop() is still waiting for the first URL');
  assert.deepEqual(cleared, ['handle-1']);
  pending[0]!.release();
  await stopping;
  assert.equal(opts.fed.length, 1);
  assert.equal(pending.length, 1, 'the second URL was not fetched after stop()');
  tick!(); // a late tick after stop does nothing
  await settle();
  assert.equal(pending.length, 1);
});

test('an error thrown by fetch or parse reaches onError and the poll still resolves', async () => {
  const opts = base({
    urls: ['https://a.example/throws', 'https://a.example/ok'],
    fetch: async (url) => {
      if (url.endsWith('throws')) throw new FetchError(url, 'timed out after 10000 ms');
      return { status: 'ok', body: 'not a feed at all', finalUrl: url };
    },
    onError: () => {
      throw new Error('faulty logger');
    },
  });
  const reports = await createPoller(opts).pollOnce();
  assert.deepEqual(
    reports.map((r) => r.status),
    ['failed', 'failed'],
  );
  assert.match(reports[0]!.error!.message, /timed out after 10000 ms/);
  assert.match(reports[1]!.error!.message, /not a feed/);
});

test('a body identical to the last one ingested is skipped without parsing; a changed one is ingested', async (t) => {
  let body = rss('不变');
  const server = await startServer((_req, res) => {
    // No ETag or Last-Modified: the server gives the poller nothing to send a conditional GET with.
    res.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end(body);
  });
  t.after(() => server.close());
  const url = `${server.origin}/feed`;
  let parses = 0;
  const opts = base({ urls: [url], parse: (b, source, ct) => (parses++, parseFeed(b, source, ct)) });
  const poller = createPoller(opts);
  assert.equal((await poller.pollOnce())[0]!.status, 'ingested');
  assert.deepEqual(await Promise.all([poller.pollOnce(), poller.pollOnce()].map(async (p) => (await p)[0]!.status)), [
    'unchanged',
    'unchanged',
  ]);
  assert.equal((await poller.pollOnce())[0]!.status, 'unchanged');
  assert.deepEqual([parses, opts.fed.length], [1, 1], 'the unchanged body was neither parsed nor handed on');
  body = rss('变了');
  assert.equal((await poller.pollOnce())[0]!.status, 'ingested');
  assert.deepEqual([parses, opts.fed.length], [2, 2]);
});

test('with an ingest hook the poller hands over the body and never parses it itself', async (t) => {
  const server = await startServer(
    (_req, res) => void res.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8' }).end(rss('工作线程')),
  );
  t.after(() => server.close());
  const url = `${server.origin}/feed`;
  const handed: [string, string, string | undefined][] = [];
  const opts = base({
    urls: [url],
    parse: () => assert.fail('parse must not run when ingest is given'),
    ingest: async (b, u, ct) => (handed.push([b, u, ct]), { entries: 7 }),
  });
  const reports = await createPoller(opts).pollOnce();
  assert.deepEqual(
    reports.map((r) => [r.status, r.entries]),
    [['ingested', 7]],
  );
  assert.deepEqual(handed, [[rss('工作线程'), url, 'application/rss+xml; charset=utf-8']]);
  assert.deepEqual(opts.fed, []);
});

test('the last body hash survives a restart: feed_state keeps it in the database', async (t) => {
  const server = await startServer((_req, res) => void res.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end(rss('重启')));
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-poll-state-'));
  const db = openDatabase(join(dir, 'feedbot.db'));
  t.after(async () => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
    await server.close();
  });
  const url = `${server.origin}/feed`;
  const first = base({ urls: [url], state: new FeedStateStore(db) });
  assert.equal((await createPoller(first).pollOnce())[0]!.status, 'ingested');
  // A new poller and a new state store over the same database: what a restarted bot has.
  const again = base({ urls: [url], state: new FeedStateStore(db) });
  assert.equal((await createPoller(again).pollOnce())[0]!.status, 'unchanged');
  assert.deepEqual(again.fed, []);
});

test('terminal escapes a server sends reach neither the log nor feed_state.last_error as bytes', async (t) => {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { openDatabase } = await import('../../src/store/db');
  const { FeedStateStore } = await import('../../src/feeds/state');
  const { createLogger } = await import('../../src/core/log');
  const { parseBody } = await import('../../src/ingest/sources');
  const server = await startServer((req, res) => {
    if (req.url === '/json') return void res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"version": \u001b]0;json\u0007}');
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('\u001b]0;owned\u0007\u001b[2Jhello');
  });
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-poll-esc-'));
  const db = openDatabase(join(dir, 'f.db'));
  t.after(() => (server.close(), db.close(), rmSync(dir, { recursive: true, force: true })));
  const state = new FeedStateStore(db);
  const lines: string[] = [];
  const log = createLogger('info', (l) => lines.push(l));
  const urls = [`${server.origin}/text`, `${server.origin}/json`];
  // Wired as src/main.ts wires the poller.
  const poller = createPoller(
    base({
      urls,
      state,
      parse: parseBody,
      onError: (url, err) => {
        state.recordError(url, err.message);
        log.warn('feed poll failed', { url, error: err.message });
      },
    }),
  );
  const reports = await poller.pollOnce();
  assert.deepEqual(
    reports.map((r) => r.status),
    ['failed', 'failed'],
  );
  const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
  for (const url of urls) {
    const lastError = db.prepare('SELECT last_error FROM feed_state WHERE url = ?').pluck().get(url) as string;
    assert.ok(lastError, `${url}: error recorded`);
    assert.doesNotMatch(lastError, CONTROL, `${url}: ${JSON.stringify(lastError)}`);
  }
  assert.equal(lines.length, 2);
  for (const line of lines) assert.doesNotMatch(line, CONTROL, JSON.stringify(line));
  // Log lines are JSON: the logged error text itself must hold no control characters either.
  const errors = lines.map((l) => String((JSON.parse(l) as { error?: unknown }).error));
  for (const e of errors) assert.doesNotMatch(e, CONTROL, JSON.stringify(e));
  const logged = errors.join('\n');
  assert.match(logged, /starts with "\\x1b\]0;owned\\x07/);
  // JSON.parse quotes the bad input in its message: cleaned too.
  assert.match(logged, /invalid JSON: Unexpected token '\\x1b'/);
});
