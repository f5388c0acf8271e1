// What the digest runtime (./runtime.ts) needs, and what it offers and reports.
import type { Logger } from '../core/log';
import type { DigestSender } from '../core/sender';
import type { Pacing } from '../core/types';
import type { DB } from '../store/db';
import type { ArticleStore } from '../store/articles';
import type { SubscriptionStore } from '../store/subscriptions';
import type { TopicRegistry } from '../topics/registry';
import type { NotesFor } from './build';
import type { RetryPolicy, SendOutcome } from './deliver';
import type { DigestLedger } from './ledger';
import type { Timers } from './scheduler';
import type { SendQueue } from './send-queue';

export interface DigestRuntimeDeps {
  db: DB;
  store: ArticleStore;
  /** Must be the instance commands use: its onChange re-plans timers without a restart. */
  subscriptions: SubscriptionStore;
  topics: TopicRegistry;
  sender: DigestSender;
  clock: () => number;
  log: Logger;
  catchupHours: number;
  maxEntries: number;
  timers?: Timers;
  sleep?: (ms: number) => Promise<void>;
  /** Names this process in leases; unique per process unless set. */
  holder?: string;
  /** How long a lease lasts without renewal before another process may take over. */
  leaseMs?: number;
  /** How often pending digests (transient failures, expired leases) are retried. */
  retryEveryMs?: number;
  retry?: RetryPolicy;
  /** Pacing per platform; by default what the sender's adapters declare. */
  pacing?: Record<string, Pacing>;
  /** Finished digests older than this are forgotten (must exceed the catch-up window). */
  keepDays?: number;
  /** stop() gives up waiting for a send the platform never answers after this long. */
  stopTimeoutMs?: number;
  /** Digests planned per transaction when many are due together (default planChunkFor the engine). */
  planChunk?: number;
  /** Marks on digest entries (watched matches). */
  notesFor?: NotesFor;
}

export type DigestOutcome =
  | SendOutcome
  /** `elsewhere`: the channel's platform does not run in this process (see DigestSender.serves). */
  | { kind: 'empty' | 'exists' | 'blocked' | 'inactive' | 'stopped' | 'elsewhere'; channel: string; day?: string }
  | { kind: 'error'; channel: string; error: string };

export interface DigestRuntime {
  /** Resumes incomplete digests, catches up missed ones, schedules every active subscription. */
  start(): Promise<void>;
  /** Cancels timers, cuts waits short and waits for in-flight sends. */
  stop(): Promise<void>;
  /** Delivers everything due at `now`: pending digests, then missed ones inside the catch-up window. */
  runDue(now?: number): Promise<DigestOutcome[]>;
  /** Plans (if needed) and sends one channel's digest for its current local day. */
  deliverNow(channel: string): Promise<DigestOutcome>;
  readonly ledger: DigestLedger;
  /** When a channel's next digest is due, for /settings and tests. */
  nextRun(channel: string): Date | undefined;
  readonly holder: string;
  /** The per-platform send queue, for other unprompted messages (alerts) to share its pacing. */
  readonly queue: SendQueue;
}
