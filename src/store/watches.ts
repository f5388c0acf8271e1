// Keyword alerts' state: each chat's saved searches (watches), and per chat how far alerts
// have looked (the cursor: articles up to that seq were considered) and whether they are
// paused. The limits are enforced here, inside the transaction that adds a watch.
import { UserError } from '../core/errors';
import type { PauseCode } from '../core/lifecycle';
import { DEFAULT_LOCALE, isLocale, type Locale } from '../i18n/catalog';
import type { DB } from './db';

export interface Watch {
  id: number;
  channel: string;
  /** As the user typed it (whitespace collapsed). */
  query: string;
  /** The query in match form: what makes two watches the same, and what /unwatch <query> compares. */
  queryKey: string;
  /** Topic id, or null for every topic. */
  topic: string | null;
  createdBy: string | null;
  createdAt: number;
}

export interface WatchChat {
  channel: string;
  locale: Locale;
  status: 'active' | 'paused';
  pausedReason: string | null;
  /** Articles with seq up to this were already considered for this chat's alerts. */
  cursorSeq: number;
  updatedAt: number;
}

export interface NewWatch {
  channel: string;
  query: string;
  queryKey: string;
  topic: string | null;
  locale: Locale;
  createdBy?: string;
}

interface WatchRow {
  id: number;
  channel: string;
  query: string;
  query_key: string;
  topic: string;
  created_by: string | null;
  created_at: number;
}

interface ChatRow {
  channel: string;
  locale: string;
  status: string;
  paused_reason: string | null;
  cursor_seq: number;
  updated_at: number;
}

const toWatch = (r: WatchRow): Watch => ({
  id: r.id,
  channel: r.channel,
  query: r.query,
  queryKey: r.query_key,
  topic: r.topic || null,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

const toChat = (r: ChatRow): WatchChat => ({
  channel: r.channel,
  locale: isLocale(r.locale) ? r.locale : DEFAULT_LOCALE,
  status: r.status === 'paused' ? 'paused' : 'active',
  pausedReason: r.paused_reason,
  cursorSeq: r.cursor_seq,
  updatedAt: r.updated_at,
});

export class WatchStore {
  constructor(
    readonly db: DB,
    /** Most watches one chat may have. */
    readonly maxPerChat = 20,
  ) {}

  /** A chat's watches in the order /watches numbers them (oldest first). */
  list(channel: string): Watch[] {
    return this.db.prepare<[string], WatchRow>('SELECT * FROM watches WHERE channel = ? ORDER BY id').all(channel).map(toWatch);
  }

  chat(channel: string): WatchChat | undefined {
    const r = this.db.prepare<[string], ChatRow>('SELECT * FROM watch_chats WHERE channel = ?').get(channel);
    return r ? toChat(r) : undefined;
  }

  /** Alias of `chat` in the shape the delivery code asks a channel's owner for. */
  get(channel: string): WatchChat | undefined {
    return this.chat(channel);
  }

  /** Chats whose alerts are on and that have at least one watch. */
  activeChats(): WatchChat[] {
    return this.db
      .prepare<[], ChatRow>(
        `SELECT * FROM watch_chats c WHERE status = 'active' AND EXISTS (SELECT 1 FROM watches w WHERE w.channel = c.channel) ORDER BY channel`,
      )
      .all()
      .map(toChat);
  }

  /**
   * Adds a watch, or returns the same one already there. A chat's first watch (or one added
   * while its alerts were paused) starts the cursor at `newestSeq`: alerts cover what arrives
   * from now on, never the archive.
   */
  add(w: NewWatch, newestSeq: number, now: number): { watch: Watch; created: boolean } {
    return this.db
      .transaction(() => {
        const same = this.db
          .prepare<[string, string, string], WatchRow>('SELECT * FROM watches WHERE channel = ? AND query_key = ? AND topic = ?')
          .get(w.channel, w.queryKey, w.topic ?? '');
        const chat = this.chat(w.channel);
        if (!chat || chat.status === 'paused') {
          this.db
            .prepare(
              `INSERT INTO watch_chats (channel, locale, status, paused_reason, cursor_seq, updated_at) VALUES (?, ?, 'active', NULL, ?, ?)
               ON CONFLICT(channel) DO UPDATE SET status = 'active', paused_reason = NULL, locale = excluded.locale,
                 cursor_seq = CASE WHEN excluded.cursor_seq > watch_chats.cursor_seq THEN excluded.cursor_seq ELSE watch_chats.cursor_seq END,
                 updated_at = excluded.updated_at`,
            )
            .run(w.channel, w.locale, newestSeq, now);
        } else {
          this.db.prepare('UPDATE watch_chats SET locale = ?, updated_at = ? WHERE channel = ?').run(w.locale, now, w.channel);
        }
        if (same) return { watch: toWatch(same), created: false };
        const count = this.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM watches WHERE channel = ?').get(w.channel)!.n;
        if (count >= this.maxPerChat) throw new UserError('watch.too-many', { max: this.maxPerChat });
        const row = this.db
          .prepare<unknown[], WatchRow>(
            'INSERT INTO watches (channel, query, query_key, topic, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING *',
          )
          .get(w.channel, w.query, w.queryKey, w.topic ?? '', w.createdBy ?? null, now)!;
        return { watch: toWatch(row), created: true };
      })
      .immediate();
  }

  /** Removes watches by id; a chat left without any stops being checked. */
  remove(channel: string, ids: number[]): number {
    return this.db
      .transaction(() => {
        const del = this.db.prepare('DELETE FROM watches WHERE channel = ? AND id = ?');
        let n = 0;
        for (const id of ids) n += del.run(channel, id).changes;
        const left = this.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM watches WHERE channel = ?').get(channel)!.n;
        if (!left) this.db.prepare('DELETE FROM watch_chats WHERE channel = ?').run(channel);
        return n;
      })
      .immediate();
  }

  /** Stops a chat's alerts (the platform refused delivery, or the bot was removed: see core/lifecycle.ts). */
  pause(channel: string, why: { code: PauseCode; detail?: string }, now: number): void {
    this.db
      .prepare(`UPDATE watch_chats SET status = 'paused', paused_reason = ?, updated_at = ? WHERE channel = ?`)
      .run(why.detail ?? why.code, now, channel);
  }

  /** Follows a chat that changed id (Telegram group → supergroup) with its watches. */
  move(from: string, to: string, now: number): void {
    this.db.transaction(() => {
      // A watch the new id already has stays as it is there; the old id's copy is dropped.
      this.db
        .prepare(
          `UPDATE watches SET channel = ? WHERE channel = ? AND NOT EXISTS
             (SELECT 1 FROM watches t WHERE t.channel = ? AND t.query_key = watches.query_key AND t.topic = watches.topic)`,
        )
        .run(to, from, to);
      this.db.prepare('DELETE FROM watches WHERE channel = ?').run(from);
      const moved = this.db
        .prepare(
          'UPDATE watch_chats SET channel = ?, updated_at = ? WHERE channel = ? AND NOT EXISTS (SELECT 1 FROM watch_chats t WHERE t.channel = ?)',
        )
        .run(to, now, from, to).changes;
      if (!moved) this.db.prepare('DELETE FROM watch_chats WHERE channel = ?').run(from);
    })();
  }

  /** Moves a chat's cursor forward (never back). */
  advance(channel: string, seq: number, now: number): void {
    this.db
      .prepare('UPDATE watch_chats SET cursor_seq = ?, updated_at = ? WHERE channel = ? AND cursor_seq < ?')
      .run(seq, now, channel, seq);
  }
}
