// Assigning taxonomy topics to an article: pure keyword rules plus feed categories.
import type { Taxonomy, TopicDef } from './taxonomy';
import { categoryTopicId, nameKey } from './taxonomy';

export interface Classifiable {
  title: string;
  summary: string;
  categories: string[];
}

/** A lower-cased text and, made on first use, the set of its Latin words ([a-z0-9] runs). */
interface Text {
  s: string;
  words(): Set<string>;
}

type Matcher = (text: Text) => boolean;

const isWordChar = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);

function textOf(lower: string): Text {
  let words: Set<string> | undefined;
  return {
    s: lower,
    words() {
      if (!words) {
        words = new Set();
        let start = -1;
        for (let i = 0; i <= lower.length; i++) {
          const word = i < lower.length && isWordChar(lower.charCodeAt(i));
          if (word && start < 0) start = i;
          else if (!word && start >= 0) {
            words.add(lower.slice(start, i));
            start = -1;
          }
        }
      }
      return words;
    },
  };
}

function keywordMatcher(keyword: string): Matcher {
  const lower = keyword.toLowerCase();
  // Callers pass text already lower-cased once per article, not once per keyword.
  // CJK text has no word boundaries, so those keywords match as substrings.
  if (!/^[\x00-\x7f]+$/.test(keyword)) return (t) => t.s.includes(lower);
  // Latin keywords match whole words so "loss" doesn't fire inside "glossary". A one-word
  // keyword is looked up among the text's words (split once per text); a longer one is found
  // with indexOf and its neighbours checked. A lookbehind regex per keyword was most of the
  // cost of classifying at bulk-ingest rates.
  if (/^[a-z0-9]+$/.test(lower)) return (t) => t.words().has(lower);
  // Each word of a keyword that matches at word boundaries is a whole word of the text, so a
  // text lacking one of them is ruled out by set lookups, without scanning it.
  const parts = lower.split(/[^a-z0-9]+/).filter(Boolean);
  return (text) => {
    const words = text.words();
    if (!parts.every((p) => words.has(p))) return false;
    const t = text.s;
    for (let i = t.indexOf(lower); i >= 0; i = t.indexOf(lower, i + 1)) {
      const end = i + lower.length;
      if ((i === 0 || !isWordChar(t.charCodeAt(i - 1))) && (end >= t.length || !isWordChar(t.charCodeAt(end)))) return true;
    }
    return false;
  };
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
      const title = textOf(rawTitle.toLowerCase());
      const summary = textOf(rawSummary.toLowerCase());
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
