// What the head index (index.ts) takes and gives: options, results, a query's matches.
import type { Glossary } from './glossary';
import type { QueryPlan } from './plan-types';
import type { ScoreVec } from './sparse';

export interface SearchOptions {
  /** Only articles with this topic id. */
  topic?: string;
  /** Default 5. */
  limit?: number;
  offset?: number;
}

export interface SearchResult {
  total: number;
  hits: { id: string; score: number }[];
}

export interface ArticleIndexOptions {
  glossary?: Glossary;
  /** Only the start of the summary (its lead) is in the head; this bounds memory and start-up time. Default 240. */
  maxSummaryChars?: number;
  /**
   * How prominent a match in the lead is halves this many characters in:
   * articles name their subject early (see ranking.ts). Default 60; 0: anywhere in the lead counts alike.
   */
  leadHalfAt?: number;
}

/** A query's head matches: those with every unit, and (when few) those with some. */
export interface HeadMatches {
  plan: QueryPlan;
  full: ScoreVec;
  /** Matches of some units only, without the full ones; empty unless full matches are few. */
  partial: ScoreVec;
  /** The full matches of the strict plan, if one was given (else `full`). */
  exact: ScoreVec;
}
