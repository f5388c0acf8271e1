// Assigning taxonomy topics to an article: pure keyword rules plus feed categories.
import type { Taxonomy, TopicDef } from './taxonomy';
import { categoryTopicId, nameKey } from './taxonomy';
import { compileKeywords, STAMP_LIMIT } from './keyword-scan';

export interface Classifiable {
  title: string;
  summary: string;
  categories: string[];
}

export interface Classifier {
  classify(article: Classifiable): string[];
  /** Maps a feed category to a taxonomy topic id through aliases, or its own topic id. */
  topicForCategory(category: string): string;
}

export function createClassifier(taxonomy: Taxonomy): Classifier {
  const scanner = compileKeywords(taxonomy.topics.flatMap((t: TopicDef) => t.keywords));
  // Each rule lists its keywords' ids, repeats included: a topic listing two spellings that
  // match alike ("TensorFlow", "Tensorflow") counts a hit for each, as it always has.
  let at = 0;
  const rules = taxonomy.topics.map((t: TopicDef) => ({ id: t.id, keywords: t.keywords.map(() => scanner.ids[at++]!) }));
  const order = new Map<string, number>();
  taxonomy.topics.forEach((t, i) => order.has(t.id) || order.set(t.id, i));
  const rank = (id: string) => order.get(id) ?? taxonomy.topics.length;
  const byName = new Map<string, string>();
  for (const t of taxonomy.topics) {
    for (const n of [t.id, t.name.zh, t.name.en, ...t.aliases]) byName.set(nameKey(n), t.id);
  }
  const topicForCategory = (c: string) => byName.get(nameKey(c)) ?? categoryTopicId(c);
  // Keywords found in the title and in the text, stamped per article (see keyword-scan.ts).
  const inTitle = new Int32Array(scanner.size);
  const inText = new Int32Array(scanner.size);
  let stamp = 0;
  return {
    topicForCategory,
    classify({ title, summary, categories }) {
      if (stamp >= STAMP_LIMIT) {
        inTitle.fill(0);
        inText.fill(0);
        stamp = 0;
      }
      const s = ++stamp;
      const topics = new Set<string>();
      for (const c of categories) topics.add(topicForCategory(c));
      scanner.scan(title, inTitle, s);
      let textScanned = false;
      for (const rule of rules) {
        if (rule.keywords.some((k) => inTitle[k] === s)) {
          topics.add(rule.id);
          continue;
        }
        if (!textScanned) {
          scanner.scan(summary, inText, s);
          textScanned = true;
        }
        let hits = 0;
        for (const k of rule.keywords) if (inText[k] === s && ++hits >= taxonomy.minBodyHits) break;
        if (hits >= taxonomy.minBodyHits) topics.add(rule.id);
      }
      return [...topics].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    },
  };
}
