// Pure parser for Telegram's parse_mode=HTML, modelled on tdlib's parse_html so that the
// fake rejects exactly the markup the real Bot API rejects (with the same wording and UTF-8
// byte offsets) and returns the plain text + entities the user would actually see.
//
// One deliberate difference: by default (`strictEntities: true`) a "&" that does not start
// &lt; &gt; &amp; &quot; &#NN; or &#xHH; (with the ";") is an error. Real Telegram shows such
// an "&" literally, but silently decodes things like "&lt" inside unescaped feed text, so the
// Bot API docs require escaping every "&"; being strict here catches a missing escape in tests.

export interface HtmlEntity {
  type: string;
  /** UTF-16 code units, like the Bot API. */
  offset: number;
  length: number;
  url?: string;
  language?: string;
  custom_emoji_id?: string;
}

export type HtmlParseResult =
  | { ok: true; text: string; entities: HtmlEntity[] }
  /** `error` is what Telegram puts after "Bad Request: can't parse entities: ". */
  | { ok: false; error: string };

export interface HtmlParseOptions {
  strictEntities?: boolean;
}

const SUPPORTED_TAGS = new Set([
  'a',
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'span',
  'tg-spoiler',
  'tg-emoji',
  'code',
  'pre',
  'blockquote',
]);

const SIMPLE_TYPES: Record<string, string> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  span: 'spoiler',
  'tg-spoiler': 'spoiler',
};

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';

interface OpenTag {
  name: string;
  argument: string;
  /** Offset of the tag's content in the output text (UTF-16). */
  start: number;
  bytePos: number;
}

/**
 * Decodes the character reference starting at `pos` (which holds "&").
 * Returns null when it is not one tdlib understands (or, in strict mode, lacks its ";").
 */
function decodeEntity(src: string, pos: number, strict: boolean): { char: string; end: number } | null {
  let end = pos + 1;
  let code = 0;
  if (src[end] === '#') {
    end++;
    const hex = src[end] === 'x';
    if (hex) end++;
    const digits = hex ? /[0-9a-fA-F]/ : /[0-9]/;
    const digitsStart = end;
    while (end < src.length && digits.test(src[end]!)) {
      code = code * (hex ? 16 : 10) + parseInt(src[end]!, 16);
      end++;
      if (code >= 0x10ffff) return null;
    }
    if (end === digitsStart || code === 0 || end - pos >= 10) return null;
  } else {
    while (end < src.length && /[A-Za-z]/.test(src[end]!)) end++;
    const named = NAMED_ENTITIES[src.slice(pos + 1, end)];
    if (named === undefined) return null;
    code = named.codePointAt(0)!;
  }
  if (src[end] === ';') end++;
  else if (strict) return null;
  return { char: String.fromCodePoint(code), end };
}

const byteOffset = (src: string, i: number): number => Buffer.byteLength(src.slice(0, i), 'utf8');

