// Runs a query plan's expressions over per-term score vectors. Kept apart
// from the index so the combination rules can be read without it: "all"
// keeps documents every child matches, averaging their scores and taking
// the least prominence (a phrase is as prominent as its least prominent
// part); "any" keeps each document's best weighted child and best
// prominence; in relaxed mode a partial "all" averages over the children a
// document does match (missing ones count 0).
import type { PlanNode, TermNode } from './query';
import { best, intersect, union, type Accumulator, type ScoreVec } from './sparse';

/** Scores of the documents one term (with its prefix/fuzzy options) matches. */
export type TermLookup = (node: TermNode) => ScoreVec;

/** Scratch space for unions: reused across a query's operations. */
export interface Scratch {
  acc: Accumulator;
  /** Document numbers are below this. */
  capacity: number;
}

/**
 * Scores of the documents matching `node`. In relaxed mode a `partial` node
 * accepts documents matching only some of its children (scored by the share
 * they match), which is how a Chinese query with no full match still finds something.
 */
export function evaluate(node: PlanNode, lookup: TermLookup, scratch: Scratch, relaxed = false): ScoreVec {
  switch (node.op) {
    case 'term':
      return lookup(node);
    case 'all': {
      const children = node.nodes.map((n) => evaluate(n, lookup, scratch, relaxed));
      return relaxed && node.partial
        ? union(scratch.acc, scratch.capacity, children, [], children.length)
        : intersect(children, [], children.length, 'min');
    }
    case 'any':
      return best(
        scratch.acc,
        scratch.capacity,
        node.nodes.map((n) => evaluate(n, lookup, scratch, relaxed)),
        node.weights,
      );
  }
}

/** Documents matching every unit, scored by the weighted sum of their unit scores. */
export function matchAll(units: ScoreVec[], weights: readonly number[] = []): ScoreVec {
  return intersect(units, weights, 1, 'mean');
}

/** Documents matching any unit, scored by the weighted sum of the unit scores they get. */
export function matchAny(scratch: Scratch, units: ScoreVec[], weights: readonly number[] = []): ScoreVec {
  return union(scratch.acc, scratch.capacity, units, weights, 1);
}
