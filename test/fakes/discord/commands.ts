// Application command registration: Discord's validation of command JSON, and the stored form it returns.

import { asObject, errors } from './http';
import { snowflake } from './snowflake';
import type { Payload } from './types';

export const DISCORD_LOCALES = new Set([
  'id',
  'en-GB',
  'en-US',
  'es-ES',
  'es-419',
  'fr',
  'hr',
  'it',
  'lt',
  'hu',
  'nl',
  'no',
  'pl',
  'pt-BR',
  'ro',
  'fi',
  'sv-SE',
  'vi',
  'tr',
  'cs',
  'el',
  'bg',
  'ru',
  'uk',
  'hi',
  'th',
  'zh-CN',
  'ja',
  'zh-TW',
  'ko',
  'da',
  'de',
]);

// Discord's documented pattern for chat-input command and option names (must also be lowercase).
const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

type ErrorList = { path: (string | number)[]; code: string; message: string }[];

function checkText(list: ErrorList, path: (string | number)[], value: unknown, max: number): void {
  if (typeof value !== 'string' || value.length < 1 || value.length > max) {
    list.push({ path, code: 'BASE_TYPE_BAD_LENGTH', message: `Must be between 1 and ${max} in length.` });
  }
}

function checkName(list: ErrorList, path: (string | number)[], value: unknown, chatInput: boolean): void {
  if (!chatInput) return checkText(list, path, value, 32);
  if (typeof value !== 'string' || !NAME.test(value) || value !== value.toLowerCase()) {
    list.push({ path, code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' });
  }
}

function checkLocalizations(list: ErrorList, path: (string | number)[], value: unknown, isName: boolean, chatInput: boolean): void {
  for (const [locale, text] of Object.entries(asObject(value))) {
    if (!DISCORD_LOCALES.has(locale)) {
      list.push({ path: [...path, locale], code: 'ENUM_TYPE_COERCE', message: `Value "${locale}" is not a valid enum value.` });
    } else if (isName) {
      checkName(list, [...path, locale], text, chatInput);
    } else {
      checkText(list, [...path, locale], text, 100);
    }
  }
}

function checkOptions(list: ErrorList, path: (string | number)[], raw: unknown): void {
  const options = Array.isArray(raw) ? (raw as Payload[]) : [];
  if (options.length > 25) list.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
  let sawOptional = false;
  options.forEach((option, i) => {
    const at = [...path, i];
    checkName(list, [...at, 'name'], option.name, true);
    checkText(list, [...at, 'description'], option.description, 100);
    checkLocalizations(list, [...at, 'name_localizations'], option.name_localizations, true, true);
    checkLocalizations(list, [...at, 'description_localizations'], option.description_localizations, false, true);
    if (option.required === true && sawOptional) {
      list.push({
        path: at,
        code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
        message: 'Required options must be placed before non-required options',
      });
    }
    if (option.required !== true) sawOptional = true;
    const choices = Array.isArray(option.choices) ? (option.choices as Payload[]) : [];
    if (choices.length > 25)
      list.push({ path: [...at, 'choices'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
    choices.forEach((choice, j) => checkText(list, [...at, 'choices', j, 'name'], choice.name, 100));
    if (option.type === 1 || option.type === 2) checkOptions(list, [...at, 'options'], option.options);
  });
}

/** Throws Discord's 400 for invalid command JSON; `path` prefix is the index in a bulk overwrite. */
export function validateCommands(commands: Payload[], bulk: boolean): void {
  const list: ErrorList = [];
  const seen = new Set<string>();
  commands.forEach((command, i) => {
    const at = bulk ? [i] : [];
    const type = typeof command.type === 'number' ? command.type : 1;
    const chatInput = type === 1;
    checkName(list, [...at, 'name'], command.name, chatInput);
    if (chatInput) checkText(list, [...at, 'description'], command.description, 100);
    checkLocalizations(list, [...at, 'name_localizations'], command.name_localizations, true, chatInput);
    checkLocalizations(list, [...at, 'description_localizations'], command.description_localizations, false, chatInput);
    if (chatInput) checkOptions(list, [...at, 'options'], command.options);
    const key = `${type}:${String(command.name)}`;
    if (seen.has(key)) {
      list.push({ path: at, code: 'APPLICATION_COMMANDS_DUPLICATE_NAME', message: `Application command names must be unique` });
    }
    seen.add(key);
  });
  if (list.length === 0) return;
  const tree: Payload = {};
  for (const { path, code, message } of list) {
    let node = tree;
    for (const key of path) node = (node[String(key)] ??= {}) as Payload;
    ((node._errors ??= []) as Payload[]).push({ code, message });
  }
  throw errors.invalidFormBody(tree);
}

/** The command as Discord stores and returns it; an existing command of the same name and type keeps its id. */
export function storedCommand(input: Payload, applicationId: string, guildId: string | undefined, previous: Payload[]): Payload {
  const type = typeof input.type === 'number' ? input.type : 1;
  const old = previous.find((c) => c.name === input.name && c.type === type);
  const command: Payload = {
    ...input,
    id: old?.id ?? snowflake(),
    application_id: applicationId,
    version: snowflake(),
    type,
    description: typeof input.description === 'string' ? input.description : '',
    name_localizations: input.name_localizations ?? null,
    description_localizations: input.description_localizations ?? null,
    default_member_permissions: input.default_member_permissions ?? null,
    nsfw: input.nsfw ?? false,
    integration_types: input.integration_types ?? [0],
    contexts: input.contexts ?? null,
  };
  if (guildId) command.guild_id = guildId;
  else command.dm_permission = input.dm_permission ?? true;
  return command;
}
