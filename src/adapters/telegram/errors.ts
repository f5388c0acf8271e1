// Classifies Bot API failures for the digest service: wait and retry (429, 5xx, network),
// give up on this chat (kicked, blocked, no rights, gone), or follow a group's migration.
// Duck-typed on telegraf's TelegramError (code, description, parameters) so it stays pure.
import { DeliveryError, type DeliveryFailure } from '../../core/errors';
import { redact } from '../../core/log';

interface ApiErrorShape {
  code: number;
  description: string;
  parameters: { retry_after?: number; migrate_to_chat_id?: number };
}

/** The Bot API error inside `err`, or null for network and other failures. */
export function apiErrorOf(err: unknown): ApiErrorShape | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as {
    code?: unknown;
    description?: unknown;
    parameters?: unknown;
    response?: { error_code?: unknown; description?: unknown; parameters?: unknown };
  };
  // Network errors carry string codes like 'ECONNRESET'; only numeric ones came from Telegram.
  const code = typeof e.code === 'number' ? e.code : typeof e.response?.error_code === 'number' ? e.response.error_code : undefined;
  if (code === undefined) return null;
  const description =
    typeof e.description === 'string' ? e.description : typeof e.response?.description === 'string' ? e.response.description : '';
  const params = (e.parameters ?? e.response?.parameters ?? {}) as ApiErrorShape['parameters'];
  return { code, description, parameters: params };
}

/** Short human reasons, shown to admins as why a subscription paused. */
const PERMANENT: [RegExp, string][] = [
  [/bot was kicked from the (super)?group/i, 'bot was kicked from the group'],
  [/bot was kicked from the channel/i, 'bot was removed from the channel'],
  [/bot is not a member of the channel/i, 'bot is not a member of the channel'],
  [/bot is not a member/i, 'bot is not a member of the group'],
  [/bot was blocked by the user/i, 'bot was blocked by the user'],
  [/user is deactivated/i, 'the user deleted their account'],
  [/bot can't initiate conversation/i, 'the user has not started the bot'],
  [/chat not found/i, 'chat not found'],
  [/message thread not found|TOPIC_DELETED/i, 'the forum topic no longer exists'],
  [/TOPIC_CLOSED/i, 'the forum topic is closed'],
  [/group chat was deactivated|chat was deleted|channel_private/i, 'the chat no longer exists'],
  [
    /not enough rights|have no rights|need administrator rights|chat_write_forbidden|chat_restricted|chat_send_plain_forbidden/i,
    'bot is not allowed to post in this chat',
  ],
];

export function classifyTelegramError(err: unknown): DeliveryFailure {
  const api = apiErrorOf(err);
  // No API answer: the connection failed, dropped or timed out.
  if (!api) return { kind: 'transient', noAnswer: true };
  const { code, description, parameters } = api;
  if (code === 429) return { kind: 'rate-limited', retryAfterMs: Math.max(1, parameters.retry_after ?? 5) * 1000 };
  if (parameters.migrate_to_chat_id !== undefined) return { kind: 'migrated', newChannel: `telegram:${parameters.migrate_to_chat_id}` };
  if (code === 403 || code === 400) {
    for (const [re, reason] of PERMANENT) if (re.test(description)) return { kind: 'permanent', reason };
    if (code === 403) return { kind: 'permanent', reason: `Telegram refused: ${description.replace(/^Forbidden:\s*/i, '').slice(0, 120)}` };
  }
  // Other 4xx are about this message or our token, not the chat: retrying later is safer than pausing it.
  return { kind: 'transient' };
}

/** A one-line, token-free description of any error, for logs and DeliveryError messages. */
export function describeError(err: unknown): string {
  const api = apiErrorOf(err);
  if (api) return redact(`${api.code}: ${api.description}`);
  if (err instanceof Error) return redact(`${err.name}: ${err.message}`);
  return redact(String(err));
}

export function toDeliveryError(err: unknown): DeliveryError {
  return new DeliveryError(classifyTelegramError(err), `telegram: ${describeError(err)}`);
}
