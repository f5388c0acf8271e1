// Inline-mode results: what "@FeedBot <query>" offers, and that each result posts valid HTML.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ArticleView } from '../../../src/core/types';
import { findInline, inlineResult, INLINE_PAGE_SIZE } from '../../../src/adapters/telegram/inline';
import { parseTelegramHtml } from '../../fakes/telegram/index';
import { createTestBot, type TestBot } from '../../helpers/bot';

const view: ArticleView = {
  id: 'abc123',
  title: 'R&D <b>not bold</b> 1 < 2',
  snippet: 'R&D and 1 < 2 & more',
  topics: ['大模型'],
  date: '2024-03-04',
  url: 'https://example.com/a?x=1&y=2',
};

describe('inlineResult', () => {
  it('is an article result whose message reads back as the plain text', () => {
    const r = inlineResult(view);
    assert.equal(r.type, 'article');
    assert.equal(r.id, 'abc123');
    assert.equal(r.title, view.title, 'titles are plain text, not HTML');
    assert.equal(r.description, view.snippet);
    assert.equal(r.url, view.url);
    const content = r.input_message_content as { message_text: string; parse_mode: string };
    assert.equal(content.parse_mode, 'HTML');
    const parsed = parseTelegramHtml(content.message_text);
    assert.ok(parsed.ok);
    assert.equal(parsed.text, 'R&D <b>not bold</b> 1 < 2\n大模型 · 2024-03-04\nR&D and 1 < 2 & more');
  });

  it('offers no URL for a non-web link', () => {
    assert.equal(inlineResult({ ...view, url: 'javascript:alert(1)' }).url, undefined);
  });
});

describe('findInline', () => {
  let s: TestBot;
  before(async () => {
    s = await createTestBot();
  });
  after(() => s.close());

  it('offers the newest articles for an empty query, ten at a time', () => {
    const first = findInline(s.bot, '', '', 'zh');
    assert.deepEqual(
      first.items.map((a) => a.id),
      s.app.store.latest(INLINE_PAGE_SIZE).map((a) => a.id),
    );
    assert.equal(first.nextOffset, '2');
    const second = findInline(s.bot, ' ', first.nextOffset, 'zh');
    assert.deepEqual(
      second.items.map((a) => a.id),
      s.app.store.latest(INLINE_PAGE_SIZE, INLINE_PAGE_SIZE).map((a) => a.id),
    );
  });

  it("searches, best match first, with topic names in the asker's language", () => {
    const res = findInline(s.bot, '空洞卷积', '', 'en');
    assert.match(res.items[0]!.title, /空洞卷积/);
    assert.ok(res.items[0]!.topics.includes('Computer Vision'));
  });

  it('finds nothing, rather than failing, for a query too long to search', () => {
    assert.deepEqual(findInline(s.bot, 'x'.repeat(500), '', 'en'), { items: [], nextOffset: '' });
  });
});
