// better-sqlite3's parameters (`?` in order, `@name` by name) in PostgreSQL's form ($1, $2, …),
// rewritten outside string literals, quoted identifiers and comments.

export interface Rewritten {
  text: string;
  /** For $1, $2, …: the index of a positional argument, or the name of a named one. */
  slots: (number | string)[];
}

const NAME = /[A-Za-z0-9_]/;

/** One pass over the text: linear in its length. */
export function toNumberedParameters(sql: string): Rewritten {
  const slots: (number | string)[] = [];
  const named = new Map<string, number>();
  let positional = 0;
  let out = '';
  let i = 0;
  const n = sql.length;
  const skipTo = (close: string, from: number): number => {
    const end = sql.indexOf(close, from);
    return end < 0 ? n : end + close.length;
  };
  while (i < n) {
    const c = sql[i]!;
    let end = i + 1;
    if (c === "'") {
      // '' inside a literal is an escaped quote: the scan simply restarts after it.
      end = skipTo("'", i + 1);
    } else if (c === '"') {
      end = skipTo('"', i + 1);
    } else if (c === '-' && sql[i + 1] === '-') {
      end = skipTo('\n', i + 2);
    } else if (c === '/' && sql[i + 1] === '*') {
      end = skipTo('*/', i + 2);
    } else if (c === '?') {
      slots.push(positional++);
      out += `$${slots.length}`;
      i = end;
      continue;
    } else if (c === '@' && NAME.test(sql[i + 1] ?? '')) {
      while (end < n && NAME.test(sql[end]!)) end++;
      const name = sql.slice(i + 1, end);
      let slot = named.get(name);
      if (slot === undefined) {
        slots.push(name);
        slot = slots.length;
        named.set(name, slot);
      }
      out += `$${slot}`;
      i = end;
      continue;
    }
    out += sql.slice(i, end);
    i = end;
  }
  return { text: out, slots };
}

/** The values for $1, $2, … from a statement's arguments, as better-sqlite3 reads them. */
export function bindValues(slots: readonly (number | string)[], args: readonly unknown[]): unknown[] {
  const positional: unknown[] = [];
  let names: Record<string, unknown> | undefined;
  const add = (a: unknown): void => {
    if (Array.isArray(a)) for (const x of a) add(x);
    else if (a !== null && typeof a === 'object' && !Buffer.isBuffer(a) && !(a instanceof Uint8Array)) names = a as Record<string, unknown>;
    else positional.push(a);
  };
  for (const a of args) add(a);
  return slots.map((s) => {
    if (typeof s === 'number') {
      if (s >= positional.length) throw new RangeError('Too few parameter values were provided');
      return positional[s];
    }
    if (!names || !(s in names)) throw new RangeError(`Missing named parameter "${s}"`);
    return names[s];
  });
}
