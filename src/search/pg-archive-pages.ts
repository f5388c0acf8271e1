// The body worker's reader of a PostgreSQL store: pages of new articles, read
// with pg's own asynchronous client: this thread needs nothing but pages, and
// reading them without the synchronous bridge (store/engine) costs no thread hop.
import pg from 'pg';
import type { ArchivedArticle } from './archive-reader';
import { toArchived, WHOLE, type Row } from './store-archive';

const INT8 = 20;

export interface ArchivePages {
  /** Up to `limit` articles with seq above `afterSeq`, in seq order, whole. */
  after(afterSeq: number, limit: number): Promise<ArchivedArticle[]>;
  close(): Promise<void>;
}

export async function openPgArchivePages(url: string): Promise<ArchivePages> {
  const client = new pg.Client({
    connectionString: url,
    // seq and the timestamps are BIGINT: numbers, as SQLite returns them (they stay below 2^53).
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8 ? Number : (pg.types.getTypeParser(oid, format) as unknown)) as typeof pg.types.getTypeParser,
    },
  });
  await client.connect();
  const sql = `SELECT ${WHOLE} FROM articles WHERE seq > $1 ORDER BY seq LIMIT $2`;
  return {
    async after(afterSeq, limit) {
      const r = await client.query<Row>(sql, [afterSeq, limit]);
      return r.rows.map((row) => toArchived(row));
    },
    close: () => client.end(),
  };
}
