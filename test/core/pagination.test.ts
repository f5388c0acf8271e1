// Page-button state: bounded, and a list someone is still paging through outlives idle ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PaginationStore } from '../../src/core/pagination';

const state = (command: string) => ({ command, args: {}, channel: 'test:1', callerId: 'u1' });

test('the least recently used list falls out first; an unknown token finds nothing', () => {
  const pages = new PaginationStore(2);
  const a = pages.save(state('a'));
  const b = pages.save(state('b'));
  assert.equal(pages.get(a)?.command, 'a');
  const c = pages.save(state('c'));
  assert.equal(pages.get(b), undefined, 'b was idle longest');
  assert.equal(pages.get(a)?.command, 'a');
  assert.equal(pages.get(c)?.command, 'c');
  assert.equal(pages.get('nope'), undefined);
  assert.match(a, /^[A-Za-z0-9_-]{8}$/, 'short enough for Telegram’s 64-byte callback data');
});
