// Assigning taxonomy topics to an article: pure keyword rules plus feed categories.
import type { Taxonomy, TopicDef } from './taxonomy';
import { categoryTopicId, nameKey } from './taxonomy';

export interface Classifiable {
  title: string;
  summary: string;
  categories: string[];
}

type Matcher = (text: string) => boolean;

function keywordMatcher(keyword: string): Matcher {
  const escaped = keyword.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // Latin keywords match whole words so "loss" doesn't fire inside "glossary";
  // CJK text has no word boundaries, so those match as substrings.
  if (/^[\x00-\x7f]+$/.test(keyword)) {
    const re = new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, 'i');
    return (t) => re.test(t);
  }
  const lower = keyword.toLowerCase();
  // Callers pass text already lower-cased once per article, not once per keyword.
  return (t) => t.includes(lower);
}

export interface Classifier {
  classify(article: Classifiable): string[];
  /** Maps a feed category to a taxonomy topic id through aliases, or its own topic id. */
  topicForCategory(category: string): string;
}

export function createClassifier(taxonomy: Taxonomy): Classifier {
  const rules = taxonomy.topics.map((t: TopicDef) => ({ id: t.id, matchers: t.keywords.map(keywordMatcher) }));
  const byName = new Map<string, string>();
  for (const t of taxonomy.topics) {
    for (const n of [t.id, t.name.zh, t.name.en, ...t.aliases]) byName.set(nameKey(n), t.id);
  }
  const topicForCategory = (c: string) => byName.get(nameKey(c)) ?? categoryTopicId(c);
  return {
    topicForCategory,
    classify({ title: rawTitle, summary: rawSummary, categories }) {
      const title = rawTitle.toLowerCase();
      const summary = rawSummary.toLowerCase();
      const topics = new Set<string>();
      for (const c of categories) topics.add(topicForCategory(c));
      for (const rule of rules) {
        if (rule.matchers.some((m) => m(title))) {
          topics.add(rule.id);
          continue;
        }
        let hits = 0;
        for (const m of rule.matchers) if (m(summary) && ++hits >= taxonomy.minBodyHits) break;
        if (hits >= taxonomy.minBodyHits) topics.add(rule.id);
      }
      const order = taxonomy.topics.map((t) => t.id);
      return [...topics].sort((a, b) => rank(order, a) - rank(order, b) || a.localeCompare(b));
    },
  };
}

function rank(order: string[], id: string): number {
  const i = order.indexOf(id);
  return i < 0 ? order.length : i;
}