/** Parses Telegram HTML into the text and entities Telegram would store. */
export function parseTelegramHtml(src: string, opts: HtmlParseOptions = {}): HtmlParseResult {
  const strict = opts.strictEntities ?? true;
  const fail = (error: string): HtmlParseResult => ({ ok: false, error });
  let out = '';
  const open: OpenTag[] = [];
  const entities: HtmlEntity[] = [];

  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '&') {
      const decoded = decodeEntity(src, i, strict);
      if (decoded) {
        out += decoded.char;
        i = decoded.end;
        continue;
      }
      if (strict) return fail(`Unescaped "&" at byte offset ${byteOffset(src, i)}; use &amp;`);
    }
    if (c !== '<') {
      out += c;
      i++;
      continue;
    }

    const begin = i++;
    if (src[i] !== '/') {
      while (i < src.length && !isSpace(src[i]) && src[i] !== '>') i++;
      if (i >= src.length) return fail(`Unclosed start tag at byte offset ${byteOffset(src, begin)}`);
      const name = src.slice(begin + 1, i).toLowerCase();
      if (!SUPPORTED_TAGS.has(name)) {
        return fail(`Unsupported start tag "${name}" at byte offset ${byteOffset(src, begin)}`);
      }
      let argument = '';
      while (src[i] !== '>') {
        while (i < src.length && isSpace(src[i])) i++;
        if (src[i] === '>') break;
        const attrBegin = i;
        while (i < src.length && !isSpace(src[i]) && src[i] !== '=' && src[i] !== '>') i++;
        const attr = src.slice(attrBegin, i);
        if (attr === '') {
          return fail(`Empty attribute name in the tag "${name}" at byte offset ${byteOffset(src, begin)}`);
        }
        while (i < src.length && isSpace(src[i])) i++;
        if (src[i] !== '=') {
          // tdlib only accepts a bare attribute for <blockquote expandable>.
          if (name === 'blockquote' && attr === 'expandable') {
            argument = 'expandable';
            continue;
          }
          return fail(`Expected equal sign in declaration of an attribute of the tag "${name}" at byte offset ${byteOffset(src, begin)}`);
        }
        i++;
        while (i < src.length && isSpace(src[i])) i++;
        if (i >= src.length) return fail(`Unclosed start tag "${name}" at byte offset ${byteOffset(src, begin)}`);
        let value = '';
        const quote = src[i];
        if (quote !== '"' && quote !== "'") {
          const tokenBegin = i;
          while (i < src.length && /[A-Za-z0-9.-]/.test(src[i]!)) i++;
          value = src.slice(tokenBegin, i).toLowerCase();
          if (!isSpace(src[i]) && src[i] !== '>') {
            return fail(`Unexpected end of name token at byte offset ${byteOffset(src, tokenBegin)}`);
          }
        } else {
          i++;
          while (i < src.length && src[i] !== quote) {
            if (src[i] === '&') {
              const decoded = decodeEntity(src, i, strict);
              if (decoded) {
                value += decoded.char;
                i = decoded.end;
                continue;
              }
              if (strict) return fail(`Unescaped "&" at byte offset ${byteOffset(src, i)}; use &amp;`);
            }
            value += src[i++];
          }
          if (src[i] === quote) i++;
        }
        if (i >= src.length) return fail(`Unclosed start tag at byte offset ${byteOffset(src, begin)}`);
        if (name === 'a' && attr === 'href') argument = value;
        else if (name === 'code' && attr === 'class' && value.startsWith('language-')) argument = value.slice(9);
        else if (name === 'span' && attr === 'class' && value.startsWith('tg-')) argument = value.slice(3);
        else if (name === 'tg-emoji' && attr === 'emoji-id') argument = value;
        else if (name === 'blockquote' && attr === 'expandable') argument = 'expandable';
      }
      if (name === 'span' && argument !== 'spoiler') {
        return fail(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(src, begin)}`);
      }
      open.push({ name, argument, start: out.length, bytePos: begin });
      i++; // past ">"
      continue;
    }

    // End tag.
    if (open.length === 0) return fail(`Unexpected end tag at byte offset ${byteOffset(src, begin)}`);
    i++;
    const nameBegin = i;
    while (i < src.length && !isSpace(src[i]) && src[i] !== '>') i++;
    const endName = src.slice(nameBegin, i).toLowerCase();
    while (i < src.length && isSpace(src[i])) i++;
    if (src[i] !== '>') return fail(`Unclosed end tag at byte offset ${byteOffset(src, begin)}`);
    i++;
    const tag = open.pop()!;
    if (endName !== '' && endName !== tag.name) {
      return fail(`Unmatched end tag at byte offset ${byteOffset(src, begin)}, expected "</${tag.name}>", found "</${endName}>"`);
    }
    const entity = closeTag(tag, out, open);
    if (typeof entity === 'string') return fail(entity);
    if (entity && entity.length > 0) entities.push(entity);
  }
  if (open.length > 0) {
    return fail(`Can't find end tag corresponding to start tag "${open[open.length - 1]!.name}"`);
  }
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { ok: true, text: out, entities };
}

/** Builds the entity for a closed tag; a string is a parse error. */
function closeTag(tag: OpenTag, out: string, stillOpen: OpenTag[]): HtmlEntity | string | null {
  const offset = tag.start;
  const length = out.length - tag.start;
  const simple = SIMPLE_TYPES[tag.name];
  if (simple) return { type: simple, offset, length };
  switch (tag.name) {
    case 'a': {
      const url = normaliseUrl(tag.argument === '' ? out.slice(tag.start) : tag.argument);
      // Telegram drops a link it cannot parse rather than failing the message.
      return url ? { type: 'text_link', offset, length, url } : null;
    }
    case 'code': {
      const parent = stillOpen[stillOpen.length - 1];
      // <pre><code class="language-x"> is how a language is given to a pre block.
      if (parent?.name === 'pre' && tag.argument !== '' && parent.argument === '') {
        parent.argument = tag.argument;
        return null;
      }
      return { type: 'code', offset, length };
    }
    case 'pre':
      return tag.argument ? { type: 'pre', offset, length, language: tag.argument } : { type: 'pre', offset, length };
    case 'blockquote':
      return { type: tag.argument === 'expandable' ? 'expandable_blockquote' : 'blockquote', offset, length };
    case 'tg-emoji':
      if (!/^[1-9][0-9]*$/.test(tag.argument)) return 'Invalid custom emoji identifier specified';
      return { type: 'custom_emoji', offset, length, custom_emoji_id: tag.argument };
    default:
      return null;
  }
}

function normaliseUrl(raw: string): string | null {
  const candidate = /^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `http://${raw}`;
  try {
    const url = new URL(candidate);
    return ['http:', 'https:', 'tg:', 'ton:'].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}
