// Roles that only one process at a time may play among those sharing the database (polling the
// feeds, long-polling Telegram), in the core's terms; src/cluster/roles.ts keeps them with leases.

/** Who plays a role elsewhere, for a message that names them. */
export interface OtherHolder {
  holder: string;
  /** When its lease runs out unless it is renewed (ms since the epoch). */
  until: number;
}

export type RoleClaim = { ok: true } | { ok: false; held: OtherHolder };

export interface ExclusiveRole {
  readonly name: string;
  /**
   * Takes the role when no live process holds it, waiting out the lease of a holder that may have
   * died; while held it is renewed in the background, and `onLost` is called once if it is lost
   * (another process took it over after this one failed to renew in time).
   */
  claim(onLost: () => void): Promise<RoleClaim>;
  /** Gives the role up (a clean stop), so another process need not wait for the lease to run out. */
  release(): void;
}
