// The "/" command menu, in English and Chinese, from the bot's real command list.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commands } from '../../../commands/index';
import { commandMenus } from '../../../src/adapters/telegram/menu';
import type { Command } from '../../../src/core/types';

describe('commandMenus', () => {
  it('lists every command with English defaults and a zh variant', () => {
    const [en, zh] = commandMenus(commands);
    assert.equal(en!.languageCode, undefined);
    assert.equal(zh!.languageCode, 'zh');
    assert.deepEqual(
      en!.commands.map((c) => c.command),
      commands.map((c) => c.name),
    );
    const search = (m: typeof en) => m!.commands.find((c) => c.command === 'search')!.description;
    assert.match(search(en), /^Search/);
    assert.match(search(zh), /搜索/);
  });

  it('leaves out names Telegram would reject', () => {
    const odd = { ...commands[0]!, name: 'Bad-Name' } as Command<unknown>;
    assert.deepEqual(commandMenus([odd])[0]!.commands, []);
  });
});
