// Handlers for the non-message Bot API methods the feed bot uses (identity, webhook, command
// menus, members, chats, chat actions, query answers) plus the method table.

import type { ChatMember } from 'telegraf/types';
import { optInt, optString, type Params } from './body';
import { badRequest } from './errors';
import * as messages from './messages';
import type { Handler } from './messages';
import { toUser } from './state';

const CHAT_ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);

/** Commands are stored per scope + language, exactly as Telegram keys them. */
function commandsKey(params: Params): string {
  const scope = (params.scope ?? { type: 'default' }) as Record<string, unknown>;
  const type = String(scope.type ?? 'default');
  const chat = scope.chat_id === undefined ? '' : String(scope.chat_id);
  const user = scope.user_id === undefined ? '' : String(scope.user_id);
  return `${type}|${chat}|${user}|${optString(params, 'language_code') ?? ''}`;
}

function checkCommands(raw: unknown): { command: string; description: string }[] {
  if (!Array.isArray(raw)) throw badRequest('field "commands" must be an Array');
  if (raw.length > 100) throw badRequest('too many commands specified');
  return raw.map((c: unknown) => {
    const { command, description } = (c ?? {}) as Record<string, unknown>;
    const name = String(command ?? '').replace(/^\//, '');
    if (!/^[a-z0-9_]{1,32}$/.test(name)) throw badRequest('BOT_COMMAND_INVALID');
    const text = String(description ?? '').trim();
    if (text.length < 1 || text.length > 256) throw badRequest('command description must be non-empty');
    return { command: name, description: text };
  });
}

function chatMember(status: string, userId: number): ChatMember {
  const user = toUser({ id: userId });
  switch (status) {
    case 'creator':
      return { status: 'creator', user, is_anonymous: false };
    case 'administrator':
      return {
        status: 'administrator',
        user,
        can_be_edited: false,
        is_anonymous: false,
        can_manage_chat: true,
        can_delete_messages: true,
        can_manage_video_chats: true,
        can_restrict_members: true,
        can_promote_members: false,
        can_change_info: true,
        can_invite_users: true,
        can_post_stories: false,
        can_edit_stories: false,
        can_delete_stories: false,
        can_pin_messages: true,
      };
    case 'left':
      return { status: 'left', user };
    case 'kicked':
      return { status: 'kicked', user, until_date: 0 };
    case 'restricted':
      return {
        status: 'restricted',
        user,
        is_member: true,
        can_send_messages: false,
        can_send_audios: false,
        can_send_documents: false,
        can_send_photos: false,
        can_send_videos: false,
        can_send_video_notes: false,
        can_send_voice_notes: false,
        can_send_polls: false,
        can_send_other_messages: false,
        can_add_web_page_previews: false,
        can_change_info: false,
        can_invite_users: false,
        can_pin_messages: false,
        can_manage_topics: false,
        until_date: 0,
      };
    default:
      return { status: 'member', user };
  }
}

export const HANDLERS: Record<string, Handler> = {
  getMe: (_p, { state }) => ({
    ...state.bot,
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: true,
  }),
  setWebhook: (params, { state }) => {
    const url = optString(params, 'url') ?? '';
    if (url !== '' && !url.startsWith('https://')) throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
    state.webhookUrl = url;
    return true;
  },
  deleteWebhook: (_p, { state }) => {
    state.webhookUrl = '';
    return true; // drop_pending_updates is applied by the server, which owns the queue
  },
  getWebhookInfo: (_p, { state, pendingUpdateCount }) => ({
    url: state.webhookUrl,
    has_custom_certificate: false,
    pending_update_count: pendingUpdateCount(),
  }),

  sendMessage: messages.sendMessage,
  editMessageText: messages.editMessageText,
  editMessageReplyMarkup: messages.editMessageReplyMarkup,
  deleteMessage: messages.deleteMessage,

  answerCallbackQuery: (params, { state }) => {
    const text = optString(params, 'text') ?? '';
    if (text.length > 200) throw badRequest('MESSAGE_TOO_LONG');
    state.answerQuery(params.callback_query_id, 'callback');
    return true;
  },
  answerInlineQuery: (params, { state }) => {
    const results = params.results;
    if (!Array.isArray(results)) throw badRequest('field "results" must be an Array');
    if (results.length > 50) throw badRequest('RESULTS_TOO_MUCH');
    const ids = new Set<string>();
    for (const r of results as Record<string, unknown>[]) {
      const id = String(r?.id ?? '');
      if (id === '' || Buffer.byteLength(id) > 64) throw badRequest('RESULT_ID_INVALID');
      if (ids.has(id)) throw badRequest('RESULT_ID_DUPLICATE');
      ids.add(id);
      if (typeof r.type !== 'string') throw badRequest('RESULT_TYPE_INVALID');
    }
    state.answerQuery(params.inline_query_id, 'inline');
    return true;
  },

  setMyCommands: (params, { state }) => {
    state.commands.set(commandsKey(params), checkCommands(params.commands));
    return true;
  },
  getMyCommands: (params, { state }) => state.commands.get(commandsKey(params)) ?? [],
  deleteMyCommands: (params, { state }) => {
    state.commands.delete(commandsKey(params));
    return true;
  },

  getChatMember: (params, { state }) => {
    const chat = state.resolveChat(params.chat_id);
    const userId = optInt(params, 'user_id');
    if (userId === undefined) throw badRequest('user_id is empty');
    if (chat.type === 'private' && userId !== chat.id && userId !== state.bot.id) {
      throw badRequest('user not found');
    }
    return chatMember(state.memberStatus(chat.id, userId), userId);
  },
  getChat: (params, { state }) => {
    const chat = state.resolveChat(params.chat_id);
    return { ...state.chatObject(chat), accent_color_id: 0, max_reaction_count: 11 };
  },
  sendChatAction: (params, { state }) => {
    state.assertBotCanPost(state.resolveChat(params.chat_id));
    if (!CHAT_ACTIONS.has(optString(params, 'action') ?? '')) throw badRequest('wrong parameter action in request');
    return true;
  },
};

/** Telegram treats method names case-insensitively. */
export const METHOD_NAMES = new Map([...Object.keys(HANDLERS), 'getUpdates'].map((name) => [name.toLowerCase(), name] as const));
