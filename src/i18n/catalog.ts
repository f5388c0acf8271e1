// The one message catalog: every user-visible string, by stable id, in every locale. A
// locale is one file implementing en.ts's ids (zh.ts), registered below; adding a message
// means adding its id to en.ts and to every other locale file (the compiler lists misses).
import { en, type Catalog } from './en';
import { zh } from './zh';

export const CATALOGS = { zh, en } satisfies Record<string, Catalog>;

export type Locale = keyof typeof CATALOGS;
export type MessageId = keyof Catalog;
/** Messages without parameters: command and option descriptions. */
export type TextId = { [K in MessageId]: Catalog[K] extends string ? K : never }[MessageId];
/** Text given in every locale (topic names in data/topics.json). */
export type Localized = Record<Locale, string>;

/** Replies to a caller whose language is unknown or has no catalog. */
export const DEFAULT_LOCALE: Locale = 'en';
export const LOCALES = Object.keys(CATALOGS) as Locale[];

type ParamsOf<K extends MessageId> = Catalog[K] extends (p: infer P) => string ? P : never;
/** A text parameter may also be given in every locale; each message then shows its own. */
type Flexible<P> = { [F in keyof P]: P[F] extends string ? string | Localized : P[F] };
/** The parameters `t` takes after the id: none for a plain string, else the message's own. */
export type MessageArgs<K extends MessageId> = [ParamsOf<K>] extends [never] ? [] : [params: Flexible<ParamsOf<K>>];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && Object.hasOwn(CATALOGS, value);
}

/** The catalog locale for a language tag (`zh-CN` → zh): the tag's own language, else the default; no tag → `fallback`. */
export function localeFrom(tag: string | undefined | null, fallback: Locale): Locale {
  if (!tag) return fallback;
  const lang = tag.toLowerCase().split(/[-_]/)[0];
  return isLocale(lang) ? lang : DEFAULT_LOCALE;
}

function isLocalized(v: unknown): v is Localized {
  return typeof v === 'object' && v !== null && LOCALES.every((l) => typeof (v as Record<string, unknown>)[l] === 'string');
}

/** The text of message `id` in `locale`. */
export function t<K extends MessageId>(locale: Locale, id: K, ...args: MessageArgs<K>): string {
  return format(locale, id, args[0]);
}

/** `t` for an id and parameters already checked elsewhere (a UserError's). */
export function format(locale: Locale, id: MessageId, params?: object): string {
  const message: string | ((p: never) => string) = CATALOGS[locale][id];
  if (typeof message === 'string') return message;
  const own = Object.fromEntries(Object.entries(params ?? {}).map(([k, v]) => [k, isLocalized(v) ? v[locale] : v]));
  return message(own as never);
}

/** A message in every locale, for platforms that register text ahead of time (command menus). */
export function localized<K extends MessageId>(id: K, ...args: MessageArgs<K>): Localized {
  return Object.fromEntries(LOCALES.map((l) => [l, format(l, id, args[0])])) as Localized;
}
