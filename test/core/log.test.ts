// Structured logs: JSON lines with the adapter's binding, readable one-liners in a terminal,
// and secrets masked by key and by registered value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger, redact, registerSecret, registerSecretPattern } from '../../src/core/log';

test('JSON lines: level, message, context, child bindings; errors as name and message; below the level dropped', () => {
  const lines: string[] = [];
  const log = createLogger('info', (l) => lines.push(l));
  log.debug('not shown');
  log
    .child({ adapter: 'telegram' })
    .warn('could not reply to a command', { channel: 'telegram:-100', error: new TypeError('socket hang up') });
  assert.equal(lines.length, 1);
  const line = JSON.parse(lines[0]!) as Record<string, unknown>;
  assert.equal(line.level, 40);
  assert.equal(line.msg, 'could not reply to a command');
  assert.equal(line.adapter, 'telegram');
  assert.equal(line.channel, 'telegram:-100');
  assert.equal(line.error, 'TypeError: socket hang up');
  assert.match(String(line.time), /^\d{4}-\d\d-\d\dT/);
});

test('a registered secret is masked anywhere in a line, a token key always', () => {
  registerSecret('4242424242:LOGtest-secretValue_abcdefgh');
  const lines: string[] = [];
  const log = createLogger('debug', (l) => lines.push(l));
  log.error('GET https://api.example/bot4242424242:LOGtest-secretValue_abcdefgh/getMe failed', {
    error: new Error(encodeURIComponent('4242424242:LOGtest-secretValue_abcdefgh')),
    config: { token: 'not-registered-but-a-token' },
  });
  const text = lines.join('\n');
  assert.ok(!text.includes('LOGtest-secretValue_abcdefgh'), text);
  assert.ok(!text.includes('not-registered-but-a-token'), text);
  assert.match(text, /bot\*\*\*\/getMe/);
});

test('the core knows no platform’s token shape; an adapter may register one', () => {
  const shaped = 'see https://api.example/blah77777:ShapedSecret_0123456789abcd/x';
  assert.equal(redact(shaped), shaped);
  registerSecretPattern(/blah\d{5,}:[\w-]{20,}/, 'blah***');
  assert.equal(redact(shaped), 'see https://api.example/blah***/x');
});

test('in a terminal: one readable line, the adapter as a prefix', () => {
  const lines: string[] = [];
  const log = createLogger('debug', { format: 'pretty', write: (l) => lines.push(l) });
  log.child({ adapter: 'discord' }).info('connected', { guilds: 2 });
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /^\[\d\d:\d\d:\d\d\] INFO: discord: connected \{"guilds":2\}$/);
});
