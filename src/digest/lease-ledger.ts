// The lease-and-parts mechanics shared by the ledgers of planned messages (digests, alerts):
// who holds the right to send, which frozen parts the platform confirmed, and each message's
// outcome. Each ledger keeps its own tables and columns; this works on any pair shaped like
// (id, channel, status, planned_at, attempts, last_error, lease_holder, lease_until) with
// parts keyed by (<fk>, idx, message_id, sent_at).
import type { SqlStatement as Statement } from '../store/engine/types';
import type { DB } from '../store/db';

/** A ledger's table names: compile-time constants, never user input (they go into SQL text). */
export interface LeaseTables {
  readonly table: 'digests' | 'alerts';
  readonly parts: 'digest_parts' | 'alert_parts';
  /** The parts table's column naming its message. */
  readonly partsKey: 'digest_id' | 'alert_id';
}

export abstract class LeaseLedger<Row, Rec> {
  /** Statements prepared once per SQL text: a fan-out runs these several times per message sent. */
  private readonly statements = new Map<string, Statement>();

  protected constructor(
    readonly db: DB,
    private readonly t: LeaseTables,
    private readonly toRecord: (r: Row) => Rec,
  ) {}

  protected sql<P extends unknown[] = unknown[], R = unknown>(text: string): Statement<P, R> {
    let s = this.statements.get(text);
    if (!s) this.statements.set(text, (s = this.db.prepare(text)));
    return s as Statement<P, R>;
  }

  get(id: number): Rec | undefined {
    const r = this.sql<[number], Row>(`SELECT * FROM ${this.t.table} WHERE id = ?`).get(id);
    return r ? this.toRecord(r) : undefined;
  }

  /** Every message of a channel, oldest first (for /settings, tests and logs). */
  history(channel: string): Rec[] {
    return this.sql<[string], Row>(`SELECT * FROM ${this.t.table} WHERE channel = ? ORDER BY id`).all(channel).map(this.toRecord);
  }

  /**
   * Ids and channels of the messages not yet fully confirmed, oldest first: what a retry sweep
   * needs, without decoding every row of a fan-out still under way.
   */
  pendingRefs(): { id: number; channel: string }[] {
    return this.sql<[], { id: number; channel: string }>(
      `SELECT id, channel FROM ${this.t.table} WHERE status = 'pending' ORDER BY id`,
    ).all();
  }

  /** Planned messages not yet fully confirmed, oldest first; optionally one channel's. */
  pending(channel?: string): Rec[] {
    const rows = channel
      ? this.sql<[string], Row>(`SELECT * FROM ${this.t.table} WHERE status = 'pending' AND channel = ? ORDER BY id`).all(channel)
      : this.sql<[], Row>(`SELECT * FROM ${this.t.table} WHERE status = 'pending' ORDER BY id`).all();
    return rows.map(this.toRecord);
  }

  /**
   * Takes the right to send a message. IMMEDIATE so two processes cannot both read the lease
   * as free; a lease whose holder stopped renewing (crashed) can be taken once it expires.
   * Not re-entrant: a holder that already has it gets false, so one process never runs
   * two senders for one message either.
   */
  acquire(id: number, holder: string, now: number, ttlMs: number): boolean {
    return this.db
      .transaction(
        () =>
          this.sql(
            `UPDATE ${this.t.table} SET lease_holder = ?, lease_until = ?
               WHERE id = ? AND status = 'pending' AND (lease_holder IS NULL OR lease_until <= ?)`,
          ).run(holder, now + ttlMs, id, now).changes === 1,
      )
      .immediate();
  }

  /** Extends a lease this holder still has; false if it was taken over or the message ended. */
  renew(id: number, holder: string, now: number, ttlMs: number): boolean {
    return (
      this.sql(`UPDATE ${this.t.table} SET lease_until = ? WHERE id = ? AND status = 'pending' AND lease_holder = ?`).run(
        now + ttlMs,
        id,
        holder,
      ).changes === 1
    );
  }

  release(id: number, holder: string): void {
    this.sql(`UPDATE ${this.t.table} SET lease_holder = NULL, lease_until = NULL WHERE id = ? AND lease_holder = ?`).run(id, holder);
  }

  /** Leases a holder left behind in an earlier run under the same name: stale by definition. */
  releaseAll(holder: string): number {
    return this.sql(`UPDATE ${this.t.table} SET lease_holder = NULL, lease_until = NULL WHERE lease_holder = ?`).run(holder).changes;
  }

  /**
   * Records the platform's confirmation of one part. When it was the last one, the message is
   * complete and `completed` runs in this same transaction, so a crash can never leave a
   * finished message with its consequences (a moved watermark) undone, or the reverse.
   */
  confirmPart(id: number, idx: number, messageId: string, now: number): { complete: boolean } {
    const { table, parts, partsKey } = this.t;
    return this.db
      .transaction(() => {
        this.sql(`UPDATE ${parts} SET message_id = ?, sent_at = ? WHERE ${partsKey} = ? AND idx = ? AND message_id IS NULL`).run(
          messageId,
          now,
          id,
          idx,
        );
        const left = this.sql<[number], { n: number }>(
          `SELECT count(*) AS n FROM ${parts} WHERE ${partsKey} = ? AND message_id IS NULL`,
        ).get(id)!.n;
        if (left > 0) return { complete: false };
        const done = this.sql(
          `UPDATE ${table} SET status = 'sent', completed_at = ?, lease_holder = NULL, lease_until = NULL
             WHERE id = ? AND status = 'pending'`,
        ).run(now, id).changes;
        if (done) this.completed(id, now);
        return { complete: true };
      })
      .immediate();
  }

  /** Runs inside confirmPart's transaction when the last part of a pending message was confirmed. */
  protected completed(_id: number, _now: number): void {}

  /** Gives a message up for good. */
  abandon(id: number, reason: string): void {
    this.sql(
      `UPDATE ${this.t.table} SET status = 'abandoned', last_error = ?, lease_holder = NULL, lease_until = NULL
         WHERE id = ? AND status = 'pending'`,
    ).run(reason, id);
  }

  recordFailure(id: number, error: string): void {
    this.sql(`UPDATE ${this.t.table} SET attempts = attempts + 1, last_error = ? WHERE id = ?`).run(error, id);
  }

  /** Forgets finished messages planned before `before` (their parts cascade); pending ones are kept whatever their age. */
  prune(before: number): number {
    return this.sql(`DELETE FROM ${this.t.table} WHERE status != 'pending' AND planned_at < ?`).run(before).changes;
  }
}
