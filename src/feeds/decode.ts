// Turns a feed's raw bytes into a string, honouring its declared charset: Chinese feeds are still
// served as GBK / GB2312 / Big5, and decoding those as UTF-8 yields mojibake that nothing can repair.
import iconv from 'iconv-lite';

// WHATWG Encoding labels that mean a superset encoding in practice.
const ALIASES: Record<string, string> = {
  gb2312: 'gbk',
  'x-gbk': 'gbk',
  cp936: 'gbk',
  'windows-936': 'gbk',
  csgb2312: 'gbk',
  'iso-8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  'big5-hkscs': 'big5hkscs',
  'x-big5': 'big5',
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
};

/** The `charset` parameter of a Content-Type header, lower-cased, if any. */
export function charsetFromContentType(contentType: string | undefined): string | undefined {
  const m = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType ?? '');
  const cs = (m?.[1] ?? m?.[2] ?? '').trim().toLowerCase();
  return cs || undefined;
}

function bomEncoding(b: Buffer): string | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  // UTF-32's marks first: FF FE 00 00 also starts like UTF-16LE's.
  if (b[0] === 0x00 && b[1] === 0x00 && b[2] === 0xfe && b[3] === 0xff) return 'utf-32be';
  if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0x00 && b[3] === 0x00) return 'utf-32le';
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  return undefined;
}

/**
 * UTF-16 and UTF-32 without a byte-order mark, told apart by where the zero bytes of the first
 * ASCII character fall (`<?xml`, `<rss`, a newline), as the XML spec's appendix F describes.
 * No ASCII-compatible text has those zeros, so this cannot misread an ordinary feed.
 */
function zeroPatternEncoding(b: Buffer): string | undefined {
  if (b.length < 4) return undefined;
  const z = (i: number) => b[i] === 0x00;
  const ascii = (i: number) => b[i]! > 0x00 && b[i]! < 0x80;
  if (z(0) && z(1) && z(2) && ascii(3)) return 'utf-32be';
  if (ascii(0) && z(1) && z(2) && z(3)) return 'utf-32le';
  if (z(0) && ascii(1) && z(2) && ascii(3)) return 'utf-16be';
  if (ascii(0) && z(1) && ascii(2) && z(3)) return 'utf-16le';
  return undefined;
}

/** `encoding="…"` of an XML declaration in an ASCII-compatible body. */
function declaredXmlEncoding(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, 512).toString('latin1');
  const m = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return m?.[1]?.toLowerCase();
}

function usable(label: string | undefined): string | undefined {
  if (label === undefined) return undefined;
  const name = ALIASES[label] ?? label;
  return iconv.encodingExists(name) ? name : undefined;
}

/**
 * Decodes a body: a BOM wins (it cannot lie about the bytes), then UTF-16/32 recognised by its
 * zero bytes (a header claiming otherwise would only yield garbage), then the Content-Type
 * charset, then the XML declaration, then UTF-8. Unknown charset names fall through to the next
 * source. The result never starts with a BOM.
 */
export function decodeBody(bytes: Buffer, contentType?: string): string {
  const encoding =
    bomEncoding(bytes) ??
    zeroPatternEncoding(bytes) ??
    usable(charsetFromContentType(contentType)) ??
    usable(declaredXmlEncoding(bytes)) ??
    'utf-8';
  const text = iconv.decode(bytes, encoding, { stripBOM: true });
  return text.startsWith('\ufeff') ? text.slice(1) : text;
}

/** The encoding decodeBody would pick for a body that starts with `head`: for decoding a stream. */
export function detectEncoding(head: Buffer, contentType?: string): string {
  return bomEncoding(head) ?? usable(charsetFromContentType(contentType)) ?? usable(declaredXmlEncoding(head)) ?? 'utf-8';
}
