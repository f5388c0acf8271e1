// The digest ledger: what was planned for each (channel, local day), which parts the
// platform confirmed, and who holds the right to send. It is what makes delivery
// exactly-once across crashes, restarts and several processes on one database.
import type { Reply } from '../core/types';
import type { DB } from '../store/db';
import type { SubscriptionStore } from '../store/subscriptions';

export type DigestStatus = 'pending' | 'sent' | 'empty' | 'abandoned';

export interface DigestRecord {
  id: number;
  channel: string;
  /** Local day (YYYY-MM-DD in the subscription's zone) the digest belongs to. */
  day: string;
  status: DigestStatus;
  articleIds: string[];
  /** The subscription's watermark once this digest is complete; null when nothing was new. */
  upTo: { seq: number; at: number } | null;
  /** Articles listed under "Updated". */
  updatedIds: string[];
  /** The subscription's edit watermark once this digest is complete; null when no edit was considered. */
  editsUpTo: number | null;
  plannedAt: number;
  completedAt: number | null;
  attempts: number;
  lastError: string | null;
  leaseHolder: string | null;
  leaseUntil: number | null;
}

export interface DigestPart {
  idx: number;
  reply: Reply;
  messageId: string | null;
  sentAt: number | null;
}

export interface NewDigest {
  channel: string;
  day: string;
  articleIds: string[];
  upTo: { seq: number; at: number } | null;
  updatedIds?: string[];
  editsUpTo?: number | null;
  parts: Reply[];
  plannedAt: number;
}

interface Row {
  id: number;
  channel: string;
  day: string;
  status: DigestStatus;
  article_ids: string;
  up_to_seq: number | null;
  up_to_at: number | null;
  updated_ids: string;
  up_to_edit_seq: number | null;
  planned_at: number;
  completed_at: number | null;
  attempts: number;
  last_error: string | null;
  lease_holder: string | null;
  lease_until: number | null;
}

function toRecord(r: Row): DigestRecord {
  return {
    id: r.id,
    channel: r.channel,
    day: r.day,
    status: r.status,
    articleIds: JSON.parse(r.article_ids) as string[],
    upTo: r.up_to_seq === null ? null : { seq: r.up_to_seq, at: r.up_to_at ?? 0 },
    updatedIds: JSON.parse(r.updated_ids) as string[],
    editsUpTo: r.up_to_edit_seq,
    plannedAt: r.planned_at,
    completedAt: r.completed_at,
    attempts: r.attempts,
    lastError: r.last_error,
    leaseHolder: r.lease_holder,
    leaseUntil: r.lease_until,
  };
}

export class DigestLedger {
  constructor(
    readonly db: DB,
    private readonly subscriptions: SubscriptionStore,
  ) {}

  get(id: number): DigestRecord | undefined {
    const r = this.db.prepare<[number], Row>('SELECT * FROM digests WHERE id = ?').get(id);
    return r ? toRecord(r) : undefined;
  }

  find(channel: string, day: string): DigestRecord | undefined {
    const r = this.db.prepare<[string, string], Row>('SELECT * FROM digests WHERE channel = ? AND day = ?').get(channel, day);
    return r ? toRecord(r) : undefined;
  }

  /** Every digest of a channel, oldest first (for /settings, tests and logs). */
  history(channel: string): DigestRecord[] {
    return this.db.prepare<[string], Row>('SELECT * FROM digests WHERE channel = ? ORDER BY id').all(channel).map(toRecord);
  }

  /** Planned digests not yet fully confirmed, oldest first; optionally one channel's. */
  pending(channel?: string): DigestRecord[] {
    const rows = channel
      ? this.db.prepare<[string], Row>(`SELECT * FROM digests WHERE status = 'pending' AND channel = ? ORDER BY id`).all(channel)
      : this.db.prepare<[], Row>(`SELECT * FROM digests WHERE status = 'pending' ORDER BY id`).all();
    return rows.map(toRecord);
  }

  parts(id: number): DigestPart[] {
    return this.db
      .prepare<[number], { idx: number; reply: string; message_id: string | null; sent_at: number | null }>(
        'SELECT idx, reply, message_id, sent_at FROM digest_parts WHERE digest_id = ? ORDER BY idx',
      )
      .all(id)
      .map((p) => ({ idx: p.idx, reply: JSON.parse(p.reply) as Reply, messageId: p.message_id, sentAt: p.sent_at }));
  }

