// The digest ledger: what was planned for each (channel, local day), which parts the
// platform confirmed, and who holds the right to send. It is what makes delivery
// exactly-once across crashes, restarts and several processes on one database.
import { createHash } from 'node:crypto';
import type { Reply } from '../core/types';
import type { DB } from '../store/db';
import type { SubscriptionStore } from '../store/subscriptions';
import { LeaseLedger, type LeaseTables } from './lease-ledger';

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

/** One rendered part, serialized, under the hash it is stored by. */
export interface PartBody {
  hash: string;
  json: string;
}

export function partBody(reply: Reply): PartBody {
  const json = JSON.stringify(reply);
  return { hash: createHash('sha256').update(json).digest('base64url'), json };
}

/** A planned digest with its article ids and parts already serialized. */
export interface FrozenDigest extends Omit<NewDigest, 'parts'> {
  articleIdsJson: string;
  parts: readonly PartBody[];
}

function prepareStatements(db: DB) {
  return {
    find: db.prepare<[string, string], Row>('SELECT * FROM digests WHERE channel = ? AND day = ?'),
    firstPending: db.prepare<[string], Row>(`SELECT * FROM digests WHERE status = 'pending' AND channel = ? ORDER BY id LIMIT 1`),
    insert: db.prepare<
      [string, string, DigestStatus, string, number | null, number | null, string, number | null, number, number | null],
      { id: number }
    >(
      `INSERT INTO digests (channel, day, status, article_ids, up_to_seq, up_to_at, updated_ids, up_to_edit_seq, planned_at, completed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    ),
    addBody: db.prepare<[string, string]>('INSERT INTO digest_bodies (hash, reply) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING'),
    addPart: db.prepare<[number, number, string]>(`INSERT INTO digest_parts (digest_id, idx, reply, body) VALUES (?, ?, '', ?)`),
    parts: db.prepare<[number], { idx: number; reply: string; message_id: string | null; sent_at: number | null }>(
      `SELECT p.idx, coalesce(b.reply, p.reply) AS reply, p.message_id, p.sent_at
       FROM digest_parts p LEFT JOIN digest_bodies b ON b.hash = p.body WHERE p.digest_id = ? ORDER BY p.idx`,
    ),
  };
}

const TABLES: LeaseTables = { table: 'digests', parts: 'digest_parts', partsKey: 'digest_id' };

export class DigestLedger extends LeaseLedger<Row, DigestRecord> {
  private prepared: ReturnType<typeof prepareStatements> | undefined;

  constructor(
    db: DB,
    private readonly subscriptions: SubscriptionStore,
  ) {
    super(db, TABLES, toRecord);
  }

  /** The statements planning runs per digest, prepared on first use. */
  private stmts(): ReturnType<typeof prepareStatements> {
    return (this.prepared ??= prepareStatements(this.db));
  }

  find(channel: string, day: string): DigestRecord | undefined {
    const r = this.stmts().find.get(channel, day);
    return r ? toRecord(r) : undefined;
  }

  /** The channel's oldest unconfirmed digest, if any: a new plan must wait behind it. */
  firstPending(channel: string): DigestRecord | undefined {
    const r = this.stmts().firstPending.get(channel);
    return r ? toRecord(r) : undefined;
  }

  parts(id: number): DigestPart[] {
    return this.stmts()
      .parts.all(id)
      .map((p) => ({ idx: p.idx, reply: JSON.parse(p.reply) as Reply, messageId: p.message_id, sentAt: p.sent_at }));
  }

  /**
   * Records a planned digest. One with no parts is complete at once ('empty'): the day is
   * accounted for and the watermark moves past what was considered, in the same transaction.
   * Callers run this inside their own IMMEDIATE transaction together with the existence check.
   */
  insert(d: NewDigest): DigestRecord {
    return this.insertFrozen({ ...d, articleIdsJson: JSON.stringify(d.articleIds), parts: d.parts.map(partBody) });
  }

  /**
   * insert() with the JSON already made: digests of one shape share it (see plan-batch.ts).
   * `stored`: hashes of bodies already written in the caller's current transaction, which
   * need no second write (it is added to).
   */
  insertFrozen(d: FrozenDigest, stored?: Set<string>): DigestRecord {
    const s = this.stmts();
    const empty = d.parts.length === 0;
    const status: DigestStatus = empty ? 'empty' : 'pending';
    const completedAt = empty ? d.plannedAt : null;
    const updatedIds = d.updatedIds ?? [];
    const editsUpTo = d.editsUpTo ?? null;
    const { id } = s.insert.get(
      d.channel,
      d.day,
      status,
      d.articleIdsJson,
      d.upTo?.seq ?? null,
      d.upTo?.at ?? null,
      updatedIds.length ? JSON.stringify(updatedIds) : '[]',
      editsUpTo,
      d.plannedAt,
      completedAt,
    )!;
    d.parts.forEach((p, i) => {
      if (!stored?.has(p.hash)) s.addBody.run(p.hash, p.json);
      stored?.add(p.hash);
      s.addPart.run(id, i, p.hash);
    });
    if (empty) this.advance(d.channel, d.upTo, editsUpTo, d.plannedAt);
    // Built from what was written: re-reading each row cost a query per digest at 09:00.
    return {
      id,
      channel: d.channel,
      day: d.day,
      status,
      articleIds: d.articleIds,
      upTo: d.upTo,
      updatedIds,
      editsUpTo,
      plannedAt: d.plannedAt,
      completedAt,
      attempts: 0,
      lastError: null,
      leaseHolder: null,
      leaseUntil: null,
    };
  }

  /** Moves both of a subscription's watermarks past what a completed digest considered. */
  private advance(channel: string, upTo: DigestRecord['upTo'], editsUpTo: number | null, now: number): void {
    if (upTo) this.subscriptions.advance(channel, upTo.seq, upTo.at, now);
    if (editsUpTo !== null) this.subscriptions.advanceEdits(channel, editsUpTo, now);
  }

  /** A completed digest moves the subscription's watermarks (inside confirmPart's transaction). */
  protected override completed(id: number, now: number): void {
    const d = this.get(id)!;
    this.advance(d.channel, d.upTo, d.editsUpTo, now);
  }

  /**
   * Forgets finished digests planned before `before` (their parts cascade). Only recent days
   * matter for one-per-day and catch-up; pending ones are kept whatever their age.
   */
  override prune(before: number): number {
    // One write transaction: on PostgreSQL a planner committing between the two statements
    // could reuse a body this pass saw unused (no part pointed to it yet) and lose it.
    return this.db
      .transaction(() => {
        const n = super.prune(before);
        // Bodies no remaining part uses (one pass over digest_parts, daily).
        if (n) this.db.exec('DELETE FROM digest_bodies WHERE hash NOT IN (SELECT body FROM digest_parts WHERE body IS NOT NULL)');
        return n;
      })
      .immediate();
  }

  /**
   * Follows a channel that changed id (Telegram group → supergroup) with its digests: unsent
   * ones to finish there, finished ones so the new id never gets a second digest for a day.
   * A day the new id already has stays behind (UNIQUE(channel, day); written as NOT EXISTS
   * because PostgreSQL has no UPDATE OR IGNORE).
   */
  moveChannel(from: string, to: string): void {
    this.db
      .prepare(
        `UPDATE digests SET channel = ? WHERE channel = ?
           AND NOT EXISTS (SELECT 1 FROM digests AS t WHERE t.channel = ? AND t.day = digests.day)`,
      )
      .run(to, from, to);
  }
}
