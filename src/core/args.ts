// Parsing and validating command arguments against a command's typed options.
// Text platforms (console, Telegram) give a raw string; Discord gives typed values.
import { UserError } from './errors';
import { localized } from '../i18n/catalog';
import { clipQuote } from './quote';
import type { Args, ArgValue, Command, CommandOption } from './types';

const QUOTES: Record<string, string> = { '"': '"', '“': '”', '「': '」' };

/**
 * Splits a raw argument string into words, honouring "double quotes", “curly quotes” and 「」
 * at the start of a word. Linear in the text: once a closing quote is known to be absent,
 * later openers of that kind are plain characters rather than another scan to the end.
 * `work.scanned` counts the characters looked at, for tests that check the cost.
 */
export function splitWords(raw: string, work: { scanned: number } = { scanned: 0 }): string[] {
  const words: string[] = [];
  const noCloser = new Set<string>();
  const word = /\S+/y;
  const space = /\s*/y;
  let i = 0;
  while (i < raw.length) {
    space.lastIndex = i;
    space.exec(raw);
    i = space.lastIndex;
    if (i >= raw.length) break;
    const closer = QUOTES[raw[i]!];
    if (closer && !noCloser.has(closer)) {
      const end = raw.indexOf(closer, i + 1);
      work.scanned += (end >= 0 ? end : raw.length) - i;
      if (end >= 0) {
        words.push(raw.slice(i + 1, end));
        i = end + 1;
        continue;
      }
      noCloser.add(closer);
    }
    word.lastIndex = i;
    word.exec(raw);
    work.scanned += word.lastIndex - i;
    words.push(raw.slice(i, word.lastIndex));
    i = word.lastIndex;
  }
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
    else throw new UserError('args.extra-words', { words: clipQuote(positional.join(' ')) });
  }
  return out;
}

/** Longer than `max` characters (code points), found without counting past the limit. */
function longerThan(text: string, max: number): boolean {
  if (text.length <= max) return false;
  let n = 0;
  for (const _ of text) if (++n > max) return true;
  return false;
}

function coerce(opt: CommandOption, value: ArgValue): ArgValue {
  // Every option's raw text is bounded before it is read; the bound is part of its declaration.
  const tooLong = typeof value === 'string' && longerThan(value.trim(), opt.maxLength);
  switch (opt.type) {
    case 'integer': {
      const n = tooLong ? NaN : typeof value === 'number' ? value : Number(String(value).trim());
      if (!Number.isInteger(n)) {
        throw new UserError('args.not-integer', { name: opt.name, value: clipQuote(String(value)) });
      }
      if (opt.min !== undefined && n < opt.min) throw new UserError('args.too-small', { name: opt.name, min: opt.min });
      if (opt.max !== undefined && n > opt.max) throw new UserError('args.too-large', { name: opt.name, max: opt.max });
      return n;
    }
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      const s = tooLong ? '' : String(value).toLowerCase();
      if (['true', 'yes', 'on', '1', '是'].includes(s)) return true;
      if (['false', 'no', 'off', '0', '否'].includes(s)) return false;
      throw new UserError('args.not-boolean', { name: opt.name });
    }
    case 'string': {
      if (tooLong) {
        throw new UserError('args.too-long', { name: opt.name, max: opt.maxLength });
      }
      return String(value).trim();
    }
  }
}

/** Validates raw values against the options: types, required, choices, bounds. */
export function validateArgs(command: Command<unknown>, raw: Record<string, ArgValue | undefined>): Args {
  const args: Args = {};
  const known = new Set(command.options.map((o) => o.name));
  for (const k of Object.keys(raw)) {
    if (!known.has(k)) throw new UserError('args.unknown-option', { name: clipQuote(k) });
  }
  for (const opt of command.options) {
    const v = raw[opt.name];
    if (v === undefined || v === '') {
      if (opt.required) {
        throw new UserError('args.missing', { name: opt.name, description: localized(opt.description) });
      }
      continue;
    }
    const value = coerce(opt, v);
    if (opt.choices && !opt.choices.some((c) => c.value === value)) {
      const list = opt.choices.map((c) => String(c.value)).join(', ');
      throw new UserError('args.not-a-choice', { name: opt.name, choices: list });
    }
    args[opt.name] = value;
  }
  return args;
}
