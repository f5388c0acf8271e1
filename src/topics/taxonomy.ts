// The topic taxonomy (data/topics.json): loading, validation and name lookup.
import { readFileSync } from 'node:fs';
import type { Locale, Localized } from '../core/types';

export interface TopicDef {
  id: string;
  name: Localized;
  aliases: string[];
  keywords: string[];
}

export interface Taxonomy {
  topics: TopicDef[];
  /** Distinct keywords an article's text needs (without a title hit) to get a topic. */
  minBodyHits: number;
}

export function parseTaxonomy(json: string, source = 'topics.json'): Taxonomy {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new Error(`${source}: not valid JSON (${(err as Error).message})`);
  }
  const obj = raw as { topics?: unknown; minBodyHits?: unknown };
  if (!Array.isArray(obj.topics)) throw new Error(`${source}: "topics" must be an array`);
  const seen = new Set<string>();
  const topics = obj.topics.map((t: Partial<TopicDef>, i: number): TopicDef => {
    if (!t || typeof t.id !== 'string' || !/^[a-z0-9-]+$/.test(t.id)) {
      throw new Error(`${source}: topic #${i + 1} needs an id of lower-case letters, digits or '-'`);
    }
    if (seen.has(t.id)) throw new Error(`${source}: duplicate topic id "${t.id}"`);
    seen.add(t.id);
    if (!t.name || typeof t.name.zh !== 'string' || typeof t.name.en !== 'string') {
      throw new Error(`${source}: topic "${t.id}" needs name.zh and name.en`);
    }
    return { id: t.id, name: t.name, aliases: t.aliases ?? [], keywords: t.keywords ?? [] };
  });
  const minBodyHits = typeof obj.minBodyHits === 'number' && obj.minBodyHits > 0 ? obj.minBodyHits : 2;
  return { topics, minBodyHits };
}

export function loadTaxonomy(path: string): Taxonomy {
  return parseTaxonomy(readFileSync(path, 'utf8'), path);
}

/** Lower-cased, full-width folded, spaces/underscores as '-', for matching names users type. */
export function nameKey(s: string): string {
  return s
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
}

/** Topic id for a feed category that matches no taxonomy topic. */
export function categoryTopicId(category: string): string {
  const slug = nameKey(category)
    .replace(/[^\p{L}\p{N}-]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return `cat-${slug || 'misc'}`;
}

export function topicName(t: { name: Localized }, locale: Locale): string {
  return t.name[locale];
}
