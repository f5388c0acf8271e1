// Discord's message and autocomplete limits, rejected the way Discord does (400, code 50035, nested `errors`).

import { asObject, errors } from './http';
import type { Payload } from './types';

type ErrorTree = Payload;
const IS_COMPONENTS_V2 = 1 << 15;

class Collector {
  readonly tree: ErrorTree = {};
  count = 0;

  add(path: (string | number)[], code: string, message: string): void {
    let node = this.tree;
    for (const key of path) {
      const k = String(key);
      node[k] ??= {};
      node = node[k] as ErrorTree;
    }
    const list = (node._errors ??= []) as Payload[];
    list.push({ code, message });
    this.count++;
  }

  maxLength(path: (string | number)[], value: unknown, max: number): void {
    if (typeof value === 'string' && value.length > max) {
      this.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
    }
  }

  throwIfAny(): void {
    if (this.count > 0) throw errors.invalidFormBody(this.tree);
  }
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function isUrl(value: unknown, allowAttachment: boolean): boolean {
  if (typeof value !== 'string') return false;
  if (allowAttachment && value.startsWith('attachment://')) return true;
  try {
    const protocol = new URL(value).protocol;
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

function checkEmbed(c: Collector, embed: Payload, i: number): number {
  const at = (...rest: (string | number)[]) => ['embeds', i, ...rest];
  c.maxLength(at('title'), embed.title, 256);
  c.maxLength(at('description'), embed.description, 4096);
  if (embed.url !== undefined && !isUrl(embed.url, false)) c.add(at('url'), 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
  for (const key of ['image', 'thumbnail'] as const) {
    const url = asObject(embed[key]).url;
    if (embed[key] !== undefined && !isUrl(url, true)) c.add(at(key, 'url'), 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
  }
  const author = asObject(embed.author);
  const footer = asObject(embed.footer);
  c.maxLength(at('author', 'name'), author.name, 256);
  c.maxLength(at('footer', 'text'), footer.text, 2048);
  let size = text(embed.title).length + text(embed.description).length + text(author.name).length + text(footer.text).length;
  const fields = Array.isArray(embed.fields) ? (embed.fields as Payload[]) : [];
  if (fields.length > 25) c.add(at('fields'), 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  fields.forEach((field, j) => {
    for (const [key, max] of [
      ['name', 256],
      ['value', 1024],
    ] as const) {
      if (text(field[key]).length === 0) c.add(at('fields', j, key), 'BASE_TYPE_REQUIRED', 'This field is required');
      c.maxLength(at('fields', j, key), field[key], max);
    }
    size += text(field.name).length + text(field.value).length;
  });
  return size;
}

function checkComponent(c: Collector, component: Payload, path: (string | number)[]): void {
  const type = component.type;
  if (type === 1) {
    const children = Array.isArray(component.components) ? (component.components as Payload[]) : [];
    if (children.length > 5) c.add([...path, 'components'], 'BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.');
    children.forEach((child, j) => checkComponent(c, child, [...path, 'components', j]));
    return;
  }
  if (type === 2) {
    c.maxLength([...path, 'label'], component.label, 80);
    if (component.style === 5) {
      if (!isUrl(component.url, false)) c.add([...path, 'url'], 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
      return;
    }
  }
  if (type === 2 || type === 3 || (typeof type === 'number' && type >= 5 && type <= 8)) {
    const id = component.custom_id;
    if (component.style !== 6 && (typeof id !== 'string' || id.length < 1 || id.length > 100)) {
      c.add([...path, 'custom_id'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
    }
  }
  if (type === 3) {
    const options = Array.isArray(component.options) ? (component.options as Payload[]) : [];
    if (options.length > 25) c.add([...path, 'options'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    options.forEach((option, j) => {
      c.maxLength([...path, 'options', j, 'label'], option.label, 100);
      c.maxLength([...path, 'options', j, 'value'], option.value, 100);
      c.maxLength([...path, 'options', j, 'description'], option.description, 100);
    });
  }
}

export interface MessageCheck {
  /** New messages must have something to show; edits may be partial. */
  requireContent: boolean;
  hasFiles: boolean;
}

/** Throws a Discord-shaped 400 when the message body breaks a limit. */
export function validateMessageBody(raw: unknown, check: MessageCheck): void {
  const body = asObject(raw);
  const c = new Collector();
  c.maxLength(['content'], body.content, 2000);
  const embeds = Array.isArray(body.embeds) ? (body.embeds as Payload[]) : [];
  if (embeds.length > 10) c.add(['embeds'], 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
  const total = embeds.reduce((sum, embed, i) => sum + checkEmbed(c, asObject(embed), i), 0);
  if (total > 6000) c.add(['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
  const components = Array.isArray(body.components) ? (body.components as Payload[]) : [];
  const v2 = typeof body.flags === 'number' && (body.flags & IS_COMPONENTS_V2) !== 0;
  if (!v2 && components.length > 5) c.add(['components'], 'BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.');
  components.forEach((component, i) => checkComponent(c, asObject(component), ['components', i]));
  c.throwIfAny();
  if (!check.requireContent) return;
  const empty =
    text(body.content).trim().length === 0 &&
    embeds.length === 0 &&
    components.length === 0 &&
    !check.hasFiles &&
    !Array.isArray(body.sticker_ids) &&
    body.poll === undefined;
  if (empty) throw errors.emptyMessage();
}

/** Autocomplete results: at most 25 choices, names 1-100 chars, string values up to 100. */
export function validateAutocomplete(raw: unknown): void {
  const choices = asObject(raw).choices;
  const c = new Collector();
  if (!Array.isArray(choices)) {
    c.add(['data', 'choices'], 'BASE_TYPE_REQUIRED', 'This field is required');
  } else {
    if (choices.length > 25) c.add(['data', 'choices'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    (choices as Payload[]).forEach((choice, i) => {
      const name = text(choice.name);
      if (name.length < 1 || name.length > 100) {
        c.add(['data', 'choices', i, 'name'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
      }
      c.maxLength(['data', 'choices', i, 'value'], choice.value, 100);
    });
  }
  c.throwIfAny();
}
