// Builds INTERACTION_CREATE payloads: defaults a real Discord would fill in, and the slash/button/autocomplete shapes.

import { asObject } from './http';
import { DEFAULT_MEMBER_PERMISSIONS, channelJson, memberJson, permissionString, userJson } from './payloads';
import { interactionToken, snowflake } from './snowflake';
import type { FakeState, InteractionRecord } from './state';
import type {
  AutocompleteInput,
  ButtonPressInput,
  CommandOptionInput,
  FakeMessage,
  InteractionContextInput,
  OptionValue,
  Payload,
  SlashCommandInput,
} from './types';

/** Context fields shared by every builder: where, who, with which permissions and locale. */
function contextPartial(state: FakeState, defaultUser: Payload, input: InteractionContextInput): Payload {
  const user = input.user ? userJson({ ...input.user, id: input.user.id ?? String(defaultUser.id) }) : defaultUser;
  const guildId = input.guildId ?? state.channels.get(input.channelId)?.guildId;
  const partial: Payload = { channel_id: input.channelId, locale: input.locale ?? 'en-US' };
  if (input.guildLocale) partial.guild_locale = input.guildLocale;
  if (guildId === undefined) {
    partial.user = user;
  } else {
    partial.guild_id = guildId;
    const joinedAt = state.guilds.get(guildId)?.joinedAt ?? new Date().toISOString();
    partial.member = memberJson(user, joinedAt, [], permissionString(input.permissions, DEFAULT_MEMBER_PERMISSIONS));
  }
  return partial;
}

/** Completes a partial interaction and registers it so its callbacks and webhooks are accepted. */
export function completeInteraction(
  state: FakeState,
  defaultUser: Payload,
  partial: Payload,
): { payload: Payload; record: InteractionRecord } {
  const channelId = String(partial.channel_id ?? state.channels.keys().next().value ?? snowflake());
  const member = partial.member === undefined ? undefined : asObject(partial.member);
  const user = asObject(member?.user ?? partial.user ?? defaultUser);
  const known = state.channels.get(channelId);
  const guildId = (partial.guild_id as string | undefined) ?? known?.guildId;
  // An unknown channel without a guild is a DM: create it, so replies land in messagesIn(channelId).
  const channel = known ?? (guildId === undefined ? dmChannelWithId(state, channelId, user) : undefined);
  const guild = guildId === undefined ? undefined : state.guilds.get(guildId);
  const payload: Payload = {
    id: snowflake(),
    application_id: state.applicationId,
    type: 2,
    token: interactionToken(),
    version: 1,
    channel_id: channelId,
    channel: channel ? channelJson(channel) : { id: channelId, type: 0, guild_id: guildId },
    locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: guildId === undefined ? { 1: user.id } : { 0: guildId },
    context: guildId === undefined ? 1 : 0,
    attachment_size_limit: 10 * 1024 * 1024,
    app_permissions: guild?.botPermissions ?? DEFAULT_MEMBER_PERMISSIONS.toString(),
    ...partial,
  };
  if (guildId !== undefined) {
    payload.guild_id = guildId;
    payload.guild_locale ??= guild?.config.preferredLocale ?? 'en-US';
    payload.guild = { id: guildId, locale: payload.guild_locale, features: [] };
    const filled = memberJson(user, guild?.joinedAt ?? new Date().toISOString(), [], DEFAULT_MEMBER_PERMISSIONS.toString());
    payload.member = { ...filled, ...member, user };
    delete payload.user;
  } else {
    payload.user = user;
    delete payload.member;
  }
  const record: InteractionRecord = {
    id: String(payload.id),
    token: String(payload.token),
    type: Number(payload.type),
    channelId,
    guildId,
    user,
    ephemeral: false,
  };
  const message = payload.message === undefined ? undefined : asObject(payload.message);
  if (message?.id !== undefined) record.sourceMessageId = String(message.id);
  return { payload, record };
}

function dmChannelWithId(state: FakeState, id: string, user: Payload) {
  const channel = { id, type: 1, recipient: user, position: 0, lastMessageId: null };
  state.channels.set(id, channel);
  return channel;
}

