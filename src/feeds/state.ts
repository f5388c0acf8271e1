// HTTP validators (ETag / Last-Modified) per polled feed URL, so restarts keep conditional GETs.
import type { DB } from '../store/db';
import type { PollStateStore, PollValidators } from './poller';

export class FeedStateStore implements PollStateStore {
  constructor(private readonly db: DB) {}

  get(url: string): PollValidators | undefined {
    const r = this.db
      .prepare<[string], { etag: string | null; last_modified: string | null; body_hash: string | null }>(
        'SELECT etag, last_modified, body_hash FROM feed_state WHERE url = ?',
      )
      .get(url);
    if (!r) return undefined;
    return {
      ...(r.etag ? { etag: r.etag } : {}),
      ...(r.last_modified ? { lastModified: r.last_modified } : {}),
      ...(r.body_hash ? { bodyHash: r.body_hash } : {}),
    };
  }

  set(url: string, v: PollValidators): void {
    this.db
      .prepare(
        `INSERT INTO feed_state (url, etag, last_modified, body_hash, last_polled_at, last_error) VALUES (?, ?, ?, ?, ?, NULL)
         ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
           body_hash = excluded.body_hash, last_polled_at = excluded.last_polled_at, last_error = NULL`,
      )
      .run(url, v.etag ?? null, v.lastModified ?? null, v.bodyHash ?? null, Date.now());
  }

  recordError(url: string, message: string): void {
    this.db
      .prepare(
        `INSERT INTO feed_state (url, last_polled_at, last_error) VALUES (?, ?, ?)
         ON CONFLICT(url) DO UPDATE SET last_polled_at = excluded.last_polled_at, last_error = excluded.last_error`,
      )
      .run(url, Date.now(), message);
  }
}
