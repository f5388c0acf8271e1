// Terminal and JSON shapes of CLI results (the JSON shape is a contract scripts rely on).
import type { Locale } from '../core/types';
import type { Article } from '../store/types';
import type { TopicRegistry } from '../topics/registry';
import { snippet } from '../text/snippet';

export interface ArticleJson {
  id: string;
  title: string;
  summary: string;
  url: string | null;
  topics: string[];
  publishedAt: string | null;
  firstSeenAt: string;
  score?: number;
}

export function articleJson(a: Article & { score?: number }): ArticleJson {
  return {
    id: a.id,
    title: a.title,
    summary: a.summary,
    url: a.url,
    topics: a.topics,
    publishedAt: a.publishedAt,
    firstSeenAt: new Date(a.firstSeenAt).toISOString(),
    ...(a.score !== undefined ? { score: Math.round(a.score * 1000) / 1000 } : {}),
  };
}

export function articleLines(a: Article, n: number, topics: TopicRegistry, locale: Locale, width = 100): string {
  const meta = [a.topics.map((t) => topics.name(t, locale)).join(', '), a.publishedAt?.slice(0, 10)].filter(Boolean).join(' · ');
  const lines = [`${n}. ${a.title}`];
  if (meta) lines.push(`   ${meta}`);
  lines.push(`   ${snippet(a.summary, width)}`);
  if (a.url) lines.push(`   ${a.url}`);
  return lines.join('\n');
}
