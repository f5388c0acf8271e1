// A small reader for feedparser's `Expect:` lines: Python expressions over feedparser's result
// such as `not bozo and entries[0]['title'] == u'Caf\xe9'`. Only the forms those lines use are
// parsed (and/or/not, comparisons, subscripts, attributes, calls, literals); nothing is evaluated.

export type PyNode =
  | { kind: 'name'; name: string }
  | { kind: 'str'; value: string }
  | { kind: 'num'; value: number }
  | { kind: 'tuple'; items: PyNode[] }
  | { kind: 'list'; items: PyNode[] }
  | { kind: 'dict'; items: PyNode[] }
  | { kind: 'index'; target: PyNode; key: PyNode }
  | { kind: 'attr'; target: PyNode; name: string }
  | { kind: 'call'; target: PyNode; args: PyNode[] }
  | { kind: 'not'; operand: PyNode }
  | { kind: 'bool'; op: 'and' | 'or'; left: PyNode; right: PyNode }
  | { kind: 'compare'; op: string; left: PyNode; right: PyNode };

type Token = { t: 'str'; v: string } | { t: 'num'; v: number } | { t: 'name'; v: string } | { t: 'op'; v: string };

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '0': '\0',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '\n': '',
};

function unescape(body: string, raw: boolean, bytes: boolean): string {
  if (raw) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = body[++i] ?? '';
    if (n === 'x') {
      out += String.fromCharCode(Number.parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (n === 'u' && !bytes) {
      out += String.fromCharCode(Number.parseInt(body.slice(i + 1, i + 5), 16));
      i += 4;
    } else if (n === 'U' && !bytes) {
      out += String.fromCodePoint(Number.parseInt(body.slice(i + 1, i + 9), 16));
      i += 8;
    } else if (/[0-7]/.test(n)) {
      const oct = /^[0-7]{1,3}/.exec(body.slice(i))![0];
      out += String.fromCharCode(Number.parseInt(oct, 8));
      i += oct.length - 1;
    } else if (n in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[n];
    } else {
      out += `\\${n}`;
    }
  }
  return out;
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const str = /^([uUbBrR]{0,2})('''|"""|'|")/.exec(src.slice(i, i + 5));
    if (str && (str[1] === '' || /^[A-Za-z]/.test(c))) {
      const prefix = str[1]!.toLowerCase();
      const quote = str[2]!;
      let j = i + str[0].length;
      while (j < src.length && !src.startsWith(quote, j)) j += src[j] === '\\' ? 2 : 1;
      if (j >= src.length) throw new Error(`unterminated string at ${i}`);
      out.push({ t: 'str', v: unescape(src.slice(i + str[0].length, j), prefix.includes('r'), prefix.includes('b')) });
      i = j + quote.length;
      continue;
    }
    const num = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[lL]?/.exec(src.slice(i));
    if (num && (c !== '-' || out.length === 0 || out[out.length - 1]!.t === 'op')) {
      out.push({ t: 'num', v: Number.parseFloat(num[0].replace(/[lL]$/, '')) });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (name) {
      out.push({ t: 'name', v: name[0] });
      i += name[0].length;
      continue;
    }
    const op = /^(==|!=|<=|>=|[-+*%<>()[\]{},.:])/.exec(src.slice(i));
    if (!op) throw new Error(`unexpected ${JSON.stringify(c)} at ${i}`);
    out.push({ t: 'op', v: op[0] });
    i += op[0].length;
  }
  return out;
}

class Parser {
  private pos = 0;
  constructor(private readonly toks: Token[]) {}

  private peek(): Token | undefined {
    return this.toks[this.pos];
  }
  private isOp(v: string): boolean {
    const t = this.peek();
    return t?.t === 'op' && t.v === v;
  }
  private isName(v: string): boolean {
    const t = this.peek();
    return t?.t === 'name' && t.v === v;
  }
  private expectOp(v: string): void {
    if (!this.isOp(v)) throw new Error(`expected ${v} at token ${this.pos}`);
    this.pos++;
  }

  parseAll(): PyNode {
    const node = this.or();
    if (this.pos !== this.toks.length) throw new Error(`trailing tokens at ${this.pos}`);
    return node;
  }

  private or(): PyNode {
    let left = this.and();
    while (this.isName('or')) {
      this.pos++;
      left = { kind: 'bool', op: 'or', left, right: this.and() };
    }
    return left;
  }
  private and(): PyNode {
    let left = this.not();
    while (this.isName('and')) {
      this.pos++;
      left = { kind: 'bool', op: 'and', left, right: this.not() };
    }
    return left;
  }
  private not(): PyNode {
    if (this.isName('not')) {
      this.pos++;
      return { kind: 'not', operand: this.not() };
    }
    return this.comparison();
  }
  private comparison(): PyNode {
    let left = this.arith();
    for (;;) {
      let op: string | undefined;
      const t = this.peek();
      if (t?.t === 'op' && ['==', '!=', '<', '>', '<=', '>='].includes(t.v)) op = t.v;
      else if (this.isName('in')) op = 'in';
      else if (this.isName('is')) op = 'is';
      else if (this.isName('not') && this.toks[this.pos + 1]?.v === 'in') op = 'not in';
      if (op === undefined) return left;
      this.pos += op === 'not in' ? 2 : 1;
      if (op === 'is' && this.isName('not')) {
        this.pos++;
        op = 'is not';
      }
      left = { kind: 'compare', op, left, right: this.arith() };
    }
  }
  private arith(): PyNode {
    let left = this.postfix();
    while (this.isOp('+') || this.isOp('-') || this.isOp('*') || this.isOp('%')) {
      const op = (this.peek() as { v: string }).v;
      this.pos++;
      left = { kind: 'call', target: { kind: 'name', name: `op${op}` }, args: [left, this.postfix()] };
    }
    return left;
  }
  private postfix(): PyNode {
    let node = this.atom();
    for (;;) {
      if (this.isOp('[')) {
        this.pos++;
        const key = this.or();
        this.expectOp(']');
        node = { kind: 'index', target: node, key };
      } else if (this.isOp('.')) {
        this.pos++;
        const t = this.peek();
        if (t?.t !== 'name') throw new Error('attribute name expected');
        this.pos++;
        node = { kind: 'attr', target: node, name: t.v };
      } else if (this.isOp('(')) {
        this.pos++;
        const args = this.items(')');
        node = { kind: 'call', target: node, args };
      } else return node;
    }
  }
  /** Comma-separated expressions up to `close` (consumed); `key: value` pairs count as two items. */
  private items(close: string): PyNode[] {
    const items: PyNode[] = [];
    while (!this.isOp(close)) {
      items.push(this.or());
      if (this.isOp(':')) {
        this.pos++;
        items.push(this.or());
      }
      if (this.isOp(',')) this.pos++;
      else break;
    }
    this.expectOp(close);
    return items;
  }
  private atom(): PyNode {
    const t = this.peek();
    if (t === undefined) throw new Error('unexpected end');
    this.pos++;
    if (t.t === 'str') {
      let value = t.v;
      // Adjacent literals concatenate, as in Python.
      while (this.peek()?.t === 'str') value += (this.toks[this.pos++] as { v: string }).v;
      return { kind: 'str', value };
    }
    if (t.t === 'num') return { kind: 'num', value: t.v };
    if (t.t === 'name') return { kind: 'name', name: t.v };
    if (t.v === '(') {
      const items = this.items(')');
      return items.length === 1 && this.toks[this.pos - 2]?.v !== ',' ? items[0]! : { kind: 'tuple', items };
    }
    if (t.v === '[') return { kind: 'list', items: this.items(']') };
    if (t.v === '{') return { kind: 'dict', items: this.items('}') };
    if (t.v === '-' && this.peek()?.t === 'num') return { kind: 'num', value: -(this.toks[this.pos++] as { v: number }).v };
    throw new Error(`unexpected ${t.v}`);
  }
}

export function parsePython(src: string): PyNode {
  return new Parser(tokenize(src)).parseAll();
}

/**
 * The `==` comparisons that must all hold for the expression to be true: those joined by
 * `and` at the top level. Comparisons under `or` or `not` are not required, so they are left out.
 */
export function requiredEqualities(node: PyNode): { left: PyNode; right: PyNode }[] {
  if (node.kind === 'bool' && node.op === 'and') return [...requiredEqualities(node.left), ...requiredEqualities(node.right)];
  if (node.kind === 'compare' && node.op === '==') return [{ left: node.left, right: node.right }];
  return [];
}

/** Bare names that must be truthy (`bozo` in `bozo and …`), joined by `and` at the top level. */
export function requiredNames(node: PyNode): string[] {
  if (node.kind === 'bool' && node.op === 'and') return [...requiredNames(node.left), ...requiredNames(node.right)];
  return node.kind === 'name' ? [node.name] : [];
}

/** `entries[0]['title_detail'].value` → ['entries', 0, 'title_detail', 'value']; undefined for anything else. */
export function pathOf(node: PyNode): (string | number)[] | undefined {
  if (node.kind === 'name') return [node.name];
  if (node.kind === 'attr') {
    const base = pathOf(node.target);
    return base && [...base, node.name];
  }
  if (node.kind === 'index') {
    const base = pathOf(node.target);
    if (!base) return undefined;
    if (node.key.kind === 'str') return [...base, node.key.value];
    if (node.key.kind === 'num') return [...base, node.key.value];
    return undefined;
  }
  // feed.get('title') reads like feed['title'].
  if (node.kind === 'call' && node.target.kind === 'attr' && node.target.name === 'get' && node.args[0]?.kind === 'str') {
    const base = pathOf(node.target.target);
    return base && [...base, node.args[0].value];
  }
  return undefined;
}

/** A literal's JavaScript value: strings, numbers and tuples/lists of them; undefined otherwise. */
export function literalOf(node: PyNode): unknown {
  if (node.kind === 'str' || node.kind === 'num') return node.value;
  if (node.kind === 'tuple' || node.kind === 'list') {
    const items = node.items.map(literalOf);
    return items.includes(undefined) ? undefined : items;
  }
  if (node.kind === 'name' && node.name === 'None') return null;
  return undefined;
}
