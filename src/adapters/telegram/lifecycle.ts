// Telegram's membership and service updates, told as core chat events: the bot's own
// my_chat_member changes (removed, kicked, muted, demoted in a channel, back) and a group's
// upgrade to a supergroup (migrate_to_chat_id / migrate_from_chat_id). Pure.
import type { ChatMember, ChatMemberUpdated } from 'telegraf/types';
import type { ChatEvent } from '../../core/lifecycle';
import { channelOf, topicOf } from './delivery';

/** What a membership lets the bot do in a chat. */
type Standing = 'gone' | 'muted' | 'posting';

export function standingOf(member: ChatMember, chatType: string): Standing {
  switch (member.status) {
    case 'left':
    case 'kicked':
      return 'gone';
    case 'restricted':
      if (!member.is_member) return 'gone';
      return member.can_send_messages ? 'posting' : 'muted';
    case 'administrator':
      // In a channel only an admin allowed to post may post; elsewhere admins always may.
      return chatType === 'channel' && member.can_post_messages === false ? 'muted' : 'posting';
    case 'creator':
      return 'posting';
    case 'member':
      // A channel's plain members cannot post.
      return chatType === 'channel' ? 'muted' : 'posting';
  }
}

/** The chat event a change of the bot's own membership means, or null when it means nothing for delivery. */
export function chatEventOfMembership(u: ChatMemberUpdated): ChatEvent | null {
  const channel = channelOf(u.chat.id);
  const before = standingOf(u.old_chat_member, u.chat.type);
  const after = standingOf(u.new_chat_member, u.chat.type);
  if (before === after) return null;
  if (after === 'gone') return { kind: 'removed', channel, code: 'removed', detail: u.new_chat_member.status };
  if (after === 'muted') {
    const detail = u.chat.type === 'channel' ? 'not an admin allowed to post' : 'may not send messages';
    return { kind: 'lost-permission', channel, detail };
  }
  return { kind: 'readded', channel };
}

/** A service message announcing that a group became a supergroup (sent in both chats), as a migration. */
export function chatEventOfMigration(m: {
  chat: { id: number };
  migrate_to_chat_id?: number;
  migrate_from_chat_id?: number;
}): ChatEvent | null {
  if (m.migrate_to_chat_id !== undefined) return { kind: 'migrated', from: channelOf(m.chat.id), to: channelOf(m.migrate_to_chat_id) };
  if (m.migrate_from_chat_id !== undefined) return { kind: 'migrated', from: channelOf(m.migrate_from_chat_id), to: channelOf(m.chat.id) };
  return null;
}

/** A forum topic closed or reopened (service messages in the topic): closed is handled like a removed chat. */
export function chatEventOfTopic(m: {
  chat: { id: number };
  is_topic_message?: boolean;
  message_thread_id?: number;
  forum_topic_closed?: object;
  forum_topic_reopened?: object;
}): ChatEvent | null {
  const topic = topicOf(m);
  if (topic === undefined) return null;
  const channel = channelOf(m.chat.id, topic);
  if (m.forum_topic_closed) return { kind: 'removed', channel, code: 'closed', detail: 'topic closed' };
  if (m.forum_topic_reopened) return { kind: 'readded', channel };
  return null;
}

/**
 * A change to the whole chat also reaches its forum topics' subscriptions (`telegram:<chat>:<topic>`),
 * given the platform's subscribed refs.
 */
export function withTopics(event: ChatEvent, subscribed: readonly string[]): ChatEvent[] {
  if (event.kind === 'migrated') return [event];
  const prefix = `${event.channel}:`;
  return [event, ...subscribed.filter((c) => c.startsWith(prefix)).map((channel) => ({ ...event, channel }))];
}
