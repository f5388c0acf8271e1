// The command menu Telegram shows when a user types "/": English by default, Chinese for
// clients set to zh. Built from the router's command list so it never drifts from it.
import { t } from '../../i18n/catalog';
import type { Command } from '../../core/types';

export interface MenuEntry {
  command: string;
  description: string;
}

export interface CommandMenu {
  /** undefined: the default menu. */
  languageCode?: string;
  commands: MenuEntry[];
}

/** Telegram accepts 1–32 lowercase letters, digits and underscores, and 1–256 character descriptions. */
export function commandMenus(commands: readonly Command<unknown>[]): CommandMenu[] {
  const usable = commands.filter((c) => /^[a-z0-9_]{1,32}$/.test(c.name));
  const entries = (lang: 'en' | 'zh'): MenuEntry[] =>
    usable.map((c) => ({ command: c.name, description: (t(lang, c.description).trim() || c.name).slice(0, 256) }));
  return [{ commands: entries('en') }, { languageCode: 'zh', commands: entries('zh') }];
}
