// How terms are stored in MiniSearch. Its radix tree finds a child by scanning
// a node's keys one by one, which is fine for Latin (a few dozen first
// letters) but not for Chinese, where the root would have one child per
// distinct character — thousands — and every insert and lookup would scan
// them. Storing each Han character as five hex digits keeps every node's
// fan-out at 16 or less; fixed width keeps prefixes aligned, so a
// one-character prefix search still finds exactly the bigrams starting with it.
import { isHanTerm } from './tokenizer';

/** Marks encoded keys; the tokenizer never puts `#` in a Latin term. */
const HAN_KEY = '#';

/** The index key for a term: Latin terms as they are, Han terms hex-encoded. */
export function termKey(term: string): string {
  if (!isHanTerm(term)) return term;
  let key = HAN_KEY;
  for (const c of term) key += c.codePointAt(0)!.toString(16).padStart(5, '0');
  return key;
}

/** The term an index key stands for. */
export function termOfKey(key: string): string {
  if (!key.startsWith(HAN_KEY)) return key;
  let term = '';
  for (let i = HAN_KEY.length; i + 5 <= key.length; i += 5) term += String.fromCodePoint(parseInt(key.slice(i, i + 5), 16));
  return term;
}
