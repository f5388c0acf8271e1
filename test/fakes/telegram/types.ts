// Shared types of the fake Telegram Bot API: what tests pass in and what they read back.

import type { HtmlEntity } from './html-check';

export type ChatType = 'private' | 'group' | 'supergroup' | 'channel';

export interface ChatSpec {
  id: number;
  type: ChatType;
  title?: string;
  username?: string;
  /** Private chats only; defaults to the sender's first name. */
  first_name?: string;
}

export interface UserSpec {
  id: number;
  first_name?: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  is_bot?: boolean;
}

export type MemberStatus = 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked';

/** One request the fake received, in arrival order. */
export interface Call {
  /** Position in `calls`; pass `index + 1` (or a `mark`) as `since` to wait for later calls. */
  index: number;
  method: string;
  /** Decoded params; JSON-string fields such as reply_markup are already parsed. */
  params: Record<string, unknown>;
  at: number;
  /** Set when the call was answered with an error (injected or a real validation error). */
  failed?: { code: number; description: string; injected: boolean };
}

/** A message the bot sent, as the chat shows it now (after edits). */
export interface SentMessage {
  messageId: number;
  chatId: number;
  /** Plain text the user sees (HTML already parsed, whitespace trimmed like Telegram). */
  text: string;
  entities: HtmlEntity[];
  /** Text exactly as the bot sent it (its last edit). */
  source: string;
  parseMode?: string;
  replyMarkup?: unknown;
  /** The message this one replies to (quotes), when it does. */
  replyTo?: number;
  /** The forum topic it was posted in, if any. */
  threadId?: number;
  date: number;
  editDate?: number;
}

export interface WaitOptions {
  /** Only calls with `index >= since` match (default 0: the whole history). */
  since?: number;
  timeoutMs?: number;
}
