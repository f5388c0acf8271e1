// Turns a planned query (query.ts: the same plan the head index runs) into an
// FTS5 MATCH expression for the body index: every unit required (AND), a
// unit's alternatives (glossary translations, a compound whole or by its
// pieces) as OR, a Chinese run as a phrase of its bigrams (`"随机 机选 选择"`:
// adjacent, in order; a single character as the prefix of a token), a Latin word as itself OR the indexed words within
// its typo distance OR those it is a prefix of (from the body's vocabulary)
// when the text has no such word as typed.
// Everything from the user is quoted, with quotes doubled, so no query —
// `"`, `*`, `NEAR(`, `AND`, `-`, `:` or `^` in it — is ever FTS5 syntax.
import type { BodyVocab } from './body-vocab';
import { queryText } from './body-text';
import type { PlanNode, QueryPlan, TermNode } from './query';
import { isLatinTerm } from './tokenizer';

/** What MiniSearch's fuzziness fraction allows at most, as in term-scores.ts. */
const MAX_FUZZY = 6;

/** An FTS5 string: tokenised by the table's tokenizer, never parsed as syntax. */
export function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** What building an expression needs, and what it found: whether any part is a prefix. */
interface Build {
  vocab: BodyVocab | null;
  prefix: boolean;
}

/** Text as the index has it (body-text.ts), quoted; a prefix when it ends in a lone Han character. */
function indexedForm(text: string, b: Build): string {
  const q = queryText(text);
  if (!q.prefix) return quote(q.text);
  b.prefix = true;
  return `${quote(q.text)}*`;
}

function termExpr(node: TermNode, b: Build): string {
  if (!isLatinTerm(node.term)) return indexedForm(node.term, b);
  const own = quote(node.term);
  const { vocab } = b;
  // A word the text has is taken as meant: typo and prefix alternatives of a
  // common word add little but cost a lot (every one is another term to merge).
  if (!vocab || vocab.has(node.term)) return own;
  const maxDistance =
    node.fuzzy === false ? 0 : node.fuzzy < 1 ? Math.min(MAX_FUZZY, Math.round(node.term.length * node.fuzzy)) : node.fuzzy;
  const more = vocab.expansions(node.term, { maxDistance, prefix: node.prefix });
  return more.length ? `(${[own, ...more.map(quote)].join(' OR ')})` : own;
}

function nodeExpr(node: PlanNode, b: Build): string {
  switch (node.op) {
    case 'term':
      return termExpr(node, b);
    case 'all':
      if (node.phrase !== undefined) return indexedForm(node.phrase, b);
      return `(${node.nodes.map((n) => nodeExpr(n, b)).join(' AND ')})`;
    case 'any':
      return `(${node.nodes.map((n) => nodeExpr(n, b)).join(' OR ')})`;
  }
}

export interface BodyMatch {
  /** The FTS5 MATCH expression. */
  expr: string;
  /**
   * It has a lone Chinese character, the prefix of every bigram it starts:
   * FTS5 merges all their lists before reading a row (10–20 ms for a common one at 100k articles).
   */
  prefix: boolean;
}

/**
 * The MATCH expression for articles matching every unit of `plan` anywhere
 * in their text; null for a plan with nothing to search. Without a
 * vocabulary, Latin words match only as typed.
 */
export function bodyMatch(plan: QueryPlan, vocab: BodyVocab | null): BodyMatch | null {
  if (!plan.units.length) return null;
  const b: Build = { vocab, prefix: false };
  const expr = plan.units.map((u) => nodeExpr(u.node, b)).join(' AND ');
  return { expr, prefix: b.prefix };
}
