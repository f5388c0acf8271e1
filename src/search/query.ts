// Plans a search: turns a user's query into units that must all match (one per
// word or Chinese fragment), each an expression over index terms, with
// glossary translations as lower-weighted alternatives. The plan is pure data;
// `evaluate.ts` runs it against the index.
import type { Glossary } from './glossary';
import { normalizeForMatch } from './normalize';
import type { PlanNode, QueryPlan, QueryUnit, TermNode } from './plan-types';
import { hanQueryTerms, isLatinTerm, queryPieces, segment, tokenizeQuery, type Segment, type WordSegment } from './tokenizer';

export type { TermNode, AllNode, AnyNode, PlanNode, QueryUnit, QueryPlan } from './plan-types';

/** Glossary translations count for less than the user's own words. */
export const EXPANSION_WEIGHT = 0.5;
/** Finding a compound's pieces apart (`prefix tuning` for `PrefixTuning`) counts for a little less than finding it whole. */
export const PIECES_WEIGHT = 0.8;
/** Typo tolerance: at most round(0.2 × length) edits, so 1 for 4–7 letters and 2 for 8–12. */
const FUZZINESS = 0.2;
const MIN_FUZZY_LENGTH = 4;
const MIN_PREFIX_LENGTH = 3;
/** Bounds the extra work glossary expansion can add to a query. */
const MAX_EXPANSIONS = 12;

/**
 * Chinese function characters left alone between glossary words (卷积和池化 →
 * 卷积 | 和 | 池化): a one-character unit is a prefix search over every bigram
 * it starts, costly and, for these, meaningless.
 */
const STOP_CHARS = new Set([...'的地得了和与及或是在也都对把被从为以等之而并就又很吗呢吧啊个这那']);

/** Common English words that would otherwise make an AND query demand them. */
const STOP_WORDS = new Set([
  'a',
  'an',
  'and',
  'are',
  'as',
  'at',
  'be',
  'by',
  'for',
  'from',
  'how',
  'in',
  'is',
  'it',
  'of',
  'on',
  'or',
  'the',
  'to',
  'what',
  'with',
]);

function termNode(term: string, fuzzyAllowed: boolean): TermNode {
  if (!isLatinTerm(term)) return { op: 'term', term, prefix: [...term].length === 1, fuzzy: false };
  const letters = /^[\p{L}\p{M}]+$/u.test(term);
  return {
    op: 'term',
    term,
    prefix: term.length >= MIN_PREFIX_LENGTH,
    fuzzy: fuzzyAllowed && letters && term.length >= MIN_FUZZY_LENGTH ? FUZZINESS : false,
  };
}

function all(nodes: PlanNode[], partial = false, phrase?: string): PlanNode {
  return nodes.length === 1 ? nodes[0]! : { op: 'all', nodes, ...(partial ? { partial } : {}), ...(phrase ? { phrase } : {}) };
}

function wordNode(word: WordSegment, fuzzy: boolean): PlanNode {
  const whole = termNode(word.whole, fuzzy);
  const pieces = queryPieces(word);
  if (!pieces.length) return whole;
  return { op: 'any', nodes: [whole, all(pieces.map((p) => termNode(p, fuzzy)))], weights: [1, PIECES_WEIGHT] };
}

function hanNode(text: string, partial = false): PlanNode {
  return all(
    hanQueryTerms(text).map((t) => termNode(t, false)),
    partial,
    text,
  );
}

/** An expression for a glossary form: all its words/fragments, exact or prefix but never fuzzy. */
function formNode(form: string): PlanNode | null {
  const nodes = segment(form).map((s) => (s.kind === 'han' ? hanNode(s.text) : wordNode(s, false)));
  return nodes.length ? all(nodes) : null;
}

interface Budget {
  expansions: number;
}

function withAlternatives(own: PlanNode, alternatives: string[], budget: Budget): PlanNode {
  const nodes: PlanNode[] = [own];
  for (const form of alternatives) {
    if (budget.expansions <= 0) break;
    const node = formNode(form);
    if (!node) continue;
    nodes.push(node);
    budget.expansions--;
  }
  if (nodes.length === 1) return own;
  return { op: 'any', nodes, weights: nodes.map((_, i) => (i === 0 ? 1 : EXPANSION_WEIGHT)) };
}

function hanWeight(text: string): number {
  return Math.max(1, [...text].length / 2);
}

interface PlannedUnit extends QueryUnit {
  /** A lone stop word or function character: required only when the query has nothing else. */
  stop: boolean;
}

/**
 * A Han run cut at glossary words (forward maximum matching), each word with
 * its translations as alternatives. The glossary doubles as a light word
 * segmenter here: the bigram spanning two words is not required, which lets
 * 注意力模块 match an article saying "attention 模块"; phrase ranking still
 * puts the exact phrase first.
 */
