// Answers searches while the index is still being built (a large archive at
// start-up): substring matching in SQLite, every word or Chinese run of the
// query required, title matches first, then newest. Slower and plainer than
// the index (no bigram scoring, typo tolerance or glossary), but a search
// that arrives early gets an answer instead of waiting or failing.
import type { DB } from '../store/db';
import { segment } from './tokenizer';

export interface FallbackResult {
  total: number;
  ids: string[];
}

/** Bounds the LIKE conditions one query adds. */
const MAX_TERMS = 8;

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function fallbackSearch(db: DB, query: string, opts: { topic?: string; limit: number; offset: number }): FallbackResult {
  const terms = [...new Set(segment(query).map((s) => (s.kind === 'han' ? s.text : s.whole)))].slice(0, MAX_TERMS);
  if (!terms.length) return { total: 0, ids: [] };
  const patterns = terms.map(likePattern);
  const where = patterns.map(() => `(title LIKE ? ESCAPE '\\' OR summary LIKE ? ESCAPE '\\')`).join(' AND ');
  const titleHits = patterns.map(() => `(title LIKE ? ESCAPE '\\')`).join(' + ');
  const topic = opts.topic === undefined ? '' : ' AND seq IN (SELECT seq FROM article_topics WHERE topic = ?)';
  const rows = db
    .prepare<unknown[], { id: string; total: number }>(
      `SELECT id, count(*) OVER () AS total FROM articles WHERE ${where}${topic}
       ORDER BY ${titleHits} DESC, coalesce(published_at, '') DESC, first_seen_at DESC, seq DESC LIMIT ? OFFSET ?`,
    )
    .all(...patterns.flatMap((p) => [p, p]), ...(opts.topic === undefined ? [] : [opts.topic]), ...patterns, opts.limit, opts.offset);
  if (!rows.length && opts.offset > 0) {
    // Paged past the end: the window function had no row to report the total on.
    const count = db
      .prepare<unknown[], { n: number }>(`SELECT count(*) AS n FROM articles WHERE ${where}${topic}`)
      .get(...patterns.flatMap((p) => [p, p]), ...(opts.topic === undefined ? [] : [opts.topic]))!;
    return { total: count.n, ids: [] };
  }
  return { total: rows[0]?.total ?? 0, ids: rows.map((r) => r.id) };
}
