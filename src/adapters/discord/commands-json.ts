// Slash-command registration JSON generated from the core command definitions, so the
// commands users see on Discord can never drift from what the router accepts. Pure.
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  type APIApplicationCommandBasicOption,
  type LocalizationMap,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { Converter } from 'opencc-js/cn2t';
import { t } from '../../i18n/catalog';
import type { Command, CommandOption, TextId } from '../../core/types';
import { truncateToMeasure } from '../../text/measure';

export type CommandJson = RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Manage Channels, as Discord wants it: a decimal string of the permission bits. */
export const MANAGE_CHANNELS = String(PermissionFlagsBits.ManageChannels);

const DESCRIPTION_MAX = 100;
const STRING_MAX_LENGTH = 6000;

// Descriptions are written in Simplified Chinese; Taiwan users get them in Traditional characters.
const toTraditional = Converter({ from: 'cn', to: 'tw' });

const short = (s: string): string => truncateToMeasure(s.trim(), DESCRIPTION_MAX) || '-';

function description(id: TextId): { description: string; description_localizations: LocalizationMap } {
  const zh = t('zh', id);
  return {
    description: short(t('en', id)),
    description_localizations: { 'zh-CN': short(zh), 'zh-TW': short(toTraditional(zh)) },
  };
}

function optionJson(o: CommandOption): APIApplicationCommandBasicOption {
  const base = { name: o.name, ...description(o.description), required: o.required === true };
  switch (o.type) {
    case 'boolean':
      return { ...base, type: ApplicationCommandOptionType.Boolean };
    case 'integer': {
      const choices = o.choices?.filter((c): c is { value: number; name: TextId } => typeof c.value === 'number');
      return {
        ...base,
        type: ApplicationCommandOptionType.Integer,
        ...(o.min !== undefined ? { min_value: o.min } : {}),
        ...(o.max !== undefined ? { max_value: o.max } : {}),
        ...(choices?.length ? { choices: choices.map((c) => choiceJson(c.name, c.value)) } : o.autocomplete ? { autocomplete: true } : {}),
      };
    }
    case 'string': {
      const choices = o.choices?.map((c) => choiceJson(c.name, String(c.value)));
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        // Discord forbids choices and autocomplete on the same option; fixed choices win (and need no length).
        ...(choices?.length
          ? { choices }
          : { max_length: Math.min(o.maxLength, STRING_MAX_LENGTH), ...(o.autocomplete ? { autocomplete: true } : {}) }),
      };
    }
  }
}

function choiceJson<V extends string | number>(name: TextId, value: V) {
  const zh = t('zh', name);
  return {
    name: short(t('en', name)),
    name_localizations: { 'zh-CN': short(zh), 'zh-TW': short(toTraditional(zh)) },
    value,
  };
}

export interface CommandsJsonOptions {
  /** Global commands also declare where they work (server channels and the bot's DMs); guild commands cannot. */
  global: boolean;
}

/** One chat-input command per core command (aliases are text-platform conveniences, not commands). */
export function commandsJson(commands: readonly Command<unknown>[], opts: CommandsJsonOptions): CommandJson[] {
  return commands.map((c) => ({
    type: ApplicationCommandType.ChatInput,
    name: c.name,
    ...description(c.description),
    // Discord requires required options first; the router takes them by name, so order is free.
    options: [...c.options.filter((o) => o.required), ...c.options.filter((o) => !o.required)].map(optionJson),
    // Admin commands are hidden from ordinary members by default; server admins can change that,
    // so the adapter still checks Manage Channels on every use.
    default_member_permissions: c.permission === 'channel-admin' ? MANAGE_CHANNELS : null,
    nsfw: false,
    ...(opts.global
      ? {
          dm_permission: true,
          integration_types: [ApplicationIntegrationType.GuildInstall],
          contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
        }
      : {}),
  }));
}
