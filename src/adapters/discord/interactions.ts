// Discord interactions → router invocations and back: slash commands, pagination buttons
// and autocomplete. Discord gives three seconds to answer, so queries are deferred first.
import {
  ChannelType,
  GuildMember,
  MessageFlags,
  PermissionFlagsBits,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  type InteractionUpdateOptions,
} from 'discord.js';
import type { ChoiceLimits } from '../../core/completions';
import type { BotPort } from '../../core/port';
import type { Invocation } from '../../core/router';
import { localeFrom, t } from '../../i18n/catalog';
import type { Logger } from '../../core/log';
import type { ArgValue, Locale } from '../../core/types';
import { FORUM_OPTION, FORUM_TARGET_COMMANDS } from './commands-json';
import { decodePageId } from './page-id';
import { renderReply, type DiscordMessage } from './render';

export interface InteractionDeps {
  bot: BotPort;
  log: Logger;
  /** Used when Discord sends no locale. */
  defaultLocale: Locale;
}

/** Discord shows at most 25 suggestions, names and values up to 100 characters. */
export const DISCORD_CHOICE_LIMITS: ChoiceLimits = { maxChoices: 25, maxLength: 100 };

/** Commands not marked `deferred` are deferred only if they have not answered by then (Discord's limit is 3 s). */
const DEFER_AFTER_MS = 2000;

function replyOptions(m: DiscordMessage): InteractionReplyOptions {
  return {
    ...(m.content !== undefined ? { content: m.content } : {}),
    embeds: m.embeds,
    components: m.components,
    allowedMentions: m.allowedMentions,
    ...(m.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
  };
}

function editOptions(m: DiscordMessage): InteractionEditReplyOptions & InteractionUpdateOptions {
  // An edit keeps fields it does not mention, so absent content is cleared explicitly.
  return { content: m.content ?? '', embeds: m.embeds, components: m.components, allowedMentions: m.allowedMentions };
}

function textMessage(content: string): InteractionReplyOptions {
  return { content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } };
}

/** Where, who and with which rights: the parts of an invocation every interaction shares. */
function context(i: ChatInputCommandInteraction | ButtonInteraction, locale: Locale): Omit<Invocation, 'command' | 'values'> {
  const inGuild = i.inGuild();
  return {
    channel: `discord:${i.channelId}`,
    caller: { id: i.user.id, name: i.user.globalName ?? i.user.username },
    locale,
    // In a DM the user is the channel's admin.
    isPrivate: !inGuild,
    // memberPermissions are the member's rights in this very channel, overwrites included.
    isChannelAdmin: async () => !inGuild || (i.memberPermissions?.has(PermissionFlagsBits.ManageChannels) ?? false),
  };
}

