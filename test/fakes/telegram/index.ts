// Public entry point of the fake Telegram Bot API used by end-to-end tests.

export { startFakeTelegram } from './server';
export type { FakeTelegram, FakeTelegramOptions, Injected } from './api';
export { parseTelegramHtml, type HtmlEntity, type HtmlParseOptions, type HtmlParseResult } from './html-check';
export { MAX_TEXT_LENGTH } from './format';
export type { Failure } from './errors';
export type { InjectMyChatMemberOptions } from './lifecycle';
export {
  CHANNEL_BOT,
  GROUP_ANONYMOUS_BOT,
  leadingCommandEntity,
  type InjectCallbackOptions,
  type InjectInlineOptions,
  type InjectMessageOptions,
} from './inject';
export type { Call, ChatSpec, ChatType, MemberStatus, SentMessage, UserSpec, WaitOptions } from './types';
