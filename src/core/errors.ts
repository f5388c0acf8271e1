// Errors that carry meaning across the core/adapter boundary.
import type { Localized } from './types';

/** A problem with what the user asked for: shown to them, never logged as a fault. */
export class UserError extends Error {
  constructor(readonly userMessage: Localized) {
    super(userMessage.en);
    this.name = 'UserError';
  }
}

export type DeliveryFailure =
  | { kind: 'rate-limited'; retryAfterMs: number }
  | { kind: 'transient' }
  | { kind: 'permanent'; reason: string }
  | { kind: 'migrated'; newChannel: string };

/** Thrown by Adapter.send; adapters classify, the digest service decides what to do. */
export class DeliveryError extends Error {
  constructor(
    readonly failure: DeliveryFailure,
    message: string,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}
