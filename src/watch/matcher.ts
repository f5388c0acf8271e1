// Matching a batch of new articles against many chats' watches, with what repeats cached:
// a query is planned once however many chats watch it, and an article's text is prepared
// once however many watches it is checked against.
import { LRUCache } from 'lru-cache';
import { Glossary } from '../search/glossary';
import type { Watch } from '../store/watches';
import type { Article } from '../store/types';
import { articleText, compileWatch, DEFAULT_MATCH_RULE, matchWatch, type ArticleText, type CompiledWatch, type MatchRule } from './match';

export interface WatchMatcher {
  readonly rule: MatchRule;
  /** The watches (of one chat) an article is about, in the order given. */
  matching(watches: readonly Watch[], article: Article): Watch[];
  /** Whether a query has anything to look for (a query of punctuation has not). */
  searchable(query: string): boolean;
}

export function createWatchMatcher(rule: MatchRule = DEFAULT_MATCH_RULE, glossary = new Glossary()): WatchMatcher {
  const compiled = new LRUCache<string, CompiledWatch>({ max: 10_000 });
  // Prepared texts hold an article's whole text in match form: a few hundred recent ones.
  const texts = new LRUCache<string, ArticleText>({ max: 256 });
  const compile = (w: Watch): CompiledWatch => {
    const key = `${w.topic ?? ''}\u0000${w.query}`;
    let c = compiled.get(key);
    if (!c) compiled.set(key, (c = compileWatch(w.query, w.topic, glossary)));
    return c;
  };
  const textOf = (a: Article): ArticleText => {
    // updatedAt: an edited article is prepared afresh.
    const key = `${a.seq}:${a.updatedAt}`;
    let t = texts.get(key);
    if (!t) texts.set(key, (t = articleText(a, rule)));
    return t;
  };
  return {
    rule,
    matching(watches, article) {
      if (!watches.length) return [];
      const text = textOf(article);
      return watches.filter((w) => matchWatch(compile(w), text, rule) !== null);
    },
    searchable: (query) => compileWatch(query, null, glossary).units.length > 0,
  };
}
