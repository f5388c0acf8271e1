// Tokens for the message splitter: the units a cut may fall between (grapheme clusters,
// entities, tags), with a preference for cutting after spaces, punctuation and newlines.
import { graphemes } from './graphemes';

/** Preference for cutting right after a token: 0 none, 1 space/punctuation, 2 newline. */
export type BreakAfter = 0 | 1 | 2;

export type Token =
  | { kind: 'text'; s: string; brk: BreakAfter } // one grapheme cluster, code point or entity
  | { kind: 'open'; s: string; name: string; close: string }
  | { kind: 'close'; s: string; name: string }
  | { kind: 'markup'; s: string }; // void/self-closing tags, comments, stray closing tags

const TAG = /<(\/?)([A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/y;
const COMMENT = /<!--[\s\S]*?-->/y;
const ENTITY = /&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/y;
const VOID = new Set(['br', 'hr', 'img', 'wbr', 'input', 'meta', 'link']);
const PUNCT = /^(?:[ \t]|[，。；、,.;！？!?：:）)])$/u;

function textTokens(run: string, out: Token[]): void {
  for (const g of graphemes(run)) {
    const brk: BreakAfter = g.includes('\n') ? 2 : PUNCT.test(g) || /^\s$/u.test(g) ? 1 : 0;
    out.push({ kind: 'text', s: g, brk });
  }
}

export function tokenize(text: string, format: 'html' | 'plain'): Token[] {
  const out: Token[] = [];
  if (format === 'plain') {
    textTokens(text, out);
    return out;
  }
  let runStart = 0;
  let i = 0;
  const flush = (end: number): void => {
    if (end > runStart) textTokens(text.slice(runStart, end), out);
  };
  while (i < text.length) {
    const c = text[i];
    if (c !== '<' && c !== '&') {
      i++;
      continue;
    }
    let m: RegExpExecArray | null;
    let token: Token | null = null;
    if (c === '&') {
      ENTITY.lastIndex = i;
      m = ENTITY.exec(text);
      if (m) token = { kind: 'text', s: m[0], brk: 0 };
    } else {
      COMMENT.lastIndex = i;
      TAG.lastIndex = i;
      if ((m = COMMENT.exec(text))) token = { kind: 'markup', s: m[0] };
      else if ((m = TAG.exec(text))) {
        const [raw, slash, rawName, , selfClose] = m;
        const name = rawName.toLowerCase();
        if (slash) token = { kind: 'close', s: raw, name };
        else if (selfClose || VOID.has(name)) token = { kind: 'markup', s: raw };
        else token = { kind: 'open', s: raw, name, close: `</${rawName}>` };
      }
    }
    if (!m || !token) {
      i++; // a bare '<' or '&': ordinary text
      continue;
    }
    flush(i);
    out.push(token);
    i += m[0].length;
    runStart = i;
  }
  flush(text.length);
  return out;
}
