// An article as the articles table stores it, and as the store hands it out.
import type { Article } from './types';

export interface ArticleRow {
  seq: number;
  id: string;
  source: string;
  guid: string | null;
  url: string | null;
  title: string;
  summary: string;
  content_hash: string;
  categories: string;
  topics: string;
  published_at: string | null;
  first_seen_at: number;
  updated_at: number;
  edited_seq: number | null;
}

export const ARTICLE_COLUMNS =
  'seq, id, source, guid, url, title, summary, content_hash, categories, topics, published_at, first_seen_at, updated_at, edited_seq';

export function toArticle(r: ArticleRow): Article {
  return {
    id: r.id,
    seq: r.seq,
    source: r.source,
    guid: r.guid,
    url: r.url,
    title: r.title,
    summary: r.summary,
    contentHash: r.content_hash,
    categories: JSON.parse(r.categories) as string[],
    topics: JSON.parse(r.topics) as string[],
    publishedAt: r.published_at,
    firstSeenAt: r.first_seen_at,
    updatedAt: r.updated_at,
    ...(r.edited_seq === null ? {} : { editedSeq: r.edited_seq }),
  };
}
