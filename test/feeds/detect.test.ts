import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FeedParseError, looksLikeXmlOrJson, parseFeed } from '../../src/feeds/detect';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url), 'utf8');

test('sniffs RSS, Atom, RDF and JSON Feed regardless of a wrong Content-Type', () => {
  assert.equal(parseFeed(fixture('rss2.xml'), 'a', 'text/html').entries.length, 3);
  assert.equal(parseFeed(fixture('atom.xml'), 'b', 'text/plain').title, '深度学习周报');
  assert.equal(parseFeed(fixture('rdf.xml'), 'c', 'application/octet-stream').entries.length, 1);
  assert.equal(parseFeed(fixture('feed.json'), 'd', 'text/html').title, 'AI 简讯');
});

test('a BOM and leading whitespace before the document are fine', () => {
  const feed = parseFeed('\ufeff\n  <rss><channel><item><title>t</title></item></channel></rss>', 's');
  assert.equal(feed.entries[0]!.title, 't');
  assert.equal(parseFeed('\ufeff {"version":"https://jsonfeed.org/version/1.1","items":[]}', 's').entries.length, 0);
});

test('an HTML page served as a feed is reported as such', () => {
  assert.throws(
    () => parseFeed(fixture('html-error.html'), 'https://x/feed', 'application/rss+xml'),
    (err: unknown) => err instanceof FeedParseError && err.message === 'https://x/feed: got an HTML page, not a feed',
  );
  assert.throws(() => parseFeed('<!-- cached --><html><body>x</body></html>', 's'), /got an HTML page/);
});

test('neither XML nor JSON is rejected, quoting the Content-Type', () => {
  assert.throws(
    () => parseFeed('Service temporarily unavailable', 's', 'text/plain'),
    /s: not a feed \(Content-Type text\/plain, neither XML nor JSON; starts with "Service temporarily/,
  );
  assert.throws(() => parseFeed('   ', 's'), /empty response/);
  assert.throws(() => parseFeed('{"hello": 1}', 's'), /JSON but not a JSON Feed/);
});

test('looksLikeXmlOrJson routes plain-text snapshots away from the feed readers', () => {
  assert.equal(looksLikeXmlOrJson('\ufeff <?xml version="1.0"?><rss/>'), true);
  assert.equal(looksLikeXmlOrJson('<feed xmlns="http://www.w3.org/2005/Atom"/>'), true);
  assert.equal(looksLikeXmlOrJson('\n{"version": "https://jsonfeed.org/version/1.1"}'), true);
  assert.equal(looksLikeXmlOrJson('<!DOCTYPE html><html></html>'), true);
  assert.equal(looksLikeXmlOrJson('卷积神经网络入门\nhttps://example.com/a\n\n第二篇'), false);
  assert.equal(looksLikeXmlOrJson('[公式] 开头的快照'), false);
});

test('terminal escapes at the start of a body are quoted as visible escapes, never as bytes', () => {
  const body = '\u001b]0;pwned\u0007\u001b[2J\u001b[31mRED';
  assert.throws(
    () => parseFeed(body, 's'),
    (err: unknown) =>
      err instanceof FeedParseError &&
      !/[\u0000-\u001f\u007f-\u009f]/.test(err.message) &&
      err.message.includes('starts with "\\x1b]0;pwned\\x07\\x1b[2J'),
  );
});

test('binary bodies are named, not quoted: gzip without Content-Encoding, other binary', () => {
  const gzip = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xab, 0x56]).toString('utf8');
  assert.throws(
    () => parseFeed(gzip, 's'),
    (err: unknown) => err instanceof FeedParseError && err.message === 's: not a feed (gzip-compressed data: decompress it first)',
  );
  assert.throws(
    () => parseFeed('PK\u0003\u0004\u0000\u0000\ufffd\ufffd', 's', 'application/zip'),
    (err: unknown) =>
      err instanceof FeedParseError && err.message === 's: not a feed (Content-Type application/zip, binary data, not text)',
  );
});

test('UTF-16 without a BOM, decoded as such, is read rather than refused', async () => {
  const { decodeBody } = await import('../../src/feeds/decode');
  const doc = '<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel><item><title>十六位</title></item></channel></rss>';
  for (const bytes of [Buffer.from(doc, 'utf16le'), Buffer.from(doc, 'utf16le').swap16()]) {
    assert.equal(parseFeed(decodeBody(bytes), 's').entries[0]!.title, '十六位');
  }
});
