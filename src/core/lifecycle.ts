// What can happen to a chat, or to an adapter's access to its platform, told in the core's
// terms. Adapters translate their platform's events (Telegram my_chat_member, Discord
// guildDelete, …) into these; the core decides what they mean for subscriptions.
import { t } from '../i18n/catalog';
import type { ChannelRef, Locale } from './types';

/**
 * Why a subscription is paused, machine-readable (stored; /settings explains each one):
 * - `removed`: the bot was removed, kicked or banned from the chat, or the server;
 * - `no-permission`: the bot is still there but may no longer see or post in the channel;
 * - `deleted`: the channel (or thread) no longer exists;
 * - `closed`: a thread was archived or a forum topic closed;
 * - `refused`: the platform refused a delivery for a reason about this chat (detail says which).
 */
export type PauseCode = 'removed' | 'no-permission' | 'deleted' | 'closed' | 'refused';

export const PAUSE_CODES: readonly PauseCode[] = ['removed', 'no-permission', 'deleted', 'closed', 'refused'];

export function isPauseCode(value: unknown): value is PauseCode {
  return typeof value === 'string' && (PAUSE_CODES as readonly string[]).includes(value);
}

/** Why a subscription is paused, in the reader's language: from its code, with the platform's words for `refused`. */
export function describePause(code: PauseCode | null, detail: string | null, locale: Locale): string {
  switch (code) {
    case 'removed':
      return t(locale, 'settings.pause.removed');
    case 'no-permission':
      return t(locale, 'settings.pause.no-permission');
    case 'deleted':
      return t(locale, 'settings.pause.deleted');
    case 'closed':
      return t(locale, 'settings.pause.closed');
    default:
      return t(locale, 'settings.pause.refused', { detail: detail ?? '' });
  }
}

export type ChatEvent =
  /** The bot can no longer deliver here: paused with `code` (never `refused`, which only a failed send gives). */
  | { kind: 'removed'; channel: ChannelRef; code: Exclude<PauseCode, 'refused' | 'no-permission'>; detail?: string }
  | { kind: 'lost-permission'; channel: ChannelRef; detail?: string }
  /** The bot is back (added again, or its rights restored): nothing resumes until an admin asks. */
  | { kind: 'readded'; channel: ChannelRef }
  /** The chat changed id (a Telegram group became a supergroup). */
  | { kind: 'migrated'; from: ChannelRef; to: ChannelRef };

/** An adapter lost its access to the platform (bad or revoked token) and stopped. */
export interface AdapterUnauthorized {
  kind: 'unauthorized';
  platform: string;
  /** The setting to fix, e.g. TELEGRAM_BOT_TOKEN. */
  variable: string;
  /** What the platform said, without the token. */
  detail: string;
}

export type LifecycleEvent = ChatEvent | AdapterUnauthorized;

/**
 * Thrown by Adapter.start() when the platform refuses the token: the composition layer drops
 * that adapter and keeps the others running.
 */
export class UnauthorizedError extends Error {
  constructor(
    readonly platform: string,
    readonly variable: string,
    readonly detail: string,
  ) {
    super(`${platform}: the token was refused (${detail}); check ${variable}`);
    this.name = 'UnauthorizedError';
  }
}
