// The alert ledger: each alert planned for a chat (the batch of articles it covers and its
// rendered parts, frozen before anything is sent), which parts the platform confirmed, and
// who holds the right to send. The digest ledger's guarantees, on tables of its own: an
// alert is sent exactly once across crashes, restarts and processes, by the same sender
// (digest/deliver.ts) the digests use.
import type { Reply } from '../core/types';
import type { DB } from '../store/db';
import type { DeliveryLedger } from '../digest/deliver';

export type AlertStatus = 'pending' | 'sent' | 'abandoned';

export interface AlertRecord {
  id: number;
  channel: string;
  status: AlertStatus;
  /** The batch: articles with fromSeq < seq ≤ upToSeq were considered. */
  fromSeq: number;
  upToSeq: number;
  articleIds: string[];
  plannedAt: number;
  completedAt: number | null;
  attempts: number;
  lastError: string | null;
  leaseHolder: string | null;
}

export interface AlertPart {
  idx: number;
  reply: Reply;
  messageId: string | null;
  sentAt: number | null;
}

export interface NewAlert {
  channel: string;
  fromSeq: number;
  upToSeq: number;
  articleIds: string[];
  parts: Reply[];
  plannedAt: number;
}

interface Row {
  id: number;
  channel: string;
  status: AlertStatus;
  from_seq: number;
  up_to_seq: number;
  article_ids: string;
  planned_at: number;
  completed_at: number | null;
  attempts: number;
  last_error: string | null;
  lease_holder: string | null;
}

const toRecord = (r: Row): AlertRecord => ({
  id: r.id,
  channel: r.channel,
  status: r.status,
  fromSeq: r.from_seq,
  upToSeq: r.up_to_seq,
  articleIds: JSON.parse(r.article_ids) as string[],
  plannedAt: r.planned_at,
  completedAt: r.completed_at,
  attempts: r.attempts,
  lastError: r.last_error,
  leaseHolder: r.lease_holder,
});

export class AlertLedger implements DeliveryLedger {
  constructor(readonly db: DB) {}

  get(id: number): AlertRecord | undefined {
    const r = this.db.prepare<[number], Row>('SELECT * FROM alerts WHERE id = ?').get(id);
    return r ? toRecord(r) : undefined;
  }

  /** Every alert of a chat, oldest first. */
  history(channel: string): AlertRecord[] {
    return this.db.prepare<[string], Row>('SELECT * FROM alerts WHERE channel = ? ORDER BY id').all(channel).map(toRecord);
  }

  /** Alerts not yet fully confirmed, oldest first; optionally one chat's. */
  pending(channel?: string): AlertRecord[] {
    const rows = channel
      ? this.db.prepare<[string], Row>(`SELECT * FROM alerts WHERE status = 'pending' AND channel = ? ORDER BY id`).all(channel)
      : this.db.prepare<[], Row>(`SELECT * FROM alerts WHERE status = 'pending' ORDER BY id`).all();
    return rows.map(toRecord);
  }

  parts(id: number): AlertPart[] {
    return this.db
      .prepare<[number], { idx: number; reply: string; message_id: string | null; sent_at: number | null }>(
        'SELECT idx, reply, message_id, sent_at FROM alert_parts WHERE alert_id = ? ORDER BY idx',
      )
      .all(id)
      .map((p) => ({ idx: p.idx, reply: JSON.parse(p.reply) as Reply, messageId: p.message_id, sentAt: p.sent_at }));
  }

  /** Records a planned alert and its frozen parts. Callers run it inside their IMMEDIATE planning transaction. */
  insert(a: NewAlert): AlertRecord {
    const info = this.db
      .prepare(`INSERT INTO alerts (channel, from_seq, up_to_seq, status, article_ids, planned_at) VALUES (?, ?, ?, 'pending', ?, ?)`)
      .run(a.channel, a.fromSeq, a.upToSeq, JSON.stringify(a.articleIds), a.plannedAt);
    const id = Number(info.lastInsertRowid);
    const addPart = this.db.prepare('INSERT INTO alert_parts (alert_id, idx, reply) VALUES (?, ?, ?)');
    a.parts.forEach((p, i) => addPart.run(id, i, JSON.stringify(p)));
    return this.get(id)!;
  }

  /** Takes the right to send (IMMEDIATE: two processes cannot both see the lease free); an expired lease can be taken over. */
  acquire(id: number, holder: string, now: number, ttlMs: number): boolean {
    return this.db
      .transaction(
        () =>
          this.db
            .prepare(
              `UPDATE alerts SET lease_holder = ?, lease_until = ?
               WHERE id = ? AND status = 'pending' AND (lease_holder IS NULL OR lease_until <= ?)`,
            )
            .run(holder, now + ttlMs, id, now).changes === 1,
      )
      .immediate();
  }

  renew(id: number, holder: string, now: number, ttlMs: number): boolean {
    return (
      this.db
        .prepare(`UPDATE alerts SET lease_until = ? WHERE id = ? AND status = 'pending' AND lease_holder = ?`)
        .run(now + ttlMs, id, holder).changes === 1
    );
  }

  release(id: number, holder: string): void {
    this.db.prepare('UPDATE alerts SET lease_holder = NULL, lease_until = NULL WHERE id = ? AND lease_holder = ?').run(id, holder);
  }

  /** Leases an earlier run under the same name left behind. */
  releaseAll(holder: string): number {
    return this.db.prepare('UPDATE alerts SET lease_holder = NULL, lease_until = NULL WHERE lease_holder = ?').run(holder).changes;
  }

  /** Records one part's confirmation; the last one completes the alert, in the same transaction. */
  confirmPart(id: number, idx: number, messageId: string, now: number): { complete: boolean } {
    return this.db
      .transaction(() => {
        this.db
          .prepare('UPDATE alert_parts SET message_id = ?, sent_at = ? WHERE alert_id = ? AND idx = ? AND message_id IS NULL')
          .run(messageId, now, id, idx);
        const left = this.db
          .prepare<[number], { n: number }>('SELECT count(*) AS n FROM alert_parts WHERE alert_id = ? AND message_id IS NULL')
          .get(id)!.n;
        if (left > 0) return { complete: false };
        this.db
          .prepare(
            `UPDATE alerts SET status = 'sent', completed_at = ?, lease_holder = NULL, lease_until = NULL WHERE id = ? AND status = 'pending'`,
          )
          .run(now, id);
        return { complete: true };
      })
      .immediate();
  }

  abandon(id: number, reason: string): void {
    this.db
      .prepare(
        `UPDATE alerts SET status = 'abandoned', last_error = ?, lease_holder = NULL, lease_until = NULL WHERE id = ? AND status = 'pending'`,
      )
      .run(reason, id);
  }

  recordFailure(id: number, error: string): void {
    this.db.prepare('UPDATE alerts SET attempts = attempts + 1, last_error = ? WHERE id = ?').run(error, id);
  }

  /** Forgets finished alerts planned before `before`; pending ones are kept whatever their age. */
  prune(before: number): number {
    return this.db.prepare(`DELETE FROM alerts WHERE status != 'pending' AND planned_at < ?`).run(before).changes;
  }

  moveChannel(from: string, to: string): void {
    this.db.prepare(`UPDATE OR IGNORE alerts SET channel = ? WHERE channel = ? AND status = 'pending'`).run(to, from);
  }
}
