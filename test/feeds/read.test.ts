import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import iconv from 'iconv-lite';
import { FetchError } from '../../src/feeds/fetch';
import { loadSource, SourceReadError } from '../../src/feeds/read';
import { startServer } from './http-server';

const opts = { timeoutMs: 5000, maxBytes: 1024 * 1024 };

test('reads a local file, decoding its declared charset', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-read-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'feed.xml');
  writeFileSync(
    path,
    Buffer.concat([Buffer.from('<?xml version="1.0" encoding="GBK"?><rss>'), iconv.encode('神经网络', 'gbk'), Buffer.from('</rss>')]),
  );
  assert.deepEqual(await loadSource(path, opts), { body: '<?xml version="1.0" encoding="GBK"?><rss>神经网络</rss>' });
  assert.equal((await loadSource(pathToFileURL(path).href, opts)).body.includes('神经网络'), true);
});

test('a missing file is a clear error naming the path', async () => {
  await assert.rejects(
    loadSource('/no/such/dir/feed.xml', opts),
    (err: unknown) => err instanceof SourceReadError && err.message === 'cannot read file /no/such/dir/feed.xml: ENOENT (no such file)',
  );
});

test('an injected readText is used for local paths', async () => {
  const seen: string[] = [];
  const result = await loadSource('snapshots/today.txt', { ...opts, readText: async (p) => (seen.push(p), '快照') });
  assert.deepEqual(result, { body: '快照' });
  assert.deepEqual(seen, ['snapshots/today.txt']);
});

test('fetches http(s) URLs, keeping the Content-Type', async (t) => {
  const server = await startServer((req, res) => {
    if (req.url === '/gone') return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'application/feed+json' });
    res.end('{"version":"https://jsonfeed.org/version/1.1","items":[]}');
  });
  t.after(() => server.close());
  assert.deepEqual(await loadSource(`${server.origin}/feed.json`, opts), {
    body: '{"version":"https://jsonfeed.org/version/1.1","items":[]}',
    contentType: 'application/feed+json',
  });
  await assert.rejects(
    loadSource(`${server.origin}/gone`, opts),
    (err: unknown) => err instanceof FetchError && err.message === `${server.origin}/gone: HTTP 404 Not Found`,
  );
});

test('other URL schemes are refused rather than read as file names', async () => {
  await assert.rejects(loadSource('ftp://example.com/feed.xml', opts), /unsupported URL scheme ftp:/);
});
