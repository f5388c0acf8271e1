// The fake's world: bot identity, guilds, channels, messages, registered commands and open interactions.

import type { FakeDiscordOptions, FakeMessage, Payload, RecordedFile } from './types';
import { snowflake } from './snowflake';
import { channelRecord, guildRecord, userJson, type ChannelRecord, type GuildRecord } from './payloads';

export interface InteractionRecord {
  id: string;
  token: string;
  type: number;
  channelId: string;
  guildId?: string;
  user: Payload;
  /** Callback type of the initial response, once one was accepted. */
  responseType?: number;
  ephemeral: boolean;
  /** Message that `@original` refers to, once there is one. */
  originalMessageId?: string;
  /** For component interactions: the message the component was on (what UPDATE_MESSAGE edits). */
  sourceMessageId?: string;
}

/** How long Discord remembers an enforced nonce ("the past few minutes"). */
const NONCE_WINDOW_MS = 5 * 60_000;

export interface MessageExtras {
  author: Payload;
  webhookId?: string;
  interaction?: InteractionRecord;
  files?: RecordedFile[];
}

const EPHEMERAL = 1 << 6;

export class FakeState {
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: Payload;
  readonly guilds = new Map<string, GuildRecord>();
  readonly channels = new Map<string, ChannelRecord>();
  /** Insertion-ordered, so per-channel listings come out oldest first. */
  readonly messages = new Map<string, FakeMessage>();
  /** Messages created with `enforce_nonce`, by channel, author and nonce: Discord checks these for some minutes. */
  private readonly byNonce = new Map<string, { id: string; at: number }>();
  readonly globalCommands: Payload[] = [];
  readonly guildCommands = new Map<string, Payload[]>();
  readonly interactions = new Map<string, InteractionRecord>();

  constructor(options: FakeDiscordOptions) {
    this.token = options.token ?? 'fake-bot-token';
    if (options.applicationId !== undefined) assertSnowflake(options.applicationId, 'application');
    this.applicationId = options.applicationId ?? snowflake();
    this.botUser = userJson({ id: this.applicationId, username: options.botUsername ?? 'feedbot' }, true);
    for (const guild of options.guilds ?? []) {
      assertSnowflake(guild.id, 'guild');
      this.guilds.set(guild.id, guildRecord(guild));
      (guild.channels ?? []).forEach((channel, position) => {
        assertSnowflake(channel.id, 'channel');
        this.channels.set(channel.id, channelRecord(channel, guild.id, position));
      });
    }
  }

  channelsOf(guildId: string): ChannelRecord[] {
    return [...this.channels.values()].filter((c) => c.guildId === guildId);
  }

  interactionByToken(token: string): InteractionRecord | undefined {
    for (const interaction of this.interactions.values()) if (interaction.token === token) return interaction;
    return undefined;
  }

  /** Open (or reuse) the DM channel between the bot and a user. */
  dmChannel(user: Payload): ChannelRecord {
    for (const channel of this.channels.values()) {
      if (channel.type === 1 && channel.recipient?.id === user.id) return channel;
    }
    const channel: ChannelRecord = { id: snowflake(), type: 1, recipient: user, position: 0, lastMessageId: null };
    this.channels.set(channel.id, channel);
    return channel;
  }

