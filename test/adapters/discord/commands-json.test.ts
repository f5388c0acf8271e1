// Slash-command JSON generated from the core command definitions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandsJson, MANAGE_CHANNELS } from '../../../src/adapters/discord/commands-json';
import { commands } from '../../../commands/index';
import type { Command } from '../../../src/core/types';

// Descriptions are catalog messages: help.intro is longer than Discord allows in English.
const sample: Command = {
  name: 'pick',
  aliases: ['choose'],
  description: 'help.intro',
  permission: 'channel-admin',
  options: [
    { name: 'count', type: 'integer', min: 1, max: 20, maxLength: 10, description: 'latest.option.n' },
    {
      name: 'mode',
      type: 'string',
      required: true,
      maxLength: 10,
      choices: [
        { value: 'send', name: 'settings.send-anyway' },
        { value: 'skip', name: 'settings.skip' },
      ],
      description: 'settings.quiet-days',
    },
    { name: 'topic', type: 'string', autocomplete: 'topic', maxLength: 100, description: 'search.option.topic' },
    { name: 'verbose', type: 'boolean', maxLength: 5, description: 'settings.status' },
  ],
  run: () => ({ blocks: [] }),
};

test('options are typed, required ones first, with choices, bounds, lengths and autocomplete', () => {
  const [json] = commandsJson([sample], { global: false });
  assert.deepEqual(
    json!.options!.map((o) => [o.name, o.type, o.required]),
    [
      ['mode', 3, true],
      ['count', 4, false],
      ['topic', 3, false],
      ['verbose', 5, false],
    ],
  );
  const [mode, count, topic] = json!.options! as unknown as Record<string, unknown>[];
  assert.deepEqual(mode!.choices, [
    { name: 'send anyway', name_localizations: { 'zh-CN': '也发送', 'zh-TW': '也發送' }, value: 'send' },
    { name: 'skip', name_localizations: { 'zh-CN': '不发送', 'zh-TW': '不發送' }, value: 'skip' },
  ]);
  assert.equal(mode!.autocomplete, undefined);
  assert.equal(count!.min_value, 1);
  assert.equal(count!.max_value, 20);
  assert.equal(topic!.autocomplete, true);
  assert.equal(topic!.max_length, 100);
});

test('descriptions are English with zh-CN and Traditional zh-TW localizations, cut to Discord’s 100', () => {
  const [json] = commandsJson([sample], { global: false });
  assert.ok(json!.description.length <= 100);
  assert.ok(json!.description.startsWith('I follow a Chinese machine-learning blog') && json!.description.endsWith('…'));
  assert.ok(json!.description_localizations!['zh-CN']!.length <= 100);
  const [subscribe] = commandsJson(
    commands.filter((c) => c.name === 'subscribe'),
    { global: false },
  );
  assert.equal(subscribe!.description, 'Subscribe this channel to a daily digest (admins)');
  assert.deepEqual(subscribe!.description_localizations, {
    'zh-CN': '为本频道订阅每日摘要(管理员)',
    'zh-TW': '為本頻道訂閱每日摘要(管理員)',
  });
});

test('admin commands default to Manage Channels; aliases are not separate commands', () => {
  const all = commandsJson(commands, { global: false });
  assert.deepEqual(
    all.map((c) => c.name),
    commands.map((c) => c.name),
  );
  assert.ok(!all.some((c) => c.name === 'start'));
  const perms = Object.fromEntries(all.map((c) => [c.name, c.default_member_permissions]));
  assert.equal(perms.subscribe, MANAGE_CHANNELS);
  assert.equal(perms.unsubscribe, MANAGE_CHANNELS);
  assert.equal(MANAGE_CHANNELS, String(1n << 4n));
  assert.equal(perms.search, null);
});

test('global commands declare server and DM contexts; guild commands leave them out', () => {
  const [global] = commandsJson([sample], { global: true });
  assert.deepEqual(global!.contexts, [0, 1]);
  assert.equal(global!.dm_permission, true);
  const [guild] = commandsJson([sample], { global: false });
  assert.equal(guild!.contexts, undefined);
});
