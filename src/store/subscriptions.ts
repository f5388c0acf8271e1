// Digest subscriptions: one per channel, with its schedule, filter and delivery watermark.
import { DEFAULT_LOCALE, isLocale, type Locale } from '../i18n/catalog';
import { isPauseCode, type PauseCode } from '../core/lifecycle';
import type { DB } from './db';
import { jsonTextItems } from './engine/portable';

export interface Subscription {
  channel: string;
  /** Local wall-clock time, HH:MM. */
  time: string;
  /** IANA time zone, canonical spelling. */
  timezone: string;
  /** Topic ids; empty means every topic. */
  topics: string[];
  locale: Locale;
  /** Send a digest even on a day with nothing new. */
  always: boolean;
  status: 'active' | 'paused';
  /** Why it is paused, for people: the platform's words or a permission's name (may be empty). */
  pausedReason: string | null;
  /** Why it is paused, for the bot (null while active). */
  pausedCode: PauseCode | null;
  /** When it was paused (epoch ms; null while active). */
  pausedAt: number | null;
  /** Highest article seq already delivered (or skipped, for a new subscription). */
  watermarkSeq: number;
  /** first_seen_at of that article: kept for humans and logs; seq is the authority. */
  watermarkAt: number;
  /** Highest article edit sequence number already listed as "Updated" (or skipped, for a new subscription). */
  editsSeq: number;
  createdBy: string | null;
  createdAt: number;
  updatedAt: number;
}

