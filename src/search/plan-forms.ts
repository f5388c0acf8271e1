// A query plan as text to look for: each unit of planQuery's plan (a word, a Chinese
// fragment, a glossary phrase) becomes the phrases that stand for it — its own words and
// its glossary translations — in normalizeForMatch form. For checks over one text at a
// time (saved searches), where an index's bigram postings are not at hand: a Chinese run's
// bigrams are joined back into the run, so it is found only as written, never scattered.
import { planQuery, type PlanNode } from './query';
import type { Glossary } from './glossary';
import { matchForm } from './normalize';
import { isHanTerm } from './tokenizer';

/** One way a unit can be present: every phrase in it, all in the same text. */
export type FormAlternative = string[];

export interface UnitForms {
  /** Any one alternative present means the unit is present. Own words first. */
  alternatives: FormAlternative[];
}

/** Bounds the combinations one multi-word node may produce. */
const MAX_COMBINATIONS = 16;

const isBigram = (n: PlanNode): n is PlanNode & { op: 'term'; term: string } =>
  n.op === 'term' && isHanTerm(n.term) && [...n.term].length === 2;

/** Consecutive bigrams (扩散, 散模, 模型) back into their run; a break (deduplicated bigrams) starts another phrase. */
function chainBigrams(terms: string[]): string[] {
  const runs: string[] = [];
  let run = '';
  let last = '';
  for (const t of terms) {
    const [a, b] = [...t] as [string, string];
    if (run && a === last) run += b;
    else {
      if (run) runs.push(run);
      run = t;
    }
    last = b;
  }
  if (run) runs.push(run);
  return runs;
}

function join(a: FormAlternative, b: FormAlternative): FormAlternative {
  // Single phrases of words join into one phrase (`reinforcement` + `learning`); anything else must all be present.
  if (a.length === 1 && b.length === 1 && !isHanTerm(a[0]!) && !isHanTerm(b[0]!)) return [`${a[0]} ${b[0]}`];
  return [...a, ...b];
}

function formsOf(node: PlanNode): FormAlternative[] {
  switch (node.op) {
    case 'term': {
      const form = matchForm(node.term);
      return form ? [[form]] : [];
    }
    case 'any':
      return node.nodes.flatMap(formsOf);
    case 'all': {
      if (node.nodes.every(isBigram)) return [chainBigrams(node.nodes.map((n) => (n as { term: string }).term))];
      let combos: FormAlternative[] = [[]];
      for (const child of node.nodes) {
        const alts = formsOf(child);
        if (!alts.length) return [];
        const next: FormAlternative[] = [];
        for (const c of combos) for (const a of alts) if (next.length < MAX_COMBINATIONS) next.push(c.length ? join(c, a) : a);
        combos = next;
      }
      return combos;
    }
  }
}

function dedupe(alts: FormAlternative[]): FormAlternative[] {
  const seen = new Set<string>();
  return alts.filter((a) => {
    const key = a.join('\u0000');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The query's units as phrases to find (empty: nothing searchable in the query). */
export function planForms(query: string, glossary: Glossary): UnitForms[] {
  return planQuery(query, glossary)
    .units.map((u) => ({ alternatives: dedupe(formsOf(u.node)) }))
    .filter((u) => u.alternatives.length > 0);
}
