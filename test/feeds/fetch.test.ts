import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { parseFeed } from '../../src/feeds/detect';
import { FetchError, fetchFeed, type FetchOptions } from '../../src/feeds/fetch';
import { startServer } from './http-server';

const RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>测试</title><item><title>一</title></item></channel></rss>';
const opts: FetchOptions = { timeoutMs: 5000, maxBytes: 1024 * 1024 };

/** Asserts the promise rejects with a FetchError whose message is exactly `${url}: ${problem}`. */
async function rejectsWith(promise: Promise<unknown>, url: string, problem: string | RegExp): Promise<FetchError> {
  let caught: unknown;
  await promise.then(
    () => assert.fail('expected a FetchError'),
    (err: unknown) => (caught = err),
  );
  assert.ok(caught instanceof FetchError, String(caught));
  assert.equal(caught.url, url);
  if (typeof problem === 'string') assert.equal(caught.message, `${url}: ${problem}`);
  else assert.match(caught.message, problem);
  return caught;
}

test('200: body, content type, validators and final URL', async (t) => {
  const server = await startServer((_req, res) => {
    res.writeHead(200, {
      'Content-Type': 'application/rss+xml; charset=utf-8',
      ETag: '"v1"',
      'Last-Modified': 'Fri, 05 Jan 2024 00:00:00 GMT',
    });
    res.end(RSS);
  });
  t.after(() => server.close());
  const url = `${server.origin}/feed.xml`;
  const result = await fetchFeed(url, { ...opts, userAgent: 'feedbot-test/1' });
  assert.deepEqual(result, {
    status: 'ok',
    body: RSS,
    contentType: 'application/rss+xml; charset=utf-8',
    etag: '"v1"',
    lastModified: 'Fri, 05 Jan 2024 00:00:00 GMT',
    finalUrl: url,
  });
  assert.equal(server.requests[0]!.headers['user-agent'], 'feedbot-test/1');
  assert.equal(server.requests[0]!.headers['if-none-match'], undefined);
});

test('sends If-None-Match / If-Modified-Since and reports 304 as not-modified', async (t) => {
  const server = await startServer((req, res) => {
    const fresh = req.headers['if-none-match'] === '"v1"' || req.headers['if-modified-since'] === 'Fri, 05 Jan 2024 00:00:00 GMT';
    res.writeHead(fresh ? 304 : 200);
    res.end(fresh ? undefined : RSS);
  });
  t.after(() => server.close());
  const url = `${server.origin}/feed`;
  assert.deepEqual(await fetchFeed(url, { ...opts, etag: '"v1"' }), { status: 'not-modified' });
  assert.deepEqual(await fetchFeed(url, { ...opts, lastModified: 'Fri, 05 Jan 2024 00:00:00 GMT' }), { status: 'not-modified' });
  assert.equal(server.requests[0]!.headers['if-none-match'], '"v1"');
  assert.equal(server.requests[1]!.headers['if-modified-since'], 'Fri, 05 Jan 2024 00:00:00 GMT');
  assert.equal((await fetchFeed(url, { ...opts, etag: '"old"' })).status, 'ok');
});

test('HTTP error statuses become FetchErrors with the status line', async (t) => {
  const server = await startServer((req, res) => {
    res.writeHead(req.url === '/missing' ? 404 : 500, { 'Content-Type': 'text/html' });
    res.end('<html><body>error page</body></html>');
  });
  t.after(() => server.close());
  const notFound = await rejectsWith(fetchFeed(`${server.origin}/missing`, opts), `${server.origin}/missing`, 'HTTP 404 Not Found');
  assert.equal(notFound.status, 404);
  const broken = await rejectsWith(fetchFeed(`${server.origin}/broken`, opts), `${server.origin}/broken`, 'HTTP 500 Internal Server Error');
  assert.equal(broken.status, 500);
});

