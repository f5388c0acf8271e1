// The alert ledger: each alert planned for a chat (the batch of articles it covers and its
// rendered parts, frozen before anything is sent), which parts the platform confirmed, and
// who holds the right to send. The digest ledger's guarantees, on tables of its own: an
// alert is sent exactly once across crashes, restarts and processes, by the same sender
// (digest/deliver.ts) the digests use.
import type { Reply } from '../core/types';
import type { DB } from '../store/db';
import type { DeliveryLedger } from '../digest/deliver';
import { LeaseLedger, type LeaseTables } from '../digest/lease-ledger';

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

const TABLES: LeaseTables = { table: 'alerts', parts: 'alert_parts', partsKey: 'alert_id' };

export class AlertLedger extends LeaseLedger<Row, AlertRecord> implements DeliveryLedger {
  constructor(db: DB) {
    super(db, TABLES, toRecord);
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
    const { id } = this.db
      .prepare<[string, number, number, string, number], { id: number }>(
        `INSERT INTO alerts (channel, from_seq, up_to_seq, status, article_ids, planned_at) VALUES (?, ?, ?, 'pending', ?, ?) RETURNING id`,
      )
      .get(a.channel, a.fromSeq, a.upToSeq, JSON.stringify(a.articleIds), a.plannedAt)!;
    const addPart = this.db.prepare('INSERT INTO alert_parts (alert_id, idx, reply) VALUES (?, ?, ?)');
    a.parts.forEach((p, i) => addPart.run(id, i, JSON.stringify(p)));
    return this.get(id)!;
  }

  /** Unsent alerts follow a chat that changed id, except a batch the new id already has (UNIQUE(channel, up_to_seq)). */
  moveChannel(from: string, to: string): void {
    this.db
      .prepare(
        `UPDATE alerts SET channel = ? WHERE channel = ? AND status = 'pending'
           AND NOT EXISTS (SELECT 1 FROM alerts AS t WHERE t.channel = ? AND t.up_to_seq = alerts.up_to_seq)`,
      )
      .run(to, from, to);
  }
}
