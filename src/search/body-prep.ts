// Turning an article row into what the body index stores for it (its FTS5
// row and its vocabulary terms): the same function whether the row is
// prepared in the indexing transaction or ahead of it in a worker thread
// (body-feed.ts), so both feed the index the same text.
import type { ArchivedArticle } from './archive-reader';
import { bodyRow, type BodyRow } from './body-text';
import { textHash } from './doc-fields';

/**
 * An article's signature in the index: what its row was made from besides the
 * text's own hash. A title can change with the text unchanged (a feed's edit, a
 * derived title refined), and the row's title column must follow it.
 */
export const signatureOf = (contentHash: string, categoriesJson: string, title: string): number =>
  textHash(`${contentHash}\u0000${categoriesJson}\u0000${title}`);

/** What of an article the body index is built from. */
export type ArticleRow = Pick<ArchivedArticle, 'seq' | 'title' | 'summary' | 'categories' | 'topics' | 'contentHash'>;

/** A column's text: a string, or its UTF-8 bytes (what a worker sends: no string to rebuild here, bound as is). */
export type ColumnText = string | Uint8Array;

export interface PreparedRow {
  seq: number;
  contentHash: string;
  /** The tags as JSON. */
  categories: string;
  /** `signatureOf` what the row was prepared from: it is used only if the article still has that signature. */
  sig: number;
  /** Kept by an index in a file of its own, for topic filters. */
  topics: string[];
  row: { [K in keyof BodyRow]: ColumnText };
  /** Its vocabulary terms, in the order they occur. */
  vocab: string[];
  /** Characters of text, counted against a step's maxChars. */
  chars: number;
}

export function prepareRow(r: ArticleRow): PreparedRow {
  const vocab = new Set<string>();
  const row = bodyRow({ title: r.title, summary: r.summary, categories: r.categories }, vocab);
  return {
    seq: r.seq,
    contentHash: r.contentHash,
    categories: JSON.stringify(r.categories),
    sig: signatureOf(r.contentHash, JSON.stringify(r.categories), r.title),
    topics: r.topics,
    row,
    vocab: [...vocab],
    chars: r.summary.length + r.title.length,
  };
}

const COLUMNS = ['title', 'body', 'tags', 'pieces'] as const;

/**
 * The rows with their columns as UTF-8 views into one buffer, to be
 * transferred rather than copied. FTS5 reads a bound blob's bytes as the
 * text they encode, so the index gets the same tokens.
 */
export function packRows(rows: PreparedRow[]): { rows: PreparedRow[]; buffer: ArrayBuffer } {
  let bytes = 0;
  for (const r of rows) for (const c of COLUMNS) bytes += Buffer.byteLength(r.row[c] as string, 'utf8');
  const buffer = new ArrayBuffer(bytes);
  const whole = Buffer.from(buffer);
  let at = 0;
  const packed = rows.map((r) => {
    const row = { ...r.row };
    for (const c of COLUMNS) {
      const n = whole.write(r.row[c] as string, at, 'utf8');
      row[c] = new Uint8Array(buffer, at, n);
      at += n;
    }
    return { ...r, row };
  });
  return { rows: packed, buffer };
}
