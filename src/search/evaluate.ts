// Runs a query plan's expressions over per-term scores. Kept apart from the
// index so the combination rules (what "all" and "any" mean for scores) can be
// read, and tested, without MiniSearch.
import type { PlanNode, TermNode } from './query';

/** Document id → score. */
export type Scores = Map<string, number>;

/** Scores of the documents one term (with its prefix/fuzzy options) matches. */
export type TermLookup = (node: TermNode) => Scores;

function intersectMean(children: Scores[]): Scores {
  const bySize = [...children].sort((a, b) => a.size - b.size);
  const out: Scores = new Map();
  outer: for (const [id, first] of bySize[0] ?? []) {
    let sum = first;
    for (let i = 1; i < bySize.length; i++) {
      const s = bySize[i]!.get(id);
      if (s === undefined) continue outer;
      sum += s;
    }
    out.set(id, sum / children.length);
  }
  return out;
}

/** Like intersectMean, but a missing child scores 0 instead of excluding the document. */
function unionMean(children: Scores[]): Scores {
  const out: Scores = new Map();
  for (const child of children) {
    for (const [id, s] of child) out.set(id, (out.get(id) ?? 0) + s / children.length);
  }
  return out;
}

function bestOf(children: Scores[], weights: number[]): Scores {
  const out: Scores = new Map();
  children.forEach((child, i) => {
    const w = weights[i] ?? 1;
    for (const [id, s] of child) out.set(id, Math.max(out.get(id) ?? 0, w * s));
  });
  return out;
}

/**
 * Scores of the documents matching `node`. In relaxed mode a `partial` node
 * accepts documents matching only some of its children (scored by the share
 * they match), which is how a Chinese query with no full match still finds something.
 */
export function evaluate(node: PlanNode, lookup: TermLookup, relaxed = false): Scores {
  switch (node.op) {
    case 'term':
      return lookup(node);
    case 'all': {
      const children = node.nodes.map((n) => evaluate(n, lookup, relaxed));
      return relaxed && node.partial ? unionMean(children) : intersectMean(children);
    }
    case 'any':
      return bestOf(
        node.nodes.map((n) => evaluate(n, lookup, relaxed)),
        node.weights,
      );
  }
}

function weighted(units: Scores[], weights: readonly number[]): Scores[] {
  return units.map((u, i) => {
    const w = weights[i] ?? 1;
    return w === 1 ? u : new Map([...u].map(([id, s]) => [id, s * w]));
  });
}

/** Documents matching every unit, scored by the weighted sum of their unit scores. */
export function matchAll(units: Scores[], weights: readonly number[] = []): Scores {
  const mean = intersectMean(weighted(units, weights));
  for (const [id, s] of mean) mean.set(id, s * units.length);
  return mean;
}

/** Documents matching any unit, scored by the weighted sum of the unit scores they get. */
export function matchAny(units: Scores[], weights: readonly number[] = []): Scores {
  const mean = unionMean(weighted(units, weights));
  for (const [id, s] of mean) mean.set(id, s * units.length);
  return mean;
}
