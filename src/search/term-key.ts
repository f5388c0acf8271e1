// How terms are stored in MiniSearch. Its radix tree finds a child by scanning
// a node's keys one by one, which is fine for Latin (a few dozen first
// letters) but not for Chinese, where the root would have one child per
// distinct character — thousands — and every insert and lookup would scan
// them. Storing each Han character as five hex digits keeps every node's
// fan-out at 16 or less; fixed width keeps prefixes aligned, so a
// one-character prefix search still finds exactly the bigrams starting with it.
import { isHanTerm } from './tokenizer';

/** Marks encoded keys; the tokenizer never puts `#` in a Latin term. */
export const HAN_KEY = '#';

/** Han code points all lie below this; their encodings are cached in a flat table. */
const CACHED_BELOW = 0x40000;
const hexCache: (string | undefined)[] = new Array<string | undefined>(CACHED_BELOW);

/** A code point as five hex digits (every Han character fits). */
export function hexCodePoint(cp: number): string {
  if (cp >= CACHED_BELOW) return cp.toString(16).padStart(5, '0');
  return (hexCache[cp] ??= cp.toString(16).padStart(5, '0'));
}

/** The index key for a term: Latin terms as they are, Han terms hex-encoded. */
export function termKey(term: string): string {
  if (!isHanTerm(term)) return term;
  let key = HAN_KEY;
  for (const c of term) key += hexCodePoint(c.codePointAt(0)!);
  return key;
}

/** The term an index key stands for. */
export function termOfKey(key: string): string {
  if (!key.startsWith(HAN_KEY)) return key;
  let term = '';
  for (let i = HAN_KEY.length; i + 5 <= key.length; i += 5) term += String.fromCodePoint(parseInt(key.slice(i, i + 5), 16));
  return term;
}