test('follows 301/302/307/308 redirects, resolving relative Locations', async (t) => {
  const server = await startServer((req, res) => {
    const hops: Record<string, [number, string]> = {
      '/old': [301, '/older/../step2'],
      '/step2': [302, `http://127.0.0.1:${req.socket.localPort ?? 0}/step3?x=1`],
      '/step3?x=1': [307, 'final.xml'],
    };
    const hop = hops[req.url ?? ''];
    if (hop) {
      res.writeHead(hop[0], { Location: hop[1] });
      res.end('moved');
    } else if (req.url === '/final.xml') {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
      res.end(RSS);
    } else {
      res.writeHead(404).end();
    }
  });
  t.after(() => server.close());
  const result = await fetchFeed(`${server.origin}/old`, { ...opts, etag: '"e"' });
  assert.equal(result.status, 'ok');
  assert.equal(result.status === 'ok' && result.finalUrl, `${server.origin}/final.xml`);
  assert.deepEqual(
    server.requests.map((r) => r.path),
    ['/old', '/step2', '/step3?x=1', '/final.xml'],
  );
});

test('a redirect loop and an endless redirect chain are errors', async (t) => {
  const server = await startServer((req, res) => {
    const url = req.url ?? '';
    let location = '';
    if (url === '/a') location = '/b';
    else if (url === '/b') location = '/a';
    else if (url.startsWith('/chain/')) location = `/chain/${Number(url.slice(7)) + 1}`;
    else if (url === '/ftp') location = 'ftp://127.0.0.1/feed';
    else if (url === '/nowhere') location = '';
    res.writeHead(302, location ? { Location: location } : {});
    res.end();
  });
  t.after(() => server.close());
  const o = server.origin;
  await rejectsWith(fetchFeed(`${o}/a`, opts), `${o}/a`, `redirect loop (${o}/b → ${o}/a)`);
  await rejectsWith(fetchFeed(`${o}/chain/0`, { ...opts, maxRedirects: 3 }), `${o}/chain/0`, 'too many redirects (more than 3)');
  assert.equal(server.requests.filter((r) => r.path.startsWith('/chain/')).length, 4);
  await rejectsWith(fetchFeed(`${o}/chain/100`, opts), `${o}/chain/100`, 'too many redirects (more than 5)');
  await rejectsWith(fetchFeed(`${o}/ftp`, opts), `${o}/ftp`, 'unsupported URL scheme ftp: (only http and https)');
  await rejectsWith(fetchFeed(`${o}/nowhere`, opts), `${o}/nowhere`, 'HTTP 302 redirect without a Location header');
});

test('only http and https URLs are fetched', async () => {
  await rejectsWith(
    fetchFeed('ftp://127.0.0.1/feed.xml', opts),
    'ftp://127.0.0.1/feed.xml',
    'unsupported URL scheme ftp: (only http and https)',
  );
  await rejectsWith(fetchFeed('file:///etc/passwd', opts), 'file:///etc/passwd', 'unsupported URL scheme file: (only http and https)');
  await rejectsWith(fetchFeed('not a url', opts), 'not a url', 'invalid URL "not a url"');
});

test('a server that stalls mid-body or never answers hits the overall timeout', async (t) => {
  const server = await startServer((req, res) => {
    if (req.url === '/slow-body') {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
      res.write('<rss><channel>'); // …and never finishes
    }
    // '/silent': never even sends headers
  });
  t.after(() => server.close());
  for (const path of ['/slow-body', '/silent']) {
    const url = `${server.origin}${path}`;
    await rejectsWith(fetchFeed(url, { ...opts, timeoutMs: 200 }), url, 'timed out after 200 ms');
  }
});

test('an oversized streamed body is cut off early, not buffered whole', async (t) => {
  const total = 50 * 1024 * 1024;
  const chunk = Buffer.alloc(64 * 1024, 'a');
  let sent = 0;
  let finished = false;
  let closedEarly!: () => void;
  const serverSawClose = new Promise<void>((resolve) => (closedEarly = resolve));
  const server = await startServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
    // Write lazily, only as fast as the client reads.
    const pump = () => {
      while (sent < total) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      finished = true;
      res.end();
    };
    res.on('close', () => closedEarly());
    pump();
  });
  t.after(() => server.close());
  const url = `${server.origin}/huge`;
  await rejectsWith(fetchFeed(url, { ...opts, maxBytes: 1024 * 1024 }), url, 'response larger than 1 MB');
  await serverSawClose;
  assert.equal(finished, false, 'the server never got to finish the 50 MB');
  assert.ok(sent < total / 2, `sent ${sent} bytes`);
});

