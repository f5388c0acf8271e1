// Fits long text into platform message limits: whole entries are packed into
// parts greedily, and only an entry too big for a part on its own is cut — never
// inside an HTML tag or entity, a surrogate pair or (if avoidable) a grapheme
// cluster, with open tags closed and reopened so each part is valid HTML alone
// (Telegram parses every message separately).
import { utf16Length, type Measure } from './measure';
import { tokenize, type Token } from './split-tokens';

export interface SplitOptions {
  /** Maximum measure of one part, headers and labels included. */
  limit: number;
  /** Default: UTF-16 code units. */
  measure?: Measure;
  /** Between entries (and after the header/label) within one part. Default `'\n\n'`. */
  separator?: string;
  /** `'html'` (default) never cuts inside tags or entities and keeps tags balanced per part; `'plain'` treats `<` and `&` as text. */
  format?: 'html' | 'plain';
  /** Text at the top of the first part, or of every part (see `headerOn`). */
  header?: string;
  /** Default `'first'`. */
  headerOn?: 'first' | 'every';
  /**
   * Label for part `index` (0-based) of `count`, e.g. `(i, n) => \`(${i + 1}/${n})\``.
   * Used only when the text needs more than one part; placed after the header.
   * Return `''` to leave a part unlabelled.
   */
  partLabel?: (index: number, count: number) => string;
}

/**
 * Packs `entries` into as few parts as greedy packing gives, each within `opts.limit`.
 * Empty entries are skipped; no entries gives no parts.
 * @throws RangeError when the header/label leave too little room for any content.
 */
export function splitEntries(entries: readonly string[], opts: SplitOptions): string[] {
  const measure = opts.measure ?? utf16Length;
  const separator = opts.separator ?? '\n\n';
  const items = entries.filter((e) => e.length > 0);
  if (items.length === 0) return [];

  const prefix = (index: number, count: number): string => {
    const top: string[] = [];
    if (opts.header && (index === 0 || opts.headerOn === 'every')) top.push(opts.header);
    const label = count > 1 && opts.partLabel ? opts.partLabel(index, count) : '';
    if (label) top.push(label);
    return top.join(separator);
  };
  const compose = (top: string, body: string): string => (top ? top + separator + body : body);

  // Labels depend on the part count, which depends on how much room the labels take:
  // pack assuming a count, then relabel with the real one; repeat until everything fits.
  let assumed = 1;
  for (let attempt = 0; attempt < 8; attempt++) {
    const bodies = pack(items, (i) => prefix(i, assumed), { ...opts, measure, separator });
    const parts = bodies.map((body, i) => compose(prefix(i, bodies.length), body));
    if (parts.every((p) => measure(p) <= opts.limit)) return parts;
    assumed = Math.max(bodies.length, assumed + 1);
  }
  throw new RangeError('splitEntries: part labels keep changing the part count; use labels whose size does not grow with it');
}

function pack(
  items: readonly string[],
  prefixFor: (index: number) => string,
  opts: SplitOptions & { measure: Measure; separator: string },
): string[] {
  const { measure, separator, limit } = opts;
  const sepSize = measure(separator);
  const room = (index: number): number => {
    const top = prefixFor(index);
    return limit - (top ? measure(top) + sepSize : 0);
  };

  const bodies: string[] = [];
  let body = '';
  let used = 0;
  for (const entry of items) {
    const size = measure(entry);
    if (body && used + sepSize + size <= room(bodies.length)) {
      body += separator + entry;
      used += sepSize + size;
      continue;
    }
    if (body) bodies.push(body);
    const first = bodies.length;
    if (size <= room(first)) {
      body = entry;
      used = size;
      continue;
    }
    // Too big for any part: cut it; its tail stays open for the entries that follow.
    const chunks = cutTokens(tokenize(entry, opts.format ?? 'html'), (j) => room(first + j), measure);
    bodies.push(...chunks.slice(0, -1));
    body = chunks[chunks.length - 1];
    used = measure(body);
  }
  if (body) bodies.push(body);
  return bodies;
}

/**
 * Cuts one HTML string into parts within `limit`, each valid HTML on its own: tags
 * open at a cut are closed at the end of the part and reopened at the start of the next.
 * Prefers cutting after a newline, then after a space or punctuation.
 * If `limit` cannot hold even one open tag plus its closing tag and a character,
 * formatting is dropped for the rest of the text rather than the text itself.
 */
export function splitHtmlSafe(text: string, limit: number, measure: Measure = utf16Length): string[] {
  return cutTokens(tokenize(text, 'html'), () => limit, measure);
}

/** Cuts plain text into parts within `limit`, on grapheme boundaries, preferring newlines then spaces. */
export function splitPlain(text: string, limit: number, measure: Measure = utf16Length): string[] {
  return cutTokens(tokenize(text, 'plain'), () => limit, measure);
}

// ---------------------------------------------------------------------------
// The cutter.

type OpenTag = Extract<Token, { kind: 'open' }>;

