// Page buttons: the right arrows on each page, and payloads that fit Telegram's 64 bytes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PaginationStore } from '../../../src/core/pagination';
import { MAX_CALLBACK_BYTES, NOOP_DATA, pageKeyboard, parsePageData } from '../../../src/adapters/telegram/keyboard';

const p = (page: number, pages: number) => ({ command: 'search', args: { query: '卷积' }, page, pages });
const texts = (page: number, pages: number) => pageKeyboard(p(page, pages), 'tok')?.inline_keyboard[0]!.map((b) => b.text);

describe('pageKeyboard', () => {
  it('shows only the arrows that lead somewhere', () => {
    assert.deepEqual(texts(1, 3), ['1/3', '▶']);
    assert.deepEqual(texts(2, 3), ['◀', '2/3', '▶']);
    assert.deepEqual(texts(3, 3), ['◀', '3/3']);
  });

  it('has no keyboard for a single page or no pagination', () => {
    assert.equal(pageKeyboard(p(1, 1), 'tok'), undefined);
    assert.equal(pageKeyboard(undefined, 'tok'), undefined);
  });

  it('carries a store token and the target page within 64 bytes', () => {
    const store = new PaginationStore();
    const token = store.save({ command: 'search', args: { query: '很长的查询'.repeat(20) }, channel: 'telegram:-100123', callerId: '42' });
    const row = pageKeyboard(p(999, 1000), token)!.inline_keyboard[0]!;
    for (const b of row) assert.ok(Buffer.byteLength(b.callback_data) <= MAX_CALLBACK_BYTES);
    assert.deepEqual(parsePageData(row[0]!.callback_data), { kind: 'page', token, page: 998 });
    assert.deepEqual(parsePageData(row[2]!.callback_data), { kind: 'page', token, page: 1000 });
    assert.deepEqual(parsePageData(row[1]!.callback_data), { kind: 'noop' });
    assert.equal(row[1]!.callback_data, NOOP_DATA);
  });
});

describe('parsePageData', () => {
  it('treats anything that is not one of our buttons as foreign', () => {
    for (const d of [undefined, '', 'more:1', 'pg:tok', 'pg:tok:0', 'pg:tok:x', 'pg:t/k:2', 'pg:tok:12345678']) {
      assert.deepEqual(parsePageData(d), { kind: 'other' }, String(d));
    }
  });
});