  createMessage(channelId: string, body: Payload, extras: MessageExtras): FakeMessage {
    const channel = this.channels.get(channelId);
    // Like Discord: a second create with the same nonce and enforce_nonce (same author, same
    // channel, within a few minutes) returns the first message instead of posting another.
    const nonceKey =
      body.enforce_nonce === true && body.nonce !== undefined ? `${channelId}|${String(extras.author.id)}|${String(body.nonce)}` : null;
    const earlier = nonceKey ? this.byNonce.get(nonceKey) : undefined;
    if (earlier && Date.now() - earlier.at < NONCE_WINDOW_MS && this.messages.has(earlier.id)) return this.messages.get(earlier.id)!;
    const id = snowflake();
    if (nonceKey) this.byNonce.set(nonceKey, { id, at: Date.now() });
    const message: FakeMessage = {
      id,
      type: body.message_reference ? 19 : 0,
      channel_id: channelId,
      content: typeof body.content === 'string' ? body.content : '',
      embeds: normalizeEmbeds(body.embeds),
      components: Array.isArray(body.components) ? (body.components as Payload[]) : [],
      attachments: attachmentsFor(extras.files ?? []),
      flags: typeof body.flags === 'number' ? body.flags : 0,
      author: extras.author,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: body.tts === true,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      pinned: false,
      nonce: body.nonce,
    };
    if (channel?.guildId) message.guild_id = channel.guildId;
    if (body.allowed_mentions !== undefined) message.allowed_mentions = body.allowed_mentions as Payload;
    if (body.message_reference) message.message_reference = body.message_reference;
    if (extras.webhookId) {
      message.webhook_id = extras.webhookId;
      message.application_id = this.applicationId;
    }
    if (extras.interaction) {
      message.interaction_metadata = {
        id: extras.interaction.id,
        type: extras.interaction.type,
        user: extras.interaction.user,
        authorizing_integration_owners: {},
      };
    }
    this.messages.set(id, message);
    if (channel) channel.lastMessageId = id;
    return message;
  }

  editMessage(message: FakeMessage, body: Payload, files: RecordedFile[] = []): FakeMessage {
    if (typeof body.content === 'string' || body.content === null) message.content = body.content ?? '';
    if (body.embeds !== undefined) message.embeds = normalizeEmbeds(body.embeds);
    if (body.components !== undefined) message.components = (body.components as Payload[] | null) ?? [];
    if (body.allowed_mentions !== undefined) message.allowed_mentions = body.allowed_mentions as Payload;
    if (typeof body.flags === 'number') message.flags = (message.flags & EPHEMERAL) | body.flags;
    if (Array.isArray(body.attachments) || files.length > 0) message.attachments = attachmentsFor(files);
    message.edited_timestamp = new Date().toISOString();
    return message;
  }

  /**
   * A forum post (POST /channels/{forum}/threads): a public thread in the forum opened by the
   * bot, whose starter message has the thread's own id, as on Discord.
   */
  createForumPost(forum: ChannelRecord, name: string, body: Payload): { thread: ChannelRecord; message: FakeMessage } {
    const id = snowflake();
    const thread: ChannelRecord = {
      id,
      type: 11,
      name,
      guildId: forum.guildId,
      position: 0,
      lastMessageId: null,
      parentId: forum.id,
      ownerId: String(this.botUser.id),
    };
    this.channels.set(id, thread);
    const message = this.createMessage(id, body, { author: this.botUser });
    this.messages.delete(message.id);
    message.id = id;
    this.messages.set(id, message);
    thread.lastMessageId = id;
    return { thread, message };
  }

  /** Forum posts in a forum channel, oldest first. */
  postsIn(forumId: string): ChannelRecord[] {
    return [...this.channels.values()].filter((c) => c.parentId === forumId && c.type === 11);
  }

  /** Messages visible in a channel, oldest first; ephemeral replies are only visible to their user, so excluded. */
  messagesIn(channelId: string): FakeMessage[] {
    return [...this.messages.values()].filter((m) => m.channel_id === channelId && (m.flags & EPHEMERAL) === 0);
  }
}

// discord.js does BigInt arithmetic on ids (sorting, timestamps), so a non-numeric id fails far from its cause.
function assertSnowflake(id: string, what: string): void {
  if (!/^\d{1,20}$/.test(id)) throw new TypeError(`fake Discord: ${what} id must be a numeric string, got ${JSON.stringify(id)}`);
}

function normalizeEmbeds(raw: unknown): Payload[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((embed: Payload) => ({ type: 'rich', ...embed }));
}

function attachmentsFor(files: RecordedFile[]): Payload[] {
  return files.map((file) => {
    const id = snowflake();
    return {
      id,
      filename: file.filename,
      size: file.size,
      content_type: file.contentType,
      url: `https://cdn.discordapp.com/attachments/fake/${id}/${file.filename}`,
      proxy_url: `https://media.discordapp.net/attachments/fake/${id}/${file.filename}`,
    };
  });
}