interface State {
  pos: number; // next token to consume
  emitted: number; // tokens committed to the current part
  stack: OpenTag[];
  used: number; // measure of the part so far (reopened tags + committed tokens)
  closing: number; // measure of the closing tags the part would need now
}

/**
 * Cuts a token stream into parts; part j must fit `room(j)`.
 * Each part has at least one token of the stream, so this always terminates.
 */
function cutTokens(tokens: Token[], room: (index: number) => number, measure: Measure): string[] {
  const parts: string[] = [];
  let stack: OpenTag[] = [];
  let pos = 0;
  const size = (t: { s: string }): number => measure(t.s);
  const closeSize = (t: OpenTag): number => measure(t.close);

  while (pos < tokens.length) {
    const budget = room(parts.length);
    const reopen = stack.map((t) => t.s).join('');
    const st: State = {
      pos,
      emitted: 0,
      stack: stack.slice(),
      used: measure(reopen),
      closing: stack.reduce((n, t) => n + closeSize(t), 0),
    };
    const taken: Token[] = [];
    let newline: State | null = null;
    let space: State | null = null;
    const snap = (): State => ({ ...st, stack: st.stack.slice(), emitted: taken.length });

    const tryTake = (t: Token): boolean => {
      if (t.kind === 'open') {
        const c = closeSize(t);
        if (st.used + size(t) + st.closing + c > budget) return false;
        st.stack.push(t);
        st.used += size(t);
        st.closing += c;
      } else if (t.kind === 'close' && st.stack.some((o) => o.name === t.name)) {
        // Closing releases the room reserved for the tags it closes (all inner ones too, if misnested).
        let released = 0;
        let k = st.stack.length - 1;
        for (; st.stack[k].name !== t.name; k--) released += closeSize(st.stack[k]);
        released += closeSize(st.stack[k]);
        if (st.used + size(t) + st.closing - released > budget) return false;
        st.stack.length = k;
        st.used += size(t);
        st.closing -= released;
      } else {
        if (st.used + size(t) + st.closing > budget) return false;
        st.used += size(t);
      }
      taken.push(t);
      st.pos++;
      return true;
    };

    if (st.used + st.closing <= budget) {
      while (st.pos < tokens.length && tryTake(tokens[st.pos])) {
        const t = tokens[st.pos - 1];
        if (t.kind === 'text' && t.brk === 2) newline = snap();
        else if (t.kind === 'text' && t.brk === 1) space = snap();
      }
      if (st.pos < tokens.length) {
        // Out of room: back up to a natural break if one is reasonably close.
        const back = newline && newline.used >= budget * 0.5 ? newline : space && space.used >= budget * 0.7 ? space : null;
        if (back) {
          Object.assign(st, back, { stack: back.stack.slice() });
          taken.length = back.emitted;
        }
        // Closing tags right at the cut belong here, not at the top of an otherwise empty next part.
        while (st.pos < tokens.length && tokens[st.pos].kind === 'close' && tryTake(tokens[st.pos]));
        // Tags opened with nothing inside yet move to the next part.
        while (taken.length > 0 && taken[taken.length - 1].kind === 'open') {
          const t = taken.pop() as OpenTag;
          st.stack.pop();
          st.used -= size(t);
          st.closing -= closeSize(t);
          st.pos--;
        }
      }
    }

    if (taken.length === 0) {
      stack = simplify(tokens, pos, stack, budget, measure);
      continue; // retry the same part with the simpler stream
    }
    parts.push(
      reopen +
        taken.map((t) => t.s).join('') +
        st.stack
          .map((t) => t.close)
          .reverse()
          .join(''),
    );
    stack = st.stack;
    pos = st.pos;
  }
  return parts;
}

/**
 * Nothing fits the room at `pos`: simplify the rest of the stream in place and return
 * the stack to retry with. A grapheme cluster bigger than the whole room is split into
 * code points (formatting kept); otherwise the formatting is what does not fit, and it
 * is dropped for the rest of the text — losing bold beats losing words.
 * @throws RangeError when a single code point or entity is bigger than the room.
 */
function simplify(tokens: Token[], pos: number, stack: OpenTag[], budget: number, measure: Measure): OpenTag[] {
  let k = pos;
  while (k < tokens.length && tokens[k].kind === 'open') k++;
  const blocker = tokens[k];
  if (blocker?.kind === 'text' && !blocker.s.startsWith('&') && measure(blocker.s) > budget) {
    const points = Array.from(blocker.s);
    if (points.length > 1) {
      const last = points.length - 1;
      tokens.splice(k, 1, ...points.map((s, i): Token => ({ kind: 'text', s, brk: i === last ? blocker.brk : 0 })));
      return stack;
    }
  }
  if (stack.length > 0 || tokens.some((t, i) => i >= pos && t.kind !== 'text')) {
    const rest = tokens.slice(pos).filter((t) => t.kind === 'text');
    tokens.length = pos; // not splice(...rest): spreading 100k tokens overflows the argument limit
    for (const t of rest) tokens.push(t);
    return [];
  }
  throw new RangeError(`split: a part has room for ${budget}, too little for ${JSON.stringify(tokens[pos].s)}`);
}
