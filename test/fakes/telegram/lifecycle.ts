// Updates Telegram sends when the bot's place in a chat changes: my_chat_member (added,
// removed, kicked, restricted, promoted or demoted in a channel) and the pair of service
// messages announcing a group's upgrade to a supergroup.

import type { ChatMember, ChatMemberUpdated, Message, Update, User } from 'telegraf/types';
import { toUser, type FakeState } from './state';
import type { ChatSpec, MemberStatus, UserSpec } from './types';

const DEFAULT_ADMIN: UserSpec = { id: 10_002, first_name: 'Admin', username: 'admin' };

export interface InjectMyChatMemberOptions {
  chat: ChatSpec;
  /** Who changed it (an admin; for a private chat, its user). */
  from?: UserSpec;
  oldStatus: MemberStatus;
  newStatus: MemberStatus;
  /** An administrator's posting right in a channel (default true). */
  canPostMessages?: boolean;
  /** A restricted member's right to send messages (default false). */
  canSendMessages?: boolean;
}

/** The bot's ChatMember object for a status, with the rights the options give it. */
export function botMember(
  bot: User,
  status: MemberStatus,
  opts: { canPostMessages?: boolean; canSendMessages?: boolean } = {},
): ChatMember {
  switch (status) {
    case 'creator':
      return { status, user: bot, is_anonymous: false };
    case 'administrator':
      return {
        status,
        user: bot,
        can_be_edited: false,
        is_anonymous: false,
        can_manage_chat: true,
        can_delete_messages: true,
        can_manage_video_chats: false,
        can_restrict_members: false,
        can_promote_members: false,
        can_change_info: false,
        can_invite_users: false,
        can_post_stories: false,
        can_edit_stories: false,
        can_delete_stories: false,
        can_post_messages: opts.canPostMessages ?? true,
        can_edit_messages: true,
      };
    case 'restricted': {
      const send = opts.canSendMessages ?? false;
      return {
        status,
        user: bot,
        is_member: true,
        can_send_messages: send,
        can_send_audios: send,
        can_send_documents: send,
        can_send_photos: send,
        can_send_videos: send,
        can_send_video_notes: send,
        can_send_voice_notes: send,
        can_send_polls: send,
        can_send_other_messages: send,
        can_add_web_page_previews: send,
        can_change_info: false,
        can_invite_users: false,
        can_pin_messages: false,
        can_manage_topics: false,
        until_date: 0,
      };
    }
    case 'kicked':
      return { status, user: bot, until_date: 0 };
    case 'left':
      return { status, user: bot };
    case 'member':
      return { status, user: bot };
  }
}

export function buildMyChatMember(state: FakeState, opts: InjectMyChatMemberOptions): ChatMemberUpdated {
  const chat = state.rememberChat(opts.chat);
  const from = chat.type === 'private' ? { id: chat.id, first_name: chat.first_name ?? `User${chat.id}` } : (opts.from ?? DEFAULT_ADMIN);
  const rights = {
    ...(opts.canPostMessages !== undefined ? { canPostMessages: opts.canPostMessages } : {}),
    ...(opts.canSendMessages !== undefined ? { canSendMessages: opts.canSendMessages } : {}),
  };
  return {
    chat: state.chatObject(chat) as ChatMemberUpdated['chat'],
    from: toUser(from),
    date: Math.floor(Date.now() / 1000),
    old_chat_member: botMember(state.bot, opts.oldStatus),
    new_chat_member: botMember(state.bot, opts.newStatus, rights),
  };
}

/** The service message a chat gets about a migration (`migrate_to_chat_id` in the old group, `migrate_from_chat_id` in the new). */
export function migrationMessage(
  state: FakeState,
  chat: ChatSpec,
  field: 'migrate_to_chat_id' | 'migrate_from_chat_id',
  other: number,
): Update {
  const spec = state.rememberChat(chat);
  const message = {
    message_id: state.nextMessageId(spec.id),
    date: Math.floor(Date.now() / 1000),
    chat: state.chatObject(spec),
    from: toUser(DEFAULT_ADMIN),
    [field]: other,
  } as unknown as Message;
  return { update_id: 0, message } as Update;
}
