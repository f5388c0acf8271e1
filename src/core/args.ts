// Parsing and validating command arguments against a command's typed options.
// Text platforms (console, Telegram) give a raw string; Discord gives typed values.
import { UserError } from './errors';
import { L } from './i18n';
import type { Args, ArgValue, Command, CommandOption } from './types';

/** Splits a raw argument string into words, honouring "double quotes" and 「」. */
export function splitWords(raw: string): string[] {
  const words: string[] = [];
  const re = /"([^"]*)"|“([^”]*)”|「([^」]*)」|(\S+)/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) words.push(m[1] ?? m[2] ?? m[3] ?? m[4]!);
  return words;
}

/**
 * Maps words to options: `name:value` (or `name=value`) for any known option, then
 * positional words in declaration order; a variadic option takes the remaining words.
 */
export function parseTextArgs(command: Command<unknown>, raw: string): Record<string, string> {
  const named: Record<string, string> = {};
  const positional: string[] = [];
  const known = new Map(command.options.map((o) => [o.name.toLowerCase(), o.name]));
  for (const w of splitWords(raw)) {
    const m = /^([A-Za-z_]+)[:=：](.+)$/.exec(w);
    const name = m ? known.get(m[1]!.toLowerCase()) : undefined;
    if (name) named[name] = m![2]!;
    else positional.push(w);
  }
  const out: Record<string, string> = { ...named };
  for (const opt of command.options) {
    if (!positional.length) break;
    if (out[opt.name] !== undefined) continue;
    if (opt.variadic) {
      out[opt.name] = positional.splice(0).join(' ');
      break;
    }
    out[opt.name] = positional.shift()!;
  }
  if (positional.length) {
    // Extra words go to the last variadic option if there is one; otherwise they're an error.
    const variadic = command.options.find((o) => o.variadic);
    if (variadic) out[variadic.name] = [out[variadic.name], ...positional].filter(Boolean).join(' ');
    else throw new UserError(L(`多余的参数: ${positional.join(' ')}`, `Unexpected extra words: ${positional.join(' ')}`));
  }
  return out;
}

function coerce(opt: CommandOption, value: ArgValue): ArgValue {
  switch (opt.type) {
    case 'integer': {
      const n = typeof value === 'number' ? value : Number(String(value).trim());
      if (!Number.isInteger(n)) {
        throw new UserError(L(`参数 ${opt.name} 需要一个整数(收到 "${value}")`, `${opt.name} must be a whole number (got "${value}")`));
      }
      if (opt.min !== undefined && n < opt.min) throw new UserError(L(`参数 ${opt.name} 不能小于 ${opt.min}`, `${opt.name} must be at least ${opt.min}`));
      if (opt.max !== undefined && n > opt.max) throw new UserError(L(`参数 ${opt.name} 不能大于 ${opt.max}`, `${opt.name} must be at most ${opt.max}`));
      return n;
    }
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      const s = String(value).toLowerCase();
      if (['true', 'yes', 'on', '1', '是'].includes(s)) return true;
      if (['false', 'no', 'off', '0', '否'].includes(s)) return false;
      throw new UserError(L(`参数 ${opt.name} 需要 true 或 false`, `${opt.name} must be true or false`));
    }
    case 'string': {
      const s = String(value).trim();
      if (opt.maxLength !== undefined && [...s].length > opt.maxLength) {
        throw new UserError(
          L(`参数 ${opt.name} 太长(最多 ${opt.maxLength} 个字符)`, `${opt.name} is too long (at most ${opt.maxLength} characters)`),
        );
      }
      return s;
    }
  }
}

/** Validates raw values against the options: types, required, choices, bounds. */
export function validateArgs(command: Command<unknown>, raw: Record<string, ArgValue | undefined>): Args {
  const args: Args = {};
  const known = new Set(command.options.map((o) => o.name));
  for (const k of Object.keys(raw)) {
    if (!known.has(k)) throw new UserError(L(`未知参数: ${k}`, `Unknown option: ${k}`));
  }
  for (const opt of command.options) {
    const v = raw[opt.name];
    if (v === undefined || v === '') {
      if (opt.required) {
        throw new UserError(L(`缺少参数 ${opt.name}: ${opt.description.zh}`, `Missing ${opt.name}: ${opt.description.en}`));
      }
      continue;
    }
    const value = coerce(opt, v);
    if (opt.choices && !opt.choices.some((c) => c.value === value)) {
      const list = opt.choices.map((c) => String(c.value)).join(', ');
      throw new UserError(L(`参数 ${opt.name} 只能是: ${list}`, `${opt.name} must be one of: ${list}`));
    }
    args[opt.name] = value;
  }
  return args;
}
