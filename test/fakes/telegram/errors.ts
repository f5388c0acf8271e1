// Bot API error shapes: the thrown ApiError used by method handlers, and the canned failures
// tests can inject with failNext (wording copied from real Telegram responses).

export interface ResponseParameters {
  retry_after?: number;
  migrate_to_chat_id?: number;
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: ResponseParameters,
  ) {
    super(description);
  }

  toBody(): { ok: false; error_code: number; description: string; parameters?: ResponseParameters } {
    return {
      ok: false,
      error_code: this.code,
      description: this.description,
      ...(this.parameters ? { parameters: this.parameters } : {}),
    };
  }
}

export const badRequest = (what: string): ApiError => new ApiError(400, `Bad Request: ${what}`);

export type Failure =
  | { kind: 'rate-limit'; retryAfter: number }
  | { kind: 'kicked' }
  | { kind: 'blocked' }
  | { kind: 'not-enough-rights' }
  | { kind: 'chat-not-found' }
  | { kind: 'migrated'; newChatId: number }
  | { kind: 'server-error' }
  /** Anything else Telegram can answer; `code` is also the HTTP status. */
  | { kind: 'custom'; code: number; description: string; parameters?: ResponseParameters };

/** `chatType` picks Telegram's wording where it differs between group kinds. */
export function failureToError(failure: Failure, chatType?: string): ApiError {
  switch (failure.kind) {
    case 'rate-limit':
      return new ApiError(429, `Too Many Requests: retry after ${failure.retryAfter}`, {
        retry_after: failure.retryAfter,
      });
    case 'kicked':
      return new ApiError(
        403,
        chatType === 'group'
          ? 'Forbidden: bot was kicked from the group chat'
          : chatType === 'channel'
            ? 'Forbidden: bot is not a member of the channel chat'
            : 'Forbidden: bot was kicked from the supergroup chat',
      );
    case 'blocked':
      return new ApiError(403, 'Forbidden: bot was blocked by the user');
    case 'not-enough-rights':
      return badRequest('not enough rights to send text messages to the chat');
    case 'chat-not-found':
      return badRequest('chat not found');
    case 'migrated':
      return new ApiError(400, 'Bad Request: group chat was upgraded to a supergroup chat', {
        migrate_to_chat_id: failure.newChatId,
      });
    case 'server-error':
      return new ApiError(500, 'Internal Server Error');
    case 'custom':
      return new ApiError(failure.code, failure.description, failure.parameters);
  }
}
