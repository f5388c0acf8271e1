import { test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { charsetFromContentType, decodeBody } from '../../src/feeds/decode';

const TEXT = '卷积神经网络';

test('GBK and GB2312 declared in the XML declaration come out as correct Chinese', () => {
  for (const label of ['GBK', 'gb2312', 'GB18030']) {
    const bytes = Buffer.concat([
      Buffer.from(`<?xml version="1.0" encoding="${label}"?><rss><channel><title>`),
      iconv.encode(TEXT, 'gbk'),
      Buffer.from('</title></channel></rss>'),
    ]);
    assert.match(decodeBody(bytes), new RegExp(`<title>${TEXT}</title>`), label);
  }
});

test('the Content-Type charset decides when present', () => {
  assert.equal(decodeBody(iconv.encode(TEXT, 'gbk'), 'application/rss+xml; charset=GBK'), TEXT);
  assert.equal(decodeBody(iconv.encode('機器學習', 'big5'), 'text/xml; charset="big5"'), '機器學習');
  assert.equal(decodeBody(Buffer.from([0x63, 0x61, 0x66, 0xe9]), 'text/xml; charset=ISO-8859-1'), 'café');
});

test('UTF-8 is the default, and a BOM is stripped', () => {
  assert.equal(decodeBody(Buffer.from(TEXT)), TEXT);
  assert.equal(decodeBody(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')])), '{"a":1}');
});

test('UTF-16 with a BOM is detected even when the header says otherwise', () => {
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<rss>中文</rss>', 'utf16le')]);
  assert.equal(decodeBody(le, 'text/xml; charset=utf-8'), '<rss>中文</rss>');
  const be = iconv.encode('{"t":"中文"}', 'utf-16be', { addBOM: true });
  assert.equal(decodeBody(be), '{"t":"中文"}');
});

test('an unknown charset name falls back instead of throwing', () => {
  assert.equal(decodeBody(Buffer.from(TEXT), 'text/xml; charset=x-no-such-charset'), TEXT);
});

test('charsetFromContentType reads quoted and unquoted parameters', () => {
  assert.equal(charsetFromContentType('text/xml; charset="GB2312"'), 'gb2312');
  assert.equal(charsetFromContentType('text/xml;charset=utf-8; foo=bar'), 'utf-8');
  assert.equal(charsetFromContentType('text/xml'), undefined);
  assert.equal(charsetFromContentType(undefined), undefined);
});

test('UTF-16 and UTF-32 without a BOM are recognised from how "<?xml" is laid out (XML spec, appendix F)', () => {
  const doc = '<?xml version="1.0" encoding="utf-16"?><rss><channel><title>卷积 é</title></channel></rss>';
  const be16 = Buffer.from(doc, 'utf16le').swap16();
  assert.equal(decodeBody(Buffer.from(doc, 'utf16le')), doc);
  assert.equal(decodeBody(be16), doc);
  // Whatever a header claims: bytes with those zeros cannot be an ASCII-compatible charset.
  assert.equal(decodeBody(be16, 'text/xml; charset=utf-8'), doc);
  assert.equal(decodeBody(iconv.encode(doc, 'utf-32be')), doc);
  assert.equal(decodeBody(iconv.encode(doc, 'utf-32le')), doc);
  // No declaration at all: the first character still tells.
  assert.equal(decodeBody(Buffer.from('\n<rss/>', 'utf16le')), '\n<rss/>');
  // UTF-32 byte-order marks are not mistaken for UTF-16's.
  assert.equal(decodeBody(Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), iconv.encode(doc, 'utf-32le')])), doc);
  assert.equal(decodeBody(Buffer.concat([Buffer.from([0, 0, 0xfe, 0xff]), iconv.encode(doc, 'utf-32be')])), doc);
});