function hanUnits(run: string, glossary: Glossary, budget: Budget): PlannedUnit[] {
  const chars = [...run];
  const units: PlannedUnit[] = [];
  let plain = '';
  const flush = () => {
    if (plain) units.push({ node: hanNode(plain, true), weight: hanWeight(plain), stop: STOP_CHARS.has(plain) });
    plain = '';
  };
  for (let i = 0; i < chars.length;) {
    const match = glossary.matchHan(chars, i);
    if (!match) {
      plain += chars[i];
      i++;
      continue;
    }
    flush();
    const text = chars.slice(i, i + match.length).join('');
    units.push({ node: withAlternatives(hanNode(text, true), match.alternatives, budget), weight: hanWeight(text), stop: false });
    i += match.length;
  }
  flush();
  return units;
}

/** Latin words grouped into glossary phrases where they form one (`face recognition`). */
function wordUnits(words: WordSegment[], glossary: Glossary, budget: Budget): PlannedUnit[] {
  // Keys are the words' pieces; a glossary phrase must start and end on word boundaries.
  const keys: string[] = [];
  const wordStart: number[] = [];
  const wordEndAt = new Map<number, number>();
  words.forEach((w, i) => {
    wordStart.push(keys.length);
    keys.push(...(w.pieces.length ? w.pieces : [w.whole]));
    wordEndAt.set(keys.length, i + 1);
  });
  const units: PlannedUnit[] = [];
  for (let i = 0; i < words.length;) {
    const start = wordStart[i]!;
    let end: number | undefined;
    let alternatives: string[] = [];
    for (let maxLength = keys.length - start; maxLength > 0 && end === undefined;) {
      const match = glossary.matchLatin(keys, start, maxLength);
      if (!match) break;
      end = wordEndAt.get(start + match.length);
      alternatives = match.alternatives;
      maxLength = match.length - 1;
    }
    if (end !== undefined) {
      const own = all(
        words.slice(i, end).map((w) => wordNode(w, true)),
        true,
      );
      units.push({ node: withAlternatives(own, alternatives, budget), weight: end - i, stop: false });
      i = end;
    } else {
      units.push({ node: wordNode(words[i]!, true), weight: 1, stop: STOP_WORDS.has(words[i]!.whole) });
      i++;
    }
  }
  return units;
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

function phrasesOf(segments: Segment[]): string[] {
  const phrases: string[] = [];
  let words: string[] = [];
  const flushWords = () => {
    if (words.length > 1) phrases.push(words.join(' '));
    words = [];
  };
  for (const seg of segments) {
    if (seg.kind === 'word') {
      words.push(seg.whole);
      continue;
    }
    flushWords();
    if ([...seg.text].length > 1) phrases.push(seg.text);
  }
  flushWords();
  return phrases;
}

/** Plans `query`. An empty plan (no units) means the query had nothing searchable. */
export function planQuery(query: string, glossary: Glossary): QueryPlan {
  const { segments } = tokenizeQuery(query);
  const budget: Budget = { expansions: MAX_EXPANSIONS };
  const units: PlannedUnit[] = [];
  let words: WordSegment[] = [];
  const flushWords = () => {
    units.push(...wordUnits(words, glossary, budget));
    words = [];
  };
  for (const seg of segments) {
    if (seg.kind === 'word') {
      words.push(seg);
      continue;
    }
    flushWords();
    units.push(...hanUnits(seg.text, glossary, budget));
  }
  flushWords();
  const content = units.filter((u) => !u.stop);
  const phrases = unique(phrasesOf(segments).map(normalizeForMatch).filter(Boolean));
  // A word said twice asks nothing more, but each copy was matched and scored again (a
  // 200-character query repeating one word took 200 ms at 100k articles).
  const seen = new Set<string>();
  const distinct = (content.length ? content : units).filter((u) => {
    const key = JSON.stringify(u.node);
    return !seen.has(key) && !!seen.add(key);
  });
  return {
    units: distinct.map(({ node, weight }) => ({ node, weight })),
    phrases,
    phraseForms: phrases.map((p) => unique([p, ...glossary.expand(p).map(normalizeForMatch)].filter(Boolean))),
  };
}

/**
 * The plan without typo tolerance for the words `known` says occur as typed:
 * an article with the very word (even deep in its text) beats one with a
 * near miss in its title. Null when nothing changes (no such word, or none
 * typo-tolerant).
 */
export function withoutTypos(plan: QueryPlan, known: (term: string) => boolean): QueryPlan | null {
  // Unchanged nodes stay the same objects, so their results can be reused.
  const strip = (node: PlanNode): PlanNode => {
    if (node.op === 'term') return node.fuzzy === false || !known(node.term) ? node : { ...node, fuzzy: false };
    const nodes = node.nodes.map(strip);
    return nodes.every((n, i) => n === node.nodes[i]) ? node : { ...node, nodes };
  };
  const units = plan.units.map((u) => {
    const node = strip(u.node);
    return node === u.node ? u : { ...u, node };
  });
  return units.some((u, i) => u !== plan.units[i]) ? { ...plan, units } : null;
}
