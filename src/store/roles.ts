// Leases on named roles that one process at a time may play among those sharing the database
// (polling the feeds, long-polling Telegram). A holder keeps its role by renewing the lease
// before it runs out; a holder that stopped renewing (crashed, hung) loses it at expiry.
import type { DB } from './db';

/** Who holds a role, and until when (ms since the epoch). */
export interface RoleHolding {
  holder: string;
  until: number;
}

export type TakeResult = { ok: true } | { ok: false; held: RoleHolding };

export class RoleLeases {
  constructor(private readonly db: DB) {}

  /**
   * Takes or renews `name` for `holder` until `now + ttlMs` when it is free, already this
   * holder's, expired, or held by one `isGone` says no longer exists. IMMEDIATE, so two
   * processes can never both see the role free.
   */
  take(name: string, holder: string, now: number, ttlMs: number, isGone: (holder: string) => boolean = () => false): TakeResult {
    return this.db
      .transaction((): TakeResult => {
        const held = this.holding(name);
        if (held && held.holder !== holder && held.until > now && !isGone(held.holder)) return { ok: false, held };
        this.db
          .prepare(
            `INSERT INTO role_leases (name, holder, until) VALUES (?, ?, ?)
             ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until`,
          )
          .run(name, holder, now + ttlMs);
        return { ok: true };
      })
      .immediate();
  }

  /** Extends the lease only while `holder` still has it; false when it was taken over. */
  renew(name: string, holder: string, now: number, ttlMs: number): boolean {
    return this.db.prepare('UPDATE role_leases SET until = ? WHERE name = ? AND holder = ?').run(now + ttlMs, name, holder).changes > 0;
  }

  /** Gives the role up at once (a clean stop), so another process need not wait for expiry. */
  release(name: string, holder: string): void {
    this.db.prepare('DELETE FROM role_leases WHERE name = ? AND holder = ?').run(name, holder);
  }

  holding(name: string): RoleHolding | null {
    const row = this.db.prepare('SELECT holder, until FROM role_leases WHERE name = ?').get(name) as RoleHolding | undefined;
    return row ?? null;
  }
}