function findCommand(state: FakeState, name: string, guildId: string | undefined, type: number): Payload | undefined {
  const lists = [guildId === undefined ? [] : (state.guildCommands.get(guildId) ?? []), state.globalCommands];
  for (const list of lists) {
    const found = list.find((c) => c.name === name && c.type === type);
    if (found) return found;
  }
  return undefined;
}

function inferType(value: OptionValue | undefined): number {
  if (typeof value === 'boolean') return 5;
  if (typeof value === 'number') return Number.isInteger(value) ? 4 : 10;
  return 3;
}

/** Option objects as Discord sends them, typed from the registered command when there is one. */
function buildOptions(input: SlashCommandInput['options'], schema: Payload[], focused: string | undefined): Payload[] {
  const list: CommandOptionInput[] = Array.isArray(input) ? input : Object.entries(input ?? {}).map(([name, value]) => ({ name, value }));
  return list.map((option) => {
    const registered = schema.find((s) => s.name === option.name);
    const out: Payload = {
      name: option.name,
      type: option.type ?? (registered?.type as number | undefined) ?? inferType(option.value),
    };
    if (option.value !== undefined) out.value = option.value;
    if (option.focused || option.name === focused) out.focused = true;
    if (option.options) out.options = buildOptions(option.options, schemaOf(registered), focused);
    return out;
  });
}

function schemaOf(command: Payload | undefined): Payload[] {
  return Array.isArray(command?.options) ? (command.options as Payload[]) : [];
}

function commandData(state: FakeState, input: SlashCommandInput, guildId: string | undefined, focused?: string): Payload {
  const command = findCommand(state, input.name, guildId, 1);
  let schema = schemaOf(command);
  const group = input.subcommandGroup === undefined ? undefined : schema.find((s) => s.name === input.subcommandGroup);
  if (input.subcommandGroup !== undefined) schema = schemaOf(group);
  const sub = input.subcommand === undefined ? undefined : schema.find((s) => s.name === input.subcommand);
  if (input.subcommand !== undefined) schema = schemaOf(sub);
  let options = buildOptions(input.options, schema, focused);
  if (input.subcommand !== undefined) options = [{ name: input.subcommand, type: 1, options }];
  if (input.subcommandGroup !== undefined) options = [{ name: input.subcommandGroup, type: 2, options }];
  const data: Payload = { id: command?.id ?? snowflake(), name: input.name, type: 1, options };
  if (command?.guild_id !== undefined) data.guild_id = command.guild_id;
  return data;
}

export function slashCommandPartial(state: FakeState, defaultUser: Payload, input: SlashCommandInput): Payload {
  const context = contextPartial(state, defaultUser, input);
  return { ...context, type: 2, data: commandData(state, input, context.guild_id as string | undefined) };
}

export function autocompletePartial(state: FakeState, defaultUser: Payload, input: AutocompleteInput): Payload {
  const context = contextPartial(state, defaultUser, input);
  return { ...context, type: 4, data: commandData(state, input, context.guild_id as string | undefined, input.focused) };
}

export function buttonPressPartial(state: FakeState, defaultUser: Payload, input: ButtonPressInput): Payload {
  const context = contextPartial(state, defaultUser, input);
  let message: FakeMessage | undefined;
  if (typeof input.message === 'string') {
    message = state.messages.get(input.message);
    if (!message) throw new Error(`buttonPress: the fake knows no message ${input.message}`);
  } else if (input.message) {
    message = input.message;
    // Register messages built by the test so interaction.update() has something to edit.
    if (!state.messages.has(message.id)) state.messages.set(message.id, message);
  } else {
    const row = { type: 1, components: [{ type: 2, style: 1, label: 'button', custom_id: input.customId }] };
    message = state.createMessage(
      input.channelId,
      { content: 'message with a button', components: [row] },
      {
        author: state.botUser,
      },
    );
  }
  return { ...context, type: 3, message, data: { custom_id: input.customId, component_type: 2 } };
}
