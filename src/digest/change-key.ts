// What the shared article readers (candidates.ts, edit-reader.ts, plan-batch.ts) key their
// caches on: a text that changes whenever the articles may have changed, by this connection
// or another one, so a digest never shows stale titles or misses an article.
import { dataVersion, type DB } from '../store/db';
import type { SqlStatement } from '../store/engine/types';

const snapshots = new WeakMap<DB, SqlStatement<[], string>>();

/**
 * SQLite: data_version (moves on another connection's commit) plus `ownWrites`, what this
 * connection's own writes move (the newest seq, update time, edit). PostgreSQL: the current
 * snapshot alone (xmin:xmax:in-progress xids), which moves on as soon as any transaction that
 * writes, this connection's included, begins or commits — one round trip, where the three
 * queries SQLite answers in microseconds would cost three.
 */
export function changeKey(db: DB, ownWrites: () => string): string {
  if (db.engine === 'sqlite') return `${dataVersion(db)}:${ownWrites()}`;
  let s = snapshots.get(db);
  if (!s) snapshots.set(db, (s = db.prepare<[], string>('SELECT pg_current_snapshot()::text').pluck()));
  return s.get()!;
}
