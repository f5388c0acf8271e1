// Inbound updates already handled by some process sharing the database: a platform that
// redelivers an update (a webhook retried after a timeout, or sent to another process behind
// the same address) gets it handled once.
import type { DB } from './db';

/** Telegram keeps an unconfirmed update for 24 hours; a key is kept as long. */
export const SEEN_KEEP_MS = 24 * 3_600_000;
/** Old keys are deleted once every this many new ones, so the table stays about a day long. */
const PRUNE_EVERY = 1000;

export class SeenUpdates {
  private added = 0;

  constructor(private readonly db: DB) {}

  /** True the first time `key` is seen by any process on this database; false for a repeat. */
  firstTime(key: string, now: number): boolean {
    const fresh = this.db.prepare('INSERT INTO seen_updates (key, at) VALUES (?, ?) ON CONFLICT DO NOTHING').run(key, now).changes === 1;
    if (fresh && ++this.added % PRUNE_EVERY === 0) this.prune(now - SEEN_KEEP_MS);
    return fresh;
  }

  prune(before: number): number {
    return this.db.prepare('DELETE FROM seen_updates WHERE at < ?').run(before).changes;
  }
}
