// The shape of a query plan: pure data made by query.ts, run by evaluate.ts (head) and
// body-query.ts (body).
export interface TermNode {
  op: 'term';
  term: string;
  prefix: boolean;
  /** MiniSearch fuzziness: a fraction of the term length, or false. */
  fuzzy: number | false;
}

/** Every child must match; scores are averaged so a unit weighs about one word however many bigrams it has. */
export interface AllNode {
  op: 'all';
  nodes: PlanNode[];
  /**
   * May match only some children when nothing matches fully: set for the
   * user's own words (a phrase's words, a Chinese fragment's bigrams), never
   * for glossary translations, which only count when found whole.
   */
  partial?: boolean;
  /** Set for a Chinese run: the run itself, which the body index matches as a phrase. */
  phrase?: string;
}

/** Any child may match; the best weighted child counts. */
export interface AnyNode {
  op: 'any';
  nodes: PlanNode[];
  weights: number[];
}

export type PlanNode = TermNode | AllNode | AnyNode;

export interface QueryUnit {
  node: PlanNode;
  /**
   * How much the unit counts in a document's total: about its length in
   * words (a Chinese fragment counts one per two characters), so in
   * 注意力机制原理 the rare long term outweighs the common short one.
   */
  weight: number;
}

export interface QueryPlan {
  /** One per word / Chinese fragment / glossary phrase of the query; a full hit matches them all. */
  units: QueryUnit[];
  /** Phrases as typed (Chinese runs, consecutive Latin words) in normalizeForMatch form, for ranking. */
  phrases: string[];
  /** Per phrase: the phrase and, when it is a glossary term, its translations (normalizeForMatch form). */
  phraseForms: string[][];
}
