// Quoting untrusted text (a feed's first bytes, a server's message) on a terminal or in a log.
// Terminal escapes (`ESC ] 0 ; title BEL`, `ESC [ 2 J`) would retitle or clear the operator's
// terminal, and bidi controls can make a line read differently from what it holds, so such
// characters are shown as visible escapes instead of being passed through.

// C0 and C1 controls and DEL, bidi embeddings/overrides/isolates and marks, line/paragraph
// separators (which end a log line), zero-width and BOM, and lone surrogates.
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function escape(ch: string): string {
  const code = ch.charCodeAt(0);
  if (ch === '\n' || ch === '\r' || ch === '\t') return ' ';
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * One printable line: whitespace controls become spaces, every other control or invisible
 * character its `\xHH` / `\uHHHH` escape; clipped to `max` characters (code points) with "…".
 */
export function printable(text: string, max = 80): string {
  const chars = Array.from(text.length > max * 2 + 16 ? text.slice(0, max * 2 + 16) : text);
  const clipped = chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('');
  return clipped.replace(UNSAFE, escape);
}

/** True when text holds a NUL or a decoding replacement character: binary data, not text. */
export function looksBinary(text: string): boolean {
  return /[\u0000\ufffd]/.test(text);
}
