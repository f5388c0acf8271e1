// Turns an entry's HTML (description, content, title) into one line of plain text.
// A small tag scanner, not a full HTML parser: feed snippets only need tags gone and text kept.
import { decodeHTMLStrict } from 'entities';
import { cleanText } from '../text/normalize';

// Their contents are code or fallback markup, never article text.
const DROPPED_CONTENT = new Set(['script', 'style', 'noscript', 'iframe', 'template', 'svg']);

// Tags that separate words visually; removing them without a space would glue words together.
const BREAKING = new Set([
  'br',
  'p',
  'div',
  'li',
  'ul',
  'ol',
  'dl',
  'dt',
  'dd',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'tr',
  'td',
  'th',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'caption',
  'blockquote',
  'pre',
  'hr',
  'section',
  'article',
  'header',
  'footer',
  'aside',
  'nav',
  'main',
  'figure',
  'figcaption',
  'address',
  'details',
  'summary',
  'img',
  'video',
  'audio',
  'source',
  'option',
  'label',
  'center',
]);

export { cleanText };

/** Index just past the `>` that closes the tag starting at `start`, honouring quoted attribute values. */
function tagEnd(html: string, start: number): number {
  let quote = '';
  // A quote opens a value only right after `=`: in `<a href=http://x/">` the stray `"` is text.
  let afterEquals = false;
  for (let i = start; i < html.length; i++) {
    const c = html[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if ((c === '"' || c === "'") && afterEquals) {
      quote = c;
    } else if (c === '>') {
      return i + 1;
    }
    if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') afterEquals = !quote && c === '=';
  }
  return -1;
}

// `</script` followed by whitespace, `/`, `>` or the end of input, any case: one per dropped tag.
const CLOSING = new Map([...DROPPED_CONTENT].map((name) => [name, new RegExp(`</${name}(?=[\\s/>]|$)`, 'gi')]));

/**
 * Index just past `</name ...>` (case-insensitive), or the end of input when it is never closed.
 * A sticky search from `from`: never re-reads (or lower-cases) the input before it, so a body of
 * `<script></script>x` repeated costs time proportional to its length.
 */
function skipPastClosing(html: string, from: number, name: string): number {
  const closing = CLOSING.get(name)!;
  closing.lastIndex = from;
  const found = closing.exec(html);
  if (!found) return html.length;
  const end = tagEnd(html, found.index);
  return end < 0 ? html.length : end;
}

/** The markup starting at `<` position `i`: where it ends and what replaces it; null for a literal `<`. */
function markupAt(html: string, i: number): { end: number; replacement: string } | null {
  const next = html[i + 1] ?? '';
  if (html.startsWith('<!--', i)) {
    const close = html.indexOf('-->', i + 4);
    return { end: close < 0 ? html.length : close + 3, replacement: '' };
  }
  if (next === '!' || next === '?') {
    const end = tagEnd(html, i);
    return { end: end < 0 ? html.length : end, replacement: '' };
  }
  const closing = next === '/';
  const name = /^[A-Za-z][A-Za-z0-9-]*/.exec(html.slice(i + (closing ? 2 : 1), i + 42))?.[0].toLowerCase();
  if (name === undefined) return null;
  const end = tagEnd(html, i);
  // A tag cut off at the end of a truncated snippet is markup, not text.
  if (end < 0) return { end: html.length, replacement: ' ' };
  const dropContent = !closing && DROPPED_CONTENT.has(name) && html[end - 2] !== '/';
  return {
    end: dropContent ? skipPastClosing(html, end, name) : end,
    replacement: BREAKING.has(name) || DROPPED_CONTENT.has(name) ? ' ' : '',
  };
}

/** Strips tags (dropping script/style/… contents), decodes entities, cleans and normalises whitespace. */
export function htmlToText(html: string): string {
  const out: string[] = [];
  let textStart = 0;
  let i = html.indexOf('<');
  while (i >= 0) {
    const markup = markupAt(html, i);
    if (markup === null) {
      // A literal `<` in text such as `1 < 2`.
      i = html.indexOf('<', i + 1);
      continue;
    }
    out.push(html.slice(textStart, i), markup.replacement);
    textStart = markup.end;
    i = html.indexOf('<', textStart);
  }
  out.push(html.slice(textStart));
  return cleanText(decodeHTMLStrict(out.join('')));
}
