// Telling apart untitled articles whose derived titles collide ("twins": excerpts that open the
// same way). Each twin gets the words where its text parts from its closest sibling's.
import { distinguishTitle } from '../text/title';

export interface Twin {
  id: string;
  title: string;
  text: string;
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/**
 * New titles for a group of twins sharing one title, by id (only those that change). Sorting
 * the texts puts each twin beside the sibling it shares the longest opening with, so a group of
 * n costs a sort and n title derivations (n·log n comparisons), not one pass per pair.
 */
export function distinguishTwins(group: Twin[]): Map<string, string> {
  const out = new Map<string, string>();
  if (group.length < 2) return out;
  const sorted = [...group].sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  // shared[k]: how long sorted[k] and sorted[k + 1] open the same way.
  const shared = sorted.slice(1).map((t, k) => commonPrefix(sorted[k]!.text, t.text));
  sorted.forEach((twin, k) => {
    const before = k > 0 ? shared[k - 1]! : -1;
    const after = k < shared.length ? shared[k]! : -1;
    const closest = before >= after ? sorted[k - 1]! : sorted[k + 1]!;
    const title = distinguishTitle(twin.title, twin.text, closest.text);
    if (title !== twin.title) out.set(twin.id, title);
  });
  return out;
}
