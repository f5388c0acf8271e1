import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Router } from '../../src/core/router';
import { L } from '../../src/core/i18n';
import { UserError } from '../../src/core/errors';
import type { Command } from '../../src/core/types';
import type { Logger } from '../../src/core/log';

function recordingLog() {
  const lines: string[] = [];
  const log: Logger = { debug() {}, info() {}, warn() {}, error: (m, c) => lines.push(`${m} ${JSON.stringify(c, (_k, v) => (v instanceof Error ? v.message : v))}`) };
  return { log, lines };
}

const boom: Command<null> = { name: 'boom', description: L('炸', 'boom'), permission: 'everyone', options: [], run: () => { throw new Error('kaboom'); } };
const oops: Command<null> = { name: 'oops', description: L('哎', 'oops'), permission: 'everyone', options: [], run: () => { throw new UserError(L('你错了', 'you are wrong')); } };
const admin: Command<null> = { name: 'admin', description: L('管', 'admin'), permission: 'channel-admin', options: [], run: () => ({ blocks: [{ kind: 'text', text: 'done' }] }) };

const inv = (command: string, over: object = {}) => ({
  command, text: '', channel: 'test:1', caller: { id: 'u' }, locale: 'en' as const, isPrivate: false, isChannelAdmin: async () => false, ...over,
});

test('an unexpected exception becomes an apology and is logged with context', async () => {
  const { log, lines } = recordingLog();
  const r = await new Router([boom], null, { log }).dispatch(inv('boom'));
  assert.equal(r!.kind, 'error');
  assert.match(JSON.stringify(r), /Sorry, something went wrong/);
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /kaboom/);
  assert.match(lines[0]!, /test:1/);
});

test('a UserError is shown to the user in their language and not logged', async () => {
  const { log, lines } = recordingLog();
  const router = new Router([oops], null, { log });
  assert.match(JSON.stringify(await router.dispatch(inv('oops', { locale: 'zh' }))), /你错了/);
  assert.equal(lines.length, 0);
});

test('channel-admin commands are refused for non-admins in a group, allowed in private', async () => {
  const router = new Router([admin], null, { log: recordingLog().log });
  const refused = await router.dispatch(inv('admin'));
  assert.equal(refused!.kind, 'error');
  assert.equal(refused!.ephemeral, true);
  assert.match(JSON.stringify(refused), /only an admin/);
  const allowed = await router.dispatch(inv('admin', { isPrivate: true }));
  assert.match(JSON.stringify(allowed), /done/);
});

test('an unknown command points to /help', async () => {
  const r = await new Router([admin], null, { log: recordingLog().log }).dispatch(inv('nope', { locale: 'zh' }));
  assert.match(JSON.stringify(r), /\/help/);
  assert.match(JSON.stringify(r), /未知命令/);
});

test('two commands claiming one name or alias are refused at start-up, naming both', () => {
  const log = recordingLog().log;
  const help: Command<null> = { name: 'help', aliases: ['start'], description: L('帮助', 'help'), permission: 'everyone', options: [], run: () => ({ blocks: [] }) };
  const start: Command<null> = { ...help, name: 'Start', aliases: [] };
  assert.throws(() => new Router([help, start], null, { log }), /"Start" of \/Start is already taken by \/help/);
  assert.throws(() => new Router([help, { ...admin, aliases: ['HELP'] }], null, { log }), /"HELP" of \/admin is already taken by \/help/);
  assert.doesNotThrow(() => new Router([help, admin], null, { log }));
});
