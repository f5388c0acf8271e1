// The fake's world: known chats, every message in each chat (bot's and injected), member
// statuses, and open callback/inline queries. Method handlers and injectors share it.

import type { Chat, Message, User } from 'telegraf/types';
import { ApiError, badRequest, failureToError } from './errors';
import type { HtmlEntity } from './html-check';
import type { ChatSpec, ChatType, MemberStatus, SentMessage, UserSpec } from './types';

export interface StoredMessage {
  message: Message.TextMessage;
  fromBot: boolean;
  /** Bot messages only: the raw text and parse mode of the latest version. */
  source?: string;
  parseMode?: string;
  entities: HtmlEntity[];
}

/** Telegram's id conventions: users are positive, supergroups/channels are -100…, groups other negatives. */
export function inferChatType(id: number): ChatType {
  if (id > 0) return 'private';
  return String(id).startsWith('-100') ? 'supergroup' : 'group';
}

export function toUser(spec: UserSpec): User {
  const user: User = { id: spec.id, is_bot: spec.is_bot ?? false, first_name: spec.first_name ?? `User${spec.id}` };
  if (spec.last_name !== undefined) user.last_name = spec.last_name;
  if (spec.username !== undefined) user.username = spec.username;
  if (spec.language_code !== undefined) user.language_code = spec.language_code;
  return user;
}

export class FakeState {
  readonly chats = new Map<number, ChatSpec>();
  private readonly messages = new Map<number, Map<number, StoredMessage>>();
  private readonly lastMessageId = new Map<number, number>();
  private readonly members = new Map<string, MemberStatus>();
  /** callback/inline query id → answered yet? */
  readonly openQueries = new Map<string, { kind: 'callback' | 'inline'; answered: boolean }>();
  readonly commands = new Map<string, unknown[]>();
  webhookUrl = '';
  /** Groups upgraded to supergroups: old id → new id (sends to the old one fail as on Telegram). */
  readonly migrated = new Map<number, number>();
  /** Closed forum topics, as `chatId:threadId`: the bot's sends there fail with TOPIC_CLOSED. */
  readonly closedTopics = new Set<string>();

  constructor(readonly bot: User) {}

  /** Registers or updates a chat, keeping details learnt earlier. */
  rememberChat(spec: ChatSpec): ChatSpec {
    const merged: ChatSpec = { ...this.chats.get(spec.id), ...spec };
    this.chats.set(spec.id, merged);
    return merged;
  }

  /** Resolves a chat_id parameter (number, numeric string or @username) like Telegram. */
  resolveChat(raw: unknown): ChatSpec {
    if (raw === undefined || raw === null || raw === '') throw badRequest('chat_id is empty');
    const text = String(raw);
    if (text.startsWith('@')) {
      const name = text.slice(1).toLowerCase();
      for (const chat of this.chats.values()) {
        if (chat.username?.toLowerCase() === name) return chat;
      }
      throw badRequest('chat not found');
    }
    const id = Number(text);
    if (!Number.isSafeInteger(id) || id === 0) throw badRequest('chat not found');
    return this.chats.get(id) ?? this.rememberChat({ id, type: inferChatType(id) });
  }

  chatObject(spec: ChatSpec): Chat {
    const { id, type } = spec;
    if (type === 'private') {
      const chat: Chat.PrivateChat = { id, type, first_name: spec.first_name ?? `User${id}` };
      if (spec.username !== undefined) chat.username = spec.username;
      return chat;
    }
    const title = spec.title ?? `Chat ${id}`;
    if (type === 'group') return { id, type, title };
    return spec.username !== undefined ? { id, type, title, username: spec.username } : { id, type, title };
  }

  nextMessageId(chatId: number): number {
    const id = (this.lastMessageId.get(chatId) ?? 0) + 1;
    this.lastMessageId.set(chatId, id);
    return id;
  }

  store(chatId: number, stored: StoredMessage): void {
    let inChat = this.messages.get(chatId);
    if (!inChat) this.messages.set(chatId, (inChat = new Map()));
    inChat.set(stored.message.message_id, stored);
  }

  find(chatId: number, messageId: number): StoredMessage | undefined {
    return this.messages.get(chatId)?.get(messageId);
  }

  remove(chatId: number, messageId: number): boolean {
    return this.messages.get(chatId)?.delete(messageId) ?? false;
  }

  /** A bot message that may be edited, or the error Telegram gives. */
  editable(chatId: number, messageId: number | undefined): StoredMessage {
    if (messageId === undefined) throw badRequest('message identifier is not specified');
    const stored = this.find(chatId, messageId);
    if (!stored) throw badRequest('message to edit not found');
    if (!stored.fromBot) throw badRequest("message can't be edited");
    return stored;
  }

  botMessagesIn(chatId: number): SentMessage[] {
    const out: SentMessage[] = [];
    for (const s of this.messages.get(chatId)?.values() ?? []) {
      if (!s.fromBot) continue;
      const view: SentMessage = {
        messageId: s.message.message_id,
        chatId,
        text: s.message.text,
        entities: s.entities,
        source: s.source ?? s.message.text,
        date: s.message.date,
      };
      if (s.parseMode !== undefined) view.parseMode = s.parseMode;
      if (s.message.reply_markup !== undefined) view.replyMarkup = s.message.reply_markup;
      if (s.message.edit_date !== undefined) view.editDate = s.message.edit_date;
      if (s.message.reply_to_message !== undefined) view.replyTo = s.message.reply_to_message.message_id;
      if (s.message.is_topic_message && s.message.message_thread_id !== undefined) view.threadId = s.message.message_thread_id;
      out.push(view);
    }
    return out.sort((a, b) => a.messageId - b.messageId);
  }

  setMember(chatId: number, userId: number, status: MemberStatus): void {
    this.members.set(`${chatId}:${userId}`, status);
  }

  memberStatus(chatId: number, userId: number): MemberStatus {
    return this.members.get(`${chatId}:${userId}`) ?? 'member';
  }

  /** Fails like Telegram when the bot's own status (set via setChatMember) forbids posting. */
  assertBotCanPost(chat: ChatSpec): void {
    const to = this.migrated.get(chat.id);
    if (to !== undefined) throw failureToError({ kind: 'migrated', newChatId: to });
    const status = this.members.get(`${chat.id}:${this.bot.id}`);
    if (status === 'kicked') {
      throw failureToError({ kind: chat.type === 'private' ? 'blocked' : 'kicked' }, chat.type);
    }
    if (status === 'left') throw new ApiError(403, `Forbidden: bot is not a member of the ${chat.type} chat`);
    if (status === 'restricted') throw failureToError({ kind: 'not-enough-rights' });
  }

  /** Marks a callback/inline query answered, failing like Telegram for unknown or repeat answers. */
  answerQuery(id: unknown, kind: 'callback' | 'inline'): void {
    const query = this.openQueries.get(String(id ?? ''));
    if (!query || query.kind !== kind || query.answered) {
      throw new ApiError(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
    }
    query.answered = true;
  }
}
