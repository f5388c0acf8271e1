// Digests in a Discord forum channel: one post (a thread) per digest, titled with its day. The
// first part opens the post as its starter message; the post's id is the starter message's id,
// so the ledger records it like any part's message id, and later parts go into that post.
import { PermissionFlagsBits, type Client, type ForumChannel } from 'discord.js';
import { DeliveryError } from '../../core/errors';
import type { ChannelRef, Locale, Reply, SendContext, SendResult } from '../../core/types';
import { t } from '../../i18n/catalog';
import { renderReply, type DiscordMessage } from './render';

/** Discord's limit on a thread name. */
const THREAD_NAME_MAX = 100;

export function forumPostTitle(context: SendContext, fallbackLocale: Locale): string {
  const day = context.day ?? new Date().toISOString().slice(0, 10);
  return t(context.locale ?? fallbackLocale, 'adapter.forum-post-title', { day }).slice(0, THREAD_NAME_MAX);
}

const payload = (m: DiscordMessage) => ({
  ...(m.content !== undefined ? { content: m.content } : {}),
  embeds: m.embeds,
  allowedMentions: m.allowedMentions,
});

/** Creating a post needs Send Messages in the forum; its follow-ups, Send Messages in Threads; digests are embeds. */
function checkRights(forum: ForumChannel, client: Client, channel: ChannelRef): void {
  const me = client.user;
  const perms = me ? forum.permissionsFor(me) : null;
  if (!perms) return;
  const lacking = (
    [
      [PermissionFlagsBits.SendMessages, 'Send Messages'],
      [PermissionFlagsBits.SendMessagesInThreads, 'Send Messages in Threads'],
      [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
    ] as const
  ).filter(([flag]) => !perms.has(flag));
  if (lacking.length) {
    const reason = `the bot needs ${lacking.map(([, name]) => name).join(', ')} in this forum`;
    throw new DeliveryError({ kind: 'permanent', reason }, `cannot post in ${channel}: ${reason}`);
  }
}

/**
 * Sends one digest part to a forum. The first part opens a post unless the bot already opened
 * one with this title (it did, then stopped before the ledger recorded it): that post is the
 * first part, and the digest continues there instead of opening a second one.
 */
export async function sendToForum(
  client: Client,
  forum: ForumChannel,
  channel: ChannelRef,
  reply: Reply,
  context: SendContext,
  fallbackLocale: Locale,
): Promise<SendResult> {
  checkRights(forum, client, channel);
  const messages = renderReply(reply);
  if (context.firstMessageId) {
    const post = await client.channels.fetch(context.firstMessageId);
    if (!post?.isThread() || post.parentId !== forum.id) {
      throw new DeliveryError(
        { kind: 'permanent', reason: "the digest's forum post is gone" },
        `no post ${context.firstMessageId} in ${channel}`,
      );
    }
    let first: string | undefined;
    for (const m of messages) first ??= (await post.send(payload(m))).id;
    return { messageId: first! };
  }
  const name = forumPostTitle(context, fallbackLocale);
  const me = client.user?.id;
  // Active threads arrive with the guild (GUILD_CREATE) and on creation: no extra request needed.
  const opened = forum.threads.cache.find((th) => th.ownerId === me && th.name === name && !th.locked);
  if (opened) return { messageId: opened.id };
  const [starter, ...rest] = messages;
  const post = await forum.threads.create({ name, message: payload(starter!) });
  for (const m of rest) await post.send(payload(m));
  return { messageId: post.id };
}
