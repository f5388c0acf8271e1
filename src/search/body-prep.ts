// Turning an article row into what the body index stores for it (its FTS5
// row and its vocabulary terms): the same function whether the row is
// prepared in the indexing transaction or ahead of it in a worker thread
// (body-feed.ts), so both feed the index the same text.
import { bodyRow, type BodyRow } from './body-text';

/** The articles columns the body index is built from. */
export interface ArticleRow {
  seq: number;
  title: string;
  summary: string;
  categories: string;
  content_hash: string;
}

export interface PreparedRow {
  seq: number;
  /** What the row was prepared from besides its text: it is used only if the article still has them. */
  contentHash: string;
  categories: string;
  row: BodyRow;
  /** Its vocabulary terms, in the order they occur. */
  vocab: string[];
  /** Characters of text, counted against a step's maxChars. */
  chars: number;
}

export const ARTICLE_COLUMNS = 'seq, title, summary, categories, content_hash';

export function prepareRow(r: ArticleRow, leadChars: number): PreparedRow {
  const vocab = new Set<string>();
  const categories = JSON.parse(r.categories) as string[];
  const row = bodyRow({ title: r.title, summary: r.summary, categories }, leadChars, vocab);
  return {
    seq: r.seq,
    contentHash: r.content_hash,
    categories: r.categories,
    row,
    vocab: [...vocab],
    chars: r.summary.length + r.title.length,
  };
}
