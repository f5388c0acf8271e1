// Counts the work a synchronous call does, as characters and elements visited by the built-ins
// it calls (string searches and copies, regular-expression scans, array walks and joins, JSON)
// plus SQLite statement executions: a measure of algorithmic cost that, unlike a stopwatch, does
// not depend on the machine or its load. Doubling the input of a linear step about doubles it;
// a step that re-reads the rest of its input per item shows up as a square.
//
// The built-ins are patched only for the duration of the call, and the call must be synchronous
// (nothing else may run while they are patched). Each built-in is charged what it may visit:
// a search from its start position to where it stopped, a copy its length, a walk its length.
import Database from 'better-sqlite3';

type AnyFn = (this: unknown, ...args: never[]) => unknown;

// Charges call the unpatched originals, so computing a charge is never itself charged.
const indexOf = String.prototype.indexOf;

const len = (v: unknown): number => (typeof v === 'string' || Array.isArray(v) ? v.length : 0);

function stringSearch(self: string, found: unknown, from: unknown, needle: unknown): number {
  const start = typeof from === 'number' && from > 0 ? Math.min(from, self.length) : 0;
  return typeof found === 'number' && found >= 0 ? found - start + len(needle) : self.length - start;
}

let statementProto: object | undefined;
function sqliteStatementPrototype(): object {
  if (!statementProto) {
    const db = new Database(':memory:');
    statementProto = Object.getPrototypeOf(db.prepare('SELECT 1')) as object;
    db.close();
  }
  return statementProto;
}

/** Charges per call: (receiver, args, result) → units of work. */
type Charge = (self: never, args: never[], result: unknown) => number;

const STRING: Record<string, Charge> = {
  toLowerCase: (s: string) => s.length,
  toUpperCase: (s: string) => s.length,
  toLocaleLowerCase: (s: string) => s.length,
  normalize: (s: string) => s.length,
  trim: (s: string) => s.length,
  trimStart: (s: string) => s.length,
  trimEnd: (s: string) => s.length,
  split: (s: string) => s.length,
  replace: (s: string) => s.length,
  replaceAll: (s: string) => s.length,
  match: (s: string) => s.length,
  matchAll: (s: string) => s.length,
  search: (s: string) => s.length,
  localeCompare: (s: string) => s.length,
  slice: (_s, _a, r) => len(r) + 1,
  substring: (_s, _a, r) => len(r) + 1,
  substr: (_s, _a, r) => len(r) + 1,
  concat: (_s, _a, r) => len(r),
  padStart: (_s, _a, r) => len(r),
  padEnd: (_s, _a, r) => len(r),
  repeat: (_s, _a, r) => len(r),
  indexOf: (s: string, a: unknown[], r) => stringSearch(s, r, a[1], a[0]),
  includes: (s: string, a: unknown[]) => stringSearch(s, indexOf.call(s, a[0] as string, a[1] as number), a[1], a[0]),
  lastIndexOf: (s: string) => s.length,
  startsWith: (_s, a: unknown[]) => len(a[0]) + 1,
  endsWith: (_s, a: unknown[]) => len(a[0]) + 1,
  charCodeAt: () => 1,
  codePointAt: () => 1,
  charAt: () => 1,
  at: () => 1,
  [Symbol.iterator]: (s: string) => s.length,
};

const ARRAY: Record<string, Charge> = {
  join: (_a, _args, r) => len(r) + 1,
  slice: (_a, _args, r) => len(r) + 1,
  splice: (a: unknown[]) => a.length,
  concat: (_a, _args, r) => len(r),
  map: (a: unknown[]) => a.length,
  filter: (a: unknown[]) => a.length,
  forEach: (a: unknown[]) => a.length,
  some: (a: unknown[]) => a.length,
  every: (a: unknown[]) => a.length,
  find: (a: unknown[]) => a.length,
  findIndex: (a: unknown[]) => a.length,
  indexOf: (a: unknown[]) => a.length,
  includes: (a: unknown[]) => a.length,
  reduce: (a: unknown[]) => a.length,
  flatMap: (a: unknown[]) => a.length,
  reverse: (a: unknown[]) => a.length,
  sort: (a: unknown[]) => a.length * Math.max(1, Math.ceil(Math.log2(a.length + 1))),
  shift: (a: unknown[]) => a.length,
  unshift: (a: unknown[]) => a.length,
};

function execCharge(re: RegExp, args: unknown[], result: unknown): number {
  const input = String(args[0]);
  const from = re.global || re.sticky ? re.lastIndex : 0;
  if (result && typeof result === 'object') {
    const m = result as RegExpExecArray;
    return m.index + m[0].length - from + 1;
  }
  // A sticky miss looked at one position; any other miss scanned the rest of the input.
  return re.sticky ? 1 : input.length - from + 1;
}

export interface WorkCount<T> {
  result: T;
  ops: number;
}

/** Runs `fn` with the built-ins patched to count, and returns its result and the work counted. */
export function countWork<T>(fn: () => T): WorkCount<T> {
  let ops = 0;
  const restore: (() => void)[] = [];
  // Every call is charged, nested ones too: work done in a callback of a patched array method
  // (map, forEach…) counts like any other. Built-ins do not call each other observably, except
  // regular-expression methods calling exec, which the spec requires; charging both is linear.
  const patch = (target: object, key: string | symbol, charge: Charge) => {
    const original = (target as Record<string | symbol, AnyFn>)[key];
    if (typeof original !== 'function') return;
    (target as Record<string | symbol, AnyFn>)[key] = function (this: unknown, ...args: never[]) {
      const result = original.apply(this, args);
      ops += charge(this as never, args, result);
      return result;
    };
    restore.push(() => {
      (target as Record<string | symbol, AnyFn>)[key] = original;
    });
  };
  for (const key of Reflect.ownKeys(STRING)) patch(String.prototype, key, STRING[key as string]!);
  for (const key of Object.keys(ARRAY)) patch(Array.prototype, key, ARRAY[key]!);
  patch(RegExp.prototype, 'exec', execCharge as Charge);
  patch(JSON, 'parse', (_j, a: unknown[]) => len(a[0]) + 1);
  patch(JSON, 'stringify', (_j, _a, r) => len(r) + 1);
  const stmt = sqliteStatementPrototype();
  for (const key of ['run', 'get', 'all']) patch(stmt, key, (_s, _a, r) => 1 + (Array.isArray(r) ? r.length : 0));
  patch(stmt, 'iterate', () => 1);
  try {
    const result = fn();
    if (result instanceof Promise) throw new Error('countWork needs a synchronous function');
    return { result, ops };
  } finally {
    for (const undo of restore.reverse()) undo();
  }
}