async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      work.then(
        () => true,
        () => true,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The forum a subscription command names instead of the channel it was sent in: a forum of
 * the same server, administered by whoever has Manage Channels there. Null when not a forum.
 */
async function forumTarget(
  i: ChatInputCommandInteraction,
  forumId: string,
): Promise<Pick<Invocation, 'channel' | 'isChannelAdmin'> | null> {
  const forum = i.inGuild() ? (i.guild?.channels.cache.get(forumId) ?? (await i.client.channels.fetch(forumId).catch(() => null))) : null;
  if (!forum || forum.type !== ChannelType.GuildForum || forum.guildId !== i.guildId) return null;
  return {
    channel: `discord:${forum.id}`,
    isChannelAdmin: async () => {
      const member = i.member instanceof GuildMember ? i.member : await forum.guild.members.fetch(i.user.id).catch(() => null);
      return member ? forum.permissionsFor(member).has(PermissionFlagsBits.ManageChannels) : false;
    },
  };
}

async function onCommand(i: ChatInputCommandInteraction, deps: InteractionDeps): Promise<void> {
  const { bot } = deps;
  const values: Record<string, ArgValue> = {};
  let forumId: string | undefined;
  for (const o of i.options.data) {
    if (o.name === FORUM_OPTION && FORUM_TARGET_COMMANDS.has(i.commandName)) forumId = String(o.value ?? '');
    else if (typeof o.value === 'string' || typeof o.value === 'number' || typeof o.value === 'boolean') values[o.name] = o.value;
  }
  const locale = localeFrom(i.locale, deps.defaultLocale);
  const inv: Invocation = { ...context(i, locale), command: i.commandName, values, admitted: true };
  // Counted before anything is shown: a throttled caller gets no "thinking…" placeholder either.
  const gate = bot.admit(inv);
  if (gate === 'drop') return;
  if (gate) {
    await i.reply(replyOptions({ ...renderReply(gate)[0]!, ephemeral: true }));
    return;
  }
  if (forumId !== undefined) {
    const target = await forumTarget(i, forumId);
    if (!target) {
      await i.reply(textMessage(t(locale, 'adapter.not-a-forum')));
      return;
    }
    Object.assign(inv, target);
  }
  let deferred = false;
  if (bot.findCommand(i.commandName)?.deferred) {
    await i.deferReply();
    deferred = true;
  }
  const work = bot.handle(inv);
  if (!deferred && !(await settlesWithin(work, DEFER_AFTER_MS))) {
    await i.deferReply();
    deferred = true;
  }
  const reply = await work;
  if (!reply) {
    // A throttled caller is ignored; take the "thinking…" placeholder away.
    if (deferred) await i.deleteReply();
    return;
  }
  const p = reply.pagination;
  const token =
    p && p.pages > 1 ? bot.pages.save({ command: p.command, args: p.args, channel: inv.channel, callerId: inv.caller.id }) : undefined;
  const [first, ...more] = renderReply(reply, token ? { page: { token, locale: inv.locale } } : {});
  if (!deferred) {
    await i.reply(replyOptions(first!));
  } else if (first!.ephemeral) {
    // A deferred reply's visibility is fixed; a private answer replaces the public placeholder.
    await i.deleteReply();
    await i.followUp(replyOptions(first!));
  } else {
    await i.editReply(editOptions(first!));
  }
  for (const m of more) await i.followUp(replyOptions(m));
}

async function onButton(i: ButtonInteraction, deps: InteractionDeps): Promise<void> {
  const id = decodePageId(i.customId);
  if (!id) {
    await i.deferUpdate();
    return;
  }
  const ctx = context(i, id.locale);
  const state = deps.bot.pages.get(id.token);
  // State is only honoured in the channel it was made for: a token copied elsewhere shows nothing.
  if (!state || state.channel !== ctx.channel) {
    // Answered without a command, but throttled like one: a flood of stale buttons is still a flood.
    const gate = deps.bot.admit(ctx);
    if (gate === 'drop') return;
    if (gate) await i.reply(replyOptions({ ...renderReply(gate)[0]!, ephemeral: true }));
    else await i.reply(textMessage(t(id.locale, 'pages.results-expired')));
    return;
  }
  // Anyone may turn the page: it re-runs the same read-only query, with the presser's rights.
  const reply = await deps.bot.handle({ ...ctx, command: state.command, values: { ...state.args, page: id.page } });
  if (!reply) {
    await i.deferUpdate();
    return;
  }
  const [first] = renderReply(reply, { page: { token: id.token, locale: id.locale } });
  if (reply.kind === 'error' || first!.ephemeral) await i.reply(replyOptions({ ...first!, ephemeral: true }));
  else await i.update(editOptions(first!));
}

async function onAutocomplete(i: AutocompleteInteraction, deps: InteractionDeps): Promise<void> {
  const focused = i.options.getFocused(true);
  const option = deps.bot.findCommand(i.commandName)?.options.find((o) => o.name === focused.name);
  const locale = localeFrom(i.locale, deps.defaultLocale);
  await i.respond(
    option ? deps.bot.complete(option, String(focused.value ?? ''), locale, DISCORD_CHOICE_LIMITS, `discord:${i.channelId}`) : [],
  );
}

/** Handles one interaction; never throws (a failure is logged and, if possible, told to the user). */
export async function handleInteraction(i: Interaction, deps: InteractionDeps): Promise<void> {
  try {
    if (i.isChatInputCommand()) await onCommand(i, deps);
    else if (i.isButton()) await onButton(i, deps);
    else if (i.isAutocomplete()) await onAutocomplete(i, deps);
  } catch (err) {
    deps.log.warn('interaction failed', {
      type: i.type,
      command: i.isCommand() || i.isAutocomplete() ? i.commandName : undefined,
      channel: i.channelId,
      error: err as Error,
    });
    if (!i.isRepliable()) return;
    const sorry = t(localeFrom(i.locale, deps.defaultLocale), 'adapter.failed');
    try {
      if (i.deferred || i.replied) await i.followUp(textMessage(sorry));
      else await i.reply(textMessage(sorry));
    } catch {
      // The interaction is gone (expired or already answered); nothing more to tell.
    }
  }
}
