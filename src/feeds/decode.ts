// Turns a feed's raw bytes into a string, honouring its declared charset: Chinese feeds are still
// served as GBK / GB2312 / Big5, and decoding those as UTF-8 yields mojibake that nothing can repair.
import iconv from 'iconv-lite';

// WHATWG Encoding labels that mean a superset encoding in practice.
const ALIASES: Record<string, string> = {
  gb2312: 'gbk', 'x-gbk': 'gbk', cp936: 'gbk', 'windows-936': 'gbk', 'csgb2312': 'gbk',
  'iso-8859-1': 'windows-1252', latin1: 'windows-1252', 'us-ascii': 'windows-1252', ascii: 'windows-1252',
  'big5-hkscs': 'big5hkscs', 'x-big5': 'big5', 'utf8': 'utf-8', 'unicode-1-1-utf-8': 'utf-8',
};

/** The `charset` parameter of a Content-Type header, lower-cased, if any. */
export function charsetFromContentType(contentType: string | undefined): string | undefined {
  const m = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType ?? '');
  const cs = (m?.[1] ?? m?.[2] ?? '').trim().toLowerCase();
  return cs || undefined;
}

function bomEncoding(bytes: Buffer): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
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
 * Decodes a body: a BOM wins (it cannot lie about the bytes), then the Content-Type charset,
 * then the XML declaration, then UTF-8. Unknown charset names fall through to the next source.
 * The result never starts with a BOM.
 */
export function decodeBody(bytes: Buffer, contentType?: string): string {
  const encoding =
    bomEncoding(bytes) ??
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
