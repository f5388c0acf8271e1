// Atom reader: Atom 0.3 dates and content modes, base64, XHTML, and link edge cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseXmlFeed } from '../../src/feeds/xml';

const atom10 = (entry: string, attrs = '') => `<feed xmlns="http://www.w3.org/2005/Atom" ${attrs}><entry>${entry}</entry></feed>`;
const atom03 = (entry: string) => `<feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry>${entry}</entry></feed>`;
const first = (xml: string, source = 's') => parseXmlFeed(xml, source).entries[0]!;

test('Atom 0.3 issued, created and modified date an entry; issued first', () => {
  assert.equal(first(atom03('<issued>Sun, 06 Jul 2014 12:56:00 GMT</issued>')).publishedAt, '2014-07-06T12:56:00.000Z');
  assert.equal(first(atom03('<created>2003-12-31T10:14:55Z</created>')).publishedAt, '2003-12-31T10:14:55.000Z');
  assert.equal(first(atom03('<modified>2004-01-01T19:48:21Z</modified>')).publishedAt, '2004-01-01T19:48:21.000Z');
  assert.equal(
    first(atom03('<modified>2004-01-01T19:48:21Z</modified><issued>2003-12-31T10:14:55Z</issued>')).publishedAt,
    '2003-12-31T10:14:55.000Z',
  );
});

test('base64 content (Atom 0.3 mode, or a non-text type) is decoded, not stored as base64', () => {
  assert.equal(first(atom03('<title mode="base64">RW50cnkgVGl0bGU=</title>')).title, 'Entry Title');
  assert.equal(
    first(atom10('<title>t</title><content type="application/octet-stream">RW50cnkgQ29udGVudA==</content>')).text,
    'Entry Content',
  );
  assert.equal(first(atom10('<title type="application/octet-stream">PHA+RW50cnkgVGl0bGU8L3A+</title>')).title, 'Entry Title');
  // Not base64 (or binary once decoded): read as written.
  assert.equal(first(atom10('<title type="application/x-custom">test</title>')).title, 'test');
});

test('xhtml content and Atom 0.3 mode="xml" are read as markup', () => {
  const xhtml = '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hello <b>XHTML</b> &amp; more</p></div></content>';
  assert.equal(first(atom10(`<title>t</title>${xhtml}`)).text, 'Hello XHTML & more');
  assert.equal(
    first(atom03('<title>t</title><content type="application/xhtml+xml" mode="xml"><div><p>Inline</p></div></content>')).text,
    'Inline',
  );
});

test('links: no rel means alternate, an href with spaces is trimmed, one without href is skipped, xml:base applies', () => {
  assert.equal(first(atom10('<link href="http://example.org" type="text/html"></link>')).url, 'http://example.org/');
  assert.equal(first(atom10('<link href=" http://example.org/a"/>')).url, 'http://example.org/a');
  assert.equal(first(atom10('<link rel="alternate"/><link rel="alternate" href="http://example.org/b"/>')).url, 'http://example.org/b');
  assert.equal(
    first(
      atom10(
        '<link rel="self" href="http://example.org/self"/><link rel="enclosure" href="http://example.org/x.mp3"/><link rel="related" href="http://example.org/rel"/>',
      ),
    ).url,
    'http://example.org/rel',
  );
  const based =
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://example.org/root/"><entry xml:base="sub/"><link xml:base="deeper/" href="page"/></entry></feed>';
  assert.equal(first(based).url, 'http://example.org/root/sub/deeper/page');
});

test('a <feed> in a namespace that is not Atom is refused as a format not read', () => {
  assert.throws(
    () => parseXmlFeed('<feed version="0.3" xmlns="http://purl.org/echo/"><title>x</title></feed>', 's'),
    /s: not an Atom feed \(<feed> in namespace http:\/\/purl\.org\/echo\/; Atom 1\.0 and 0\.3 are read\)/,
  );
  // No namespace at all: Atom written sloppily, read.
  assert.equal(parseXmlFeed('<feed><title>plain</title></feed>', 's').title, 'plain');
});

test('HTML named entities undeclared in XML, and a literal &nbsp; in plain text, are decoded', () => {
  assert.equal(first(atom10('<title>Nicol&ograve; Barella</title><summary>a &amp;nbsp; b&nbsp;c</summary>')).title, 'Nicolò Barella');
  assert.equal(first(atom10('<title>t</title><summary>a &amp;nbsp; b&nbsp;c</summary>')).text, 'a b c');
  // In a plain-text construct an undeclared HTML entity means its character too...
  assert.equal(first(atom10('<title>t</title><summary>caf&eacute; &AElig;</summary>')).text, 'café Æ');
  // ...while an escaped one is text that reads "&eacute;".
  assert.equal(first(atom10('<title>t</title><summary>caf&amp;eacute;</summary>')).text, 'caf&eacute;');
});