interface Row {
  channel: string;
  time: string;
  timezone: string;
  topics: string;
  locale: string;
  always: number;
  status: string;
  paused_reason: string | null;
  paused_code: string | null;
  paused_at: number | null;
  watermark_seq: number;
  watermark_at: number;
  edits_seq: number;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

function toSub(r: Row): Subscription {
  return {
    channel: r.channel,
    time: r.time,
    timezone: r.timezone,
    topics: JSON.parse(r.topics) as string[],
    locale: isLocale(r.locale) ? r.locale : DEFAULT_LOCALE,
    always: r.always === 1,
    status: r.status === 'paused' ? 'paused' : 'active',
    pausedReason: r.paused_reason,
    pausedCode: r.status !== 'paused' ? null : isPauseCode(r.paused_code) ? r.paused_code : 'refused',
    pausedAt: r.status === 'paused' ? r.paused_at : null,
    watermarkSeq: r.watermark_seq,
    watermarkAt: r.watermark_at,
    editsSeq: r.edits_seq,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface SubscribeInput {
  channel: string;
  time: string;
  timezone: string;
  topics: string[];
  locale: Locale;
  always?: boolean;
  createdBy?: string;
}

type Listener = (channel: string) => void;

export class SubscriptionStore {
  private listeners: Listener[] = [];
  private readonly byChannel;
  private readonly byChannels;
  private readonly advanceStmt;

  constructor(readonly db: DB) {
    // Prepared once: digest planning reads and advances thousands of subscriptions in a row.
    this.byChannel = db.prepare<[string], Row>('SELECT * FROM subscriptions WHERE channel = ?');
    this.byChannels = db.prepare<[string], Row>(`SELECT * FROM subscriptions WHERE channel IN (${jsonTextItems(db)})`);
    this.advanceStmt = db.prepare<[number, number, number, string, number]>(
      'UPDATE subscriptions SET watermark_seq = ?, watermark_at = ?, updated_at = ? WHERE channel = ? AND watermark_seq < ?',
    );
  }

  /** Called after any change, so the scheduler can re-plan without a restart. */
  onChange(fn: Listener): () => void {
    this.listeners.push(fn);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== fn);
    };
  }

  private changed(channel: string): void {
    for (const l of this.listeners) l(channel);
  }

  get(channel: string): Subscription | undefined {
    const r = this.byChannel.get(channel);
    return r ? toSub(r) : undefined;
  }

  /** The subscriptions of these channels (those that have one), by channel, in one query. */
  getMany(channels: readonly string[]): Map<string, Subscription> {
    return new Map(this.byChannels.all(JSON.stringify(channels)).map((r) => [r.channel, toSub(r)]));
  }

  all(): Subscription[] {
    return this.db.prepare<[], Row>('SELECT * FROM subscriptions ORDER BY channel').all().map(toSub);
  }

  active(): Subscription[] {
    return this.db.prepare<[], Row>(`SELECT * FROM subscriptions WHERE status = 'active' ORDER BY channel`).all().map(toSub);
  }

  /**
   * Creates or updates a channel's subscription. A new one starts its watermark at the newest
   * article, so its first digest holds only what arrives after subscribing; re-subscribing
   * keeps the watermark (nothing is skipped or resent) and resumes a paused subscription.
   */
  subscribe(
    input: SubscribeInput,
    watermark: { seq: number; at: number; editSeq?: number },
    now: number,
  ): { sub: Subscription; created: boolean } {
    const existing = this.get(input.channel);
    this.db
      .prepare(
        `INSERT INTO subscriptions (channel, time, timezone, topics, locale, always, status, paused_reason, watermark_seq, watermark_at, edits_seq, created_by, created_at, updated_at)
         VALUES (@channel, @time, @timezone, @topics, @locale, @always, 'active', NULL, @seq, @at, @editSeq, @createdBy, @now, @now)
         ON CONFLICT(channel) DO UPDATE SET time = excluded.time, timezone = excluded.timezone, topics = excluded.topics,
           locale = excluded.locale, always = excluded.always, status = 'active', paused_reason = NULL, paused_code = NULL, paused_at = NULL,
           updated_at = excluded.updated_at`,
      )
      .run({
        channel: input.channel,
        time: input.time,
        timezone: input.timezone,
        topics: JSON.stringify(input.topics),
        locale: input.locale,
        always: input.always ? 1 : 0,
        seq: watermark.seq,
        at: watermark.at,
        editSeq: watermark.editSeq ?? 0,
        createdBy: input.createdBy ?? null,
        now,
      });
    this.changed(input.channel);
    return { sub: this.get(input.channel)!, created: !existing };
  }

  unsubscribe(channel: string): boolean {
    const n = this.db.prepare('DELETE FROM subscriptions WHERE channel = ?').run(channel).changes;
    if (n) this.changed(channel);
    return n > 0;
  }

  /**
   * Pauses an active subscription, recording why and when. Pausing one already paused changes
   * nothing (the first reason stands); returns whether this call paused it.
   */
  pause(channel: string, why: { code: PauseCode; detail?: string }, now: number): boolean {
    const n = this.db
      .prepare(
        `UPDATE subscriptions SET status = 'paused', paused_code = ?, paused_reason = ?, paused_at = ?, updated_at = ?
         WHERE channel = ? AND status = 'active'`,
      )
      .run(why.code, why.detail ?? null, now, now, channel).changes;
    if (n) this.changed(channel);
    return n > 0;
  }

  /** Channels with a subscription (active or paused) whose ref starts with `prefix` (`discord:`). */
  channelsWithPrefix(prefix: string): string[] {
    // substr rather than LIKE: a ref may hold `_` or `%`.
    return this.db
      .prepare<[number, string], string>('SELECT channel FROM subscriptions WHERE substr(channel, 1, ?) = ? ORDER BY channel')
      .pluck()
      .all(prefix.length, prefix);
  }

  /** Moves a subscription to a new channel id (Telegram group → supergroup). */
  move(from: string, to: string, now: number): void {
    const n = this.db.prepare('UPDATE subscriptions SET channel = ?, updated_at = ? WHERE channel = ?').run(to, now, from).changes;
    if (n) {
      this.changed(from);
      this.changed(to);
    }
  }

  /** Advances the edit watermark (articles listed as "Updated"); never moves it backwards. */
  advanceEdits(channel: string, editSeq: number, now: number): void {
    this.db
      .prepare('UPDATE subscriptions SET edits_seq = ?, updated_at = ? WHERE channel = ? AND edits_seq < ?')
      .run(editSeq, now, channel, editSeq);
  }

  /** Advances the watermark; never moves it backwards. */
  advance(channel: string, seq: number, at: number, now: number): void {
    this.advanceStmt.run(seq, at, now, channel, seq);
  }
}