test('a declared Content-Length over the cap is refused before reading', async (t) => {
  const server = await startServer((_req, res) => {
    res.writeHead(200, { 'Content-Length': String(10 * 1024 * 1024) });
    res.write('x'.repeat(1000));
  });
  t.after(() => server.close());
  const url = `${server.origin}/big`;
  await rejectsWith(fetchFeed(url, { ...opts, maxBytes: 5 * 1024 * 1024 }), url, 'response larger than 5 MB');
});

test('connection refused is reported as such', async () => {
  const server = await startServer(() => {});
  const url = `${server.origin}/feed`;
  await server.close();
  await rejectsWith(fetchFeed(url, opts), url, 'connection refused');
});

test('gzip bodies are decompressed, and the cap applies to the decompressed size', async (t) => {
  const big = 'x'.repeat(2 * 1024 * 1024);
  const server = await startServer((req, res) => {
    res.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Type': 'application/rss+xml' });
    res.end(gzipSync(req.url === '/bomb' ? big : RSS));
  });
  t.after(() => server.close());
  const result = await fetchFeed(`${server.origin}/feed`, opts);
  assert.equal(result.status === 'ok' && result.body, RSS);
  assert.match(String(server.requests[0]!.headers['accept-encoding']), /gzip/);
  await rejectsWith(fetchFeed(`${server.origin}/bomb`, opts), `${server.origin}/bomb`, 'response larger than 1 MB');
});

test('a GBK feed is decoded to correct Chinese, by header or by XML declaration', async (t) => {
  const gbkFeed = (decl: string) =>
    Buffer.concat([
      Buffer.from(`<?xml version="1.0"${decl}?><rss version="2.0"><channel><item><title>`),
      iconv.encode('卷积神经网络', 'gbk'),
      Buffer.from('</title></item></channel></rss>'),
    ]);
  const server = await startServer((req, res) => {
    if (req.url === '/header') {
      res.writeHead(200, { 'Content-Type': 'text/xml; charset=GBK' });
      res.end(gbkFeed(''));
    } else {
      res.writeHead(200, { 'Content-Type': 'text/xml' });
      res.end(gbkFeed(' encoding="gb2312"'));
    }
  });
  t.after(() => server.close());
  for (const path of ['/header', '/declaration']) {
    const result = await fetchFeed(`${server.origin}${path}`, opts);
    assert.equal(result.status, 'ok');
    if (result.status !== 'ok') continue;
    const feed = parseFeed(result.body, result.finalUrl, result.contentType);
    assert.equal(feed.entries[0]!.title, '卷积神经网络', path);
  }
});

test('an HTML error page served with 200 is fetched, then rejected by the parser', async (t) => {
  const server = await startServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!DOCTYPE html><html><head><title>Maintenance</title></head><body><p>Back soon</p></body></html>');
  });
  t.after(() => server.close());
  const url = `${server.origin}/feed.xml`;
  const result = await fetchFeed(url, opts);
  assert.equal(result.status, 'ok');
  if (result.status === 'ok') {
    assert.throws(() => parseFeed(result.body, url, result.contentType), new RegExp(`${url}: got an HTML page, not a feed`));
  }
});

test('a connection dropped mid-body or a corrupt gzip body is an error, not a short feed', async (t) => {
  const server = await startServer((req, res) => {
    if (req.url === '/gz') {
      res.writeHead(200, { 'Content-Encoding': 'gzip' });
      res.end('this is not gzip');
      return;
    }
    res.writeHead(200, { 'Content-Length': '1000' });
    res.write('<rss><channel>', () => res.socket?.destroy());
  });
  t.after(() => server.close());
  await rejectsWith(fetchFeed(`${server.origin}/cut`, opts), `${server.origin}/cut`, 'connection closed before the body was complete');
  await rejectsWith(fetchFeed(`${server.origin}/gz`, opts), `${server.origin}/gz`, /cannot decompress the body: /);
});