  /**
   * Records a planned digest. One with no parts is complete at once ('empty'): the day is
   * accounted for and the watermark moves past what was considered, in the same transaction.
   * Callers run this inside their own IMMEDIATE transaction together with the existence check.
   */
  insert(d: NewDigest): DigestRecord {
    const empty = d.parts.length === 0;
    const info = this.db
      .prepare(
        `INSERT INTO digests (channel, day, status, article_ids, up_to_seq, up_to_at, updated_ids, up_to_edit_seq, planned_at, completed_at)
         VALUES (@channel, @day, @status, @ids, @seq, @at, @updatedIds, @editSeq, @now, @completed)`,
      )
      .run({
        channel: d.channel,
        day: d.day,
        status: empty ? 'empty' : 'pending',
        ids: JSON.stringify(d.articleIds),
        seq: d.upTo?.seq ?? null,
        at: d.upTo?.at ?? null,
        updatedIds: JSON.stringify(d.updatedIds ?? []),
        editSeq: d.editsUpTo ?? null,
        now: d.plannedAt,
        completed: empty ? d.plannedAt : null,
      });
    const id = Number(info.lastInsertRowid);
    const addPart = this.db.prepare('INSERT INTO digest_parts (digest_id, idx, reply) VALUES (?, ?, ?)');
    d.parts.forEach((p, i) => addPart.run(id, i, JSON.stringify(p)));
    if (empty) this.advance(d.channel, d.upTo, d.editsUpTo ?? null, d.plannedAt);
    return this.get(id)!;
  }

  /** Moves both of a subscription's watermarks past what a completed digest considered. */
  private advance(channel: string, upTo: DigestRecord['upTo'], editsUpTo: number | null, now: number): void {
    if (upTo) this.subscriptions.advance(channel, upTo.seq, upTo.at, now);
    if (editsUpTo !== null) this.subscriptions.advanceEdits(channel, editsUpTo, now);
  }

  /**
   * Takes the right to send a digest. IMMEDIATE so two processes cannot both read the lease
   * as free; a lease whose holder stopped renewing (crashed) can be taken once it expires.
   * Not re-entrant: a holder that already has it gets false, so one process never runs
   * two senders for one digest either.
   */
  acquire(id: number, holder: string, now: number, ttlMs: number): boolean {
    return this.db
      .transaction(
        () =>
          this.db
            .prepare(
              `UPDATE digests SET lease_holder = ?, lease_until = ?
               WHERE id = ? AND status = 'pending' AND (lease_holder IS NULL OR lease_until <= ?)`,
            )
            .run(holder, now + ttlMs, id, now).changes === 1,
      )
      .immediate();
  }

  /** Extends a lease this holder still has; false if it was taken over or the digest ended. */
  renew(id: number, holder: string, now: number, ttlMs: number): boolean {
    return (
      this.db
        .prepare(`UPDATE digests SET lease_until = ? WHERE id = ? AND status = 'pending' AND lease_holder = ?`)
        .run(now + ttlMs, id, holder).changes === 1
    );
  }

  release(id: number, holder: string): void {
    this.db.prepare('UPDATE digests SET lease_holder = NULL, lease_until = NULL WHERE id = ? AND lease_holder = ?').run(id, holder);
  }

  /** Leases a holder left behind in an earlier run under the same name: stale by definition. */
  releaseAll(holder: string): number {
    return this.db.prepare('UPDATE digests SET lease_holder = NULL, lease_until = NULL WHERE lease_holder = ?').run(holder).changes;
  }

  /**
   * Records the platform's confirmation of one part. When it was the last one, the digest is
   * complete and the subscription's watermarks move — in this same transaction, so a crash
   * can never leave a finished digest with an unmoved watermark or the reverse.
   */
  confirmPart(id: number, idx: number, messageId: string, now: number): { complete: boolean } {
    return this.db
      .transaction(() => {
        this.db
          .prepare('UPDATE digest_parts SET message_id = ?, sent_at = ? WHERE digest_id = ? AND idx = ? AND message_id IS NULL')
          .run(messageId, now, id, idx);
        const left = this.db
          .prepare<[number], { n: number }>('SELECT count(*) AS n FROM digest_parts WHERE digest_id = ? AND message_id IS NULL')
          .get(id)!.n;
        if (left > 0) return { complete: false };
        const done = this.db
          .prepare(
            `UPDATE digests SET status = 'sent', completed_at = ?, lease_holder = NULL, lease_until = NULL
             WHERE id = ? AND status = 'pending'`,
          )
          .run(now, id).changes;
        const d = this.get(id)!;
        if (done) this.advance(d.channel, d.upTo, d.editsUpTo, now);
        return { complete: true };
      })
      .immediate();
  }

  /** Gives a digest up for good; the watermark stays, so its articles go in a later digest. */
  abandon(id: number, reason: string): void {
    this.db
      .prepare(
        `UPDATE digests SET status = 'abandoned', last_error = ?, lease_holder = NULL, lease_until = NULL
         WHERE id = ? AND status = 'pending'`,
      )
      .run(reason, id);
  }

  recordFailure(id: number, error: string): void {
    this.db.prepare('UPDATE digests SET attempts = attempts + 1, last_error = ? WHERE id = ?').run(error, id);
  }

  /**
   * Forgets finished digests planned before `before` (their parts cascade). Only recent days
   * matter for one-per-day and catch-up; pending ones are kept whatever their age.
   */
  prune(before: number): number {
    return this.db.prepare(`DELETE FROM digests WHERE status != 'pending' AND planned_at < ?`).run(before).changes;
  }

  /** Follows a channel that changed id (Telegram group → supergroup) with its unsent digests. */
  moveChannel(from: string, to: string): void {
    this.db.prepare(`UPDATE OR IGNORE digests SET channel = ? WHERE channel = ? AND status = 'pending'`).run(to, from);
  }
}
