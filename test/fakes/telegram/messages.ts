// Handlers for the methods that create or change bot messages, with Telegram's validation of
// text, parse mode and inline keyboards.

import type { Message } from 'telegraf/types';
import { optInt, optString, type Params } from './body';
import { badRequest } from './errors';
import { formatText } from './format';
import type { FakeState, StoredMessage } from './state';

export interface HandlerContext {
  state: FakeState;
  strictEntities: boolean;
  pendingUpdateCount: () => number;
}

export type Handler = (params: Params, ctx: HandlerContext) => unknown;

const unixNow = (): number => Math.floor(Date.now() / 1000);

const BUTTON_ACTIONS = [
  'url',
  'callback_data',
  'web_app',
  'login_url',
  'switch_inline_query',
  'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat',
  'callback_game',
  'pay',
];

/** Validates reply_markup; returns the inline keyboard to store on the message, if any. */
function checkReplyMarkup(markup: unknown): Message.TextMessage['reply_markup'] {
  if (markup === undefined || markup === null) return undefined;
  if (typeof markup !== 'object') throw badRequest("can't parse reply keyboard markup JSON object");
  if (!('inline_keyboard' in markup)) return undefined; // reply keyboards are not echoed back
  const rows = markup.inline_keyboard;
  if (!Array.isArray(rows) || rows.some((row) => !Array.isArray(row))) {
    throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
  }
  for (const row of rows as unknown[][]) {
    for (const button of row) {
      if (typeof button !== 'object' || button === null) throw badRequest("can't parse inline keyboard button");
      const b = button as Record<string, unknown>;
      if (typeof b.text !== 'string' || b.text === '') throw badRequest('BUTTON_TEXT_INVALID');
      if (!BUTTON_ACTIONS.some((action) => b[action] !== undefined)) {
        throw badRequest('text buttons are unallowed in the inline keyboard');
      }
      if (b.callback_data !== undefined) {
        const data = String(b.callback_data);
        const bytes = Buffer.byteLength(data, 'utf8');
        if (bytes === 0 || bytes > 64) throw badRequest('BUTTON_DATA_INVALID');
      }
      if (b.url !== undefined && !/^(https?|tg):\/\/\S+$/i.test(String(b.url))) {
        throw badRequest('BUTTON_URL_INVALID');
      }
    }
  }
  return markup as Message.TextMessage['reply_markup'];
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export const sendMessage: Handler = (params, { state, strictEntities }) => {
  const chat = state.resolveChat(params.chat_id);
  state.assertBotCanPost(chat);
  const parseMode = optString(params, 'parse_mode');
  const source = optString(params, 'text') ?? '';
  const formatted = formatText(source, parseMode, 'send', strictEntities);
  const markup = checkReplyMarkup(params.reply_markup);

  const message: Message.TextMessage = {
    message_id: state.nextMessageId(chat.id),
    date: unixNow(),
    chat: state.chatObject(chat),
    text: formatted.text,
  };
  // Channel posts by the bot carry the channel as sender, not the bot user.
  if (chat.type === 'channel') message.sender_chat = state.chatObject(chat);
  else message.from = state.bot;
  if (formatted.entities.length > 0) message.entities = formatted.entities as Message.TextMessage['entities'];
  if (markup) message.reply_markup = markup;
  const thread = optInt(params, 'message_thread_id');
  if (thread !== undefined) {
    if (state.closedTopics.has(`${chat.id}:${thread}`)) throw badRequest('TOPIC_CLOSED');
    Object.assign(message, { message_thread_id: thread, is_topic_message: true });
  }

  const replyTo =
    optInt(params, 'reply_to_message_id') ??
    (typeof params.reply_parameters === 'object' && params.reply_parameters !== null
      ? optInt(params.reply_parameters as Params, 'message_id')
      : undefined);
  if (replyTo !== undefined) {
    const original = state.find(chat.id, replyTo);
    if (original)
      message.reply_to_message = { ...original.message, reply_to_message: undefined } as Message.TextMessage['reply_to_message'];
    else if (!params.allow_sending_without_reply) throw badRequest('message to be replied not found');
  }

  const stored: StoredMessage = { message, fromBot: true, source, entities: formatted.entities };
  if (parseMode !== undefined) stored.parseMode = parseMode;
  state.store(chat.id, stored);
  return message;
};

/** Inline-mode messages live outside any chat; the fake just accepts edits to them. */
const inlineEdit = (params: Params): boolean | undefined => (optString(params, 'inline_message_id') !== undefined ? true : undefined);

export const editMessageText: Handler = (params, { state, strictEntities }) => {
  const inline = inlineEdit(params);
  const parseMode = optString(params, 'parse_mode');
  const source = optString(params, 'text') ?? '';
  const formatted = formatText(source, parseMode, 'edit', strictEntities);
  const markup = checkReplyMarkup(params.reply_markup);
  if (inline) return inline;

  const chat = state.resolveChat(params.chat_id);
  const stored = state.editable(chat.id, optInt(params, 'message_id'));
  const old = stored.message;
  if (old.text === formatted.text && sameJson(old.entities ?? [], formatted.entities) && sameJson(old.reply_markup, markup)) {
    throw badRequest(
      'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
    );
  }
  const message: Message.TextMessage = { ...old, text: formatted.text, edit_date: unixNow() };
  delete message.entities;
  delete message.reply_markup;
  if (formatted.entities.length > 0) message.entities = formatted.entities as Message.TextMessage['entities'];
  if (markup) message.reply_markup = markup;
  const updated: StoredMessage = { message, fromBot: true, source, entities: formatted.entities };
  if (parseMode !== undefined) updated.parseMode = parseMode;
  state.store(chat.id, updated);
  return message;
};

export const editMessageReplyMarkup: Handler = (params, { state }) => {
  const markup = checkReplyMarkup(params.reply_markup);
  const inline = inlineEdit(params);
  if (inline) return inline;
  const chat = state.resolveChat(params.chat_id);
  const stored = state.editable(chat.id, optInt(params, 'message_id'));
  if (sameJson(stored.message.reply_markup, markup)) {
    throw badRequest(
      'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
    );
  }
  const message: Message.TextMessage = { ...stored.message, edit_date: unixNow() };
  delete message.reply_markup;
  if (markup) message.reply_markup = markup;
  state.store(chat.id, { ...stored, message });
  return message;
};

export const deleteMessage: Handler = (params, { state }) => {
  const chat = state.resolveChat(params.chat_id);
  const id = optInt(params, 'message_id');
  if (id === undefined || !state.remove(chat.id, id)) throw badRequest('message to delete not found');
  return true;
};
