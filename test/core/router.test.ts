import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Router } from '../../src/core/router';
import { UserError } from '../../src/core/errors';
import type { Command } from '../../src/core/types';
import type { Logger } from '../../src/core/log';

function recordingLog() {
  const lines: string[] = [];
  const log: Logger = {
    debug() {},
    info() {},
    warn() {},
    error: (m, c) => lines.push(`${m} ${JSON.stringify(c, (_k, v) => (v instanceof Error ? v.message : v))}`),
    child: () => log,
  };
  return { log, lines };
}

const boom: Command<null> = {
  name: 'boom',
  description: 'help.description',
  permission: 'everyone',
  options: [],
  run: () => {
    throw new Error('kaboom');
  },
};
const oops: Command<null> = {
  name: 'oops',
  description: 'help.description',
  permission: 'everyone',
  options: [],
  run: () => {
    throw new UserError('topic.only-pages', { pages: 3 });
  },
};
const admin: Command<null> = {
  name: 'admin',
  description: 'help.description',
  permission: 'channel-admin',
  options: [],
  run: () => ({ blocks: [{ kind: 'text', text: 'done' }] }),
};

const inv = (command: string, over: object = {}) => ({
  command,
  text: '',
  channel: 'test:1',
  caller: { id: 'u' },
  locale: 'en' as const,
  isPrivate: false,
  isChannelAdmin: async () => false,
  ...over,
});

test('an unexpected exception becomes an apology and is logged with context', async () => {
  const { log, lines } = recordingLog();
  const r = await new Router([boom], null, { log }).dispatch(inv('boom'));
  assert.equal(r!.kind, 'error');
  assert.equal(r!.messageId, 'router.failed');
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /kaboom/);
  assert.match(lines[0]!, /test:1/);
});

test('a UserError is shown to the user in their language and not logged', async () => {
  const { log, lines } = recordingLog();
  const router = new Router([oops], null, { log });
  const r = await router.dispatch(inv('oops', { locale: 'zh' }));
  assert.equal(r!.messageId, 'topic.only-pages');
  assert.deepEqual(r!.blocks, [{ kind: 'text', text: '这个主题只有 3 页。' }], 'in the caller’s language, with its parameters');
  assert.equal(lines.length, 0);
});

test('channel-admin commands are refused for non-admins in a group, allowed in private', async () => {
  const router = new Router([admin], null, { log: recordingLog().log });
  const refused = await router.dispatch(inv('admin'));
  assert.equal(refused!.kind, 'error');
  assert.equal(refused!.ephemeral, true);
  assert.equal(refused!.messageId, 'router.admin-only');
  assert.match(JSON.stringify(refused), /\/admin/);
  const allowed = await router.dispatch(inv('admin', { isPrivate: true }));
  assert.match(JSON.stringify(allowed), /done/);
});

test('an unknown command points to /help', async () => {
  const r = await new Router([admin], null, { log: recordingLog().log }).dispatch(inv('nope', { locale: 'zh' }));
  assert.equal(r!.messageId, 'router.unknown-command');
  assert.match(JSON.stringify(r), /未知命令 \/nope/);
});

test('two commands claiming one name or alias are refused at start-up, naming both', () => {
  const log = recordingLog().log;
  const help: Command<null> = {
    name: 'help',
    aliases: ['start'],
    description: 'help.description',
    permission: 'everyone',
    options: [],
    run: () => ({ blocks: [] }),
  };
  const start: Command<null> = { ...help, name: 'Start', aliases: [] };
  assert.throws(() => new Router([help, start], null, { log }), /"Start" of \/Start is already taken by \/help/);
  assert.throws(() => new Router([help, { ...admin, aliases: ['HELP'] }], null, { log }), /"HELP" of \/admin is already taken by \/help/);
  assert.doesNotThrow(() => new Router([help, admin], null, { log }));
});

test('an unknown command is throttled like any other: a flood gets a burst of answers, one warning, then silence', async () => {
  const { createThrottle } = await import('../../src/core/throttle');
  const throttle = createThrottle(() => 0, { userBurst: 3, userPerMinute: 1, channelBurst: 100, channelPerMinute: 100 });
  const router = new Router([admin], null, { log: recordingLog().log, throttle });
  const replies = [];
  for (let i = 0; i < 100; i++) replies.push(await router.dispatch(inv('xyz')));
  assert.equal(replies.filter((r) => r && /Unknown command/.test(JSON.stringify(r))).length, 3);
  assert.equal(replies.filter((r) => r && /slow down/.test(JSON.stringify(r))).length, 1);
  assert.equal(replies.filter((r) => r === null).length, 96);
});

test('an unknown command name is quoted short', async () => {
  const r = await new Router([admin], null, { log: recordingLog().log }).dispatch(inv('x'.repeat(5000)));
  assert.ok(JSON.stringify(r).length < 300);
});
