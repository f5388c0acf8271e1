// RSS reader: dates, links and text in the forms other parsers' suites showed were missed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseXmlFeed } from '../../src/feeds/xml';

const rss = (item: string, attrs = '', channel = '') =>
  `<rss version="2.0" ${attrs}><channel><title>t</title>${channel}<item><title>i</title>${item}</item></channel></rss>`;
const first = (xml: string, source = 's') => parseXmlFeed(xml, source).entries[0]!;

test('dcterms issued/created/modified and atom published/updated date an item', () => {
  const ns = 'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:atom="http://www.w3.org/2005/Atom"';
  assert.equal(first(rss('<dcterms:issued>2003-12-31T10:14:55Z</dcterms:issued>', ns)).publishedAt, '2003-12-31T10:14:55.000Z');
  assert.equal(first(rss('<dcterms:created>2003-12-31T10:14:55Z</dcterms:created>', ns)).publishedAt, '2003-12-31T10:14:55.000Z');
  assert.equal(first(rss('<dcterms:modified>2003-12-31T10:14:55Z</dcterms:modified>', ns)).publishedAt, '2003-12-31T10:14:55.000Z');
  assert.equal(first(rss('<atom:published>2019-01-02T15:04:05Z</atom:published>', ns)).publishedAt, '2019-01-02T15:04:05.000Z');
  assert.equal(first(rss('<atom:updated>2020-01-02T15:04:05Z</atom:updated>', ns)).publishedAt, '2020-01-02T15:04:05.000Z');
  // A publication date beats a modification date, whatever the order.
  assert.equal(
    first(rss('<dcterms:modified>2010-01-01T00:00:00Z</dcterms:modified><pubDate>Wed, 31 Dec 2003 10:14:55 GMT</pubDate>', ns)).publishedAt,
    '2003-12-31T10:14:55.000Z',
  );
});

test('xml:base on the rss element, channel and item makes relative links absolute', () => {
  const doc = `<rss version="2.0" xml:base="http://example.org/feeds/"><channel><title>t</title>
    <item><title>a</title><link>post/1</link></item>
    <item xml:base="archive/"><title>b</title><link>post/2</link></item></channel></rss>`;
  const [a, b] = parseXmlFeed(doc, 'file.xml').entries;
  assert.equal(a!.url, 'http://example.org/feeds/post/1');
  assert.equal(b!.url, 'http://example.org/feeds/archive/post/2');
  // A relative xml:base is relative to the document's URL.
  const rel = rss('<link>p</link>', 'xml:base="blog/"');
  assert.equal(first(rel, 'https://site.example/feed.xml').url, 'https://site.example/blog/p');
});

test('several <link>s: the last web address wins, written as text or Atom-style href', () => {
  assert.equal(
    first(rss('<link>http://example.org</link><link>http://example2.org</link><link href="http://example3.org" />')).url,
    'http://example3.org/',
  );
  assert.equal(first(rss('<link>http://example.org/a</link><link>mailto:x@example.org</link>')).url, 'http://example.org/a');
  // atom:link in an item is not the item's link.
  assert.equal(
    first(
      rss(
        '<link>http://example.org/a</link><atom:link rel="self" href="http://example.org/feed"/>',
        'xmlns:atom="http://www.w3.org/2005/Atom"',
      ),
    ).url,
    'http://example.org/a',
  );
});

test('an item whose only text is itunes:summary, media:description or xhtml:body keeps it', () => {
  const ns =
    'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:media="http://search.yahoo.com/mrss/" xmlns:xhtml="http://www.w3.org/1999/xhtml"';
  assert.equal(first(rss('<itunes:summary>Episode notes</itunes:summary>', ns)).text, 'Episode notes');
  assert.equal(
    first(rss('<media:group><media:description>Clip &amp; caption</media:description></media:group>', ns)).text,
    'Clip & caption',
  );
  assert.equal(
    first(rss('<xhtml:body><xhtml:p>Inline <xhtml:b>XHTML</xhtml:b> body</xhtml:p></xhtml:body>', ns)).text,
    'Inline XHTML body',
  );
  // The description still wins when there is one.
  assert.equal(first(rss('<description>Main text here</description><itunes:summary>x</itunes:summary>', ns)).text, 'Main text here');
});

test('RSS 1.0 written with a prefix instead of a default namespace is read', () => {
  const doc = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rss="http://purl.org/rss/1.0/">
    <rss:channel rdf:about="http://x/"><rss:title>Feed</rss:title></rss:channel>
    <rss:item rdf:about="http://x/1"><rss:title>Prefixed item</rss:title><rss:link>http://x/1</rss:link></rss:item></rdf:RDF>`;
  const feed = parseXmlFeed(doc, 's');
  assert.equal(feed.title, 'Feed');
  assert.equal(feed.entries[0]!.title, 'Prefixed item');
  assert.equal(feed.entries[0]!.url, 'http://x/1');
});

test('dc:title stands in for a missing channel title; an XHTML DOCTYPE before <rss> is not an HTML page', () => {
  const doc =
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "http://x/"><rss xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><dc:title>DC Title</dc:title></channel></rss>';
  assert.equal(parseXmlFeed(doc, 's').title, 'DC Title');
});
