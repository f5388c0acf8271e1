// Errors that carry meaning across the core/adapter boundary.
import { DEFAULT_LOCALE, format, type Locale, type MessageArgs, type MessageId } from '../i18n/catalog';

/** A problem with what the user asked for: shown to them (a catalog message), never logged as a fault. */
export class UserError<K extends MessageId = MessageId> extends Error {
  readonly params: MessageArgs<K>[0];

  constructor(
    readonly id: K,
    ...args: MessageArgs<K>
  ) {
    super(format(DEFAULT_LOCALE, id, args[0]));
    this.name = 'UserError';
    this.params = args[0];
  }

  /** The message in the reader's language. */
  text(locale: Locale): string {
    return format(locale, this.id, this.params);
  }
}

/** `instanceof UserError`, narrowed to any message id rather than to UserError<any>. */
export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}

export type DeliveryFailure =
  | { kind: 'rate-limited'; retryAfterMs: number }
  /** `noAnswer`: no answer came at all (the connection dropped, the request timed out). */
  | { kind: 'transient'; noAnswer?: true }
  | { kind: 'permanent'; reason: string }
  | { kind: 'migrated'; newChannel: string }
  /**
   * No adapter can reach the platform in this process (none configured, or it stopped after its
   * token was refused): the digest stays pending, without retries, until one runs again.
   */
  | { kind: 'offline' };

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
