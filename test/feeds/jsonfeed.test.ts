import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FeedParseError, parseJsonFeed } from '../../src/feeds/jsonfeed';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url), 'utf8');

test('JSON Feed 1.1 items: ids, urls, HTML and text content, tags, dates', () => {
  const feed = parseJsonFeed(fixture('feed.json'), 'https://json.example.com/feed.json');
  assert.equal(feed.title, 'AI 简讯');
  assert.deepEqual(feed.entries, [
    {
      guid: '2024001',
      url: 'https://json.example.com/posts/diffusion',
      title: '扩散模型 Diffusion 入门',
      text: '扩散模型通过逐步去噪生成图像 — DDPM。',
      categories: ['生成模型', 'Diffusion'],
      publishedAt: '2024-04-01T02:00:00.000Z',
    },
    {
      guid: 'plain-2',
      url: 'https://json.example.com/posts/llm',
      title: '大语言模型',
      // content_text is plain text: angle brackets and ampersands are content, not markup.
      text: '纯文本内容，包含 <不是标签> 与 R&D。 第二段。',
      categories: [],
      publishedAt: '2024-04-02T00:00:00.000Z',
    },
    { guid: 'summary-only', text: '只有摘要。', categories: [] },
  ]);
});

test('JSON Feed 1.0 is accepted too', () => {
  const feed = parseJsonFeed(
    JSON.stringify({ version: 'https://jsonfeed.org/version/1', title: 'v1', items: [{ id: 'a', content_text: 'hi' }] }),
    's',
  );
  assert.deepEqual(feed, { source: 's', format: 'json', title: 'v1', entries: [{ guid: 'a', text: 'hi', categories: [] }] });
});

test('invalid JSON, non-feed JSON and bad items are FeedParseErrors naming the source', () => {
  assert.throws(
    () => parseJsonFeed('{"version": ', 'https://j/feed'),
    (err: unknown) => err instanceof FeedParseError && err.message.startsWith('https://j/feed: invalid JSON'),
  );
  assert.throws(() => parseJsonFeed('{"items": []}', 's'), /s: JSON but not a JSON Feed/);
  assert.throws(() => parseJsonFeed('{"version": "https://example.com/v1", "items": []}', 's'), /not a JSON Feed/);
  assert.throws(() => parseJsonFeed('[1, 2]', 's'), /not a JSON Feed/);
  assert.throws(() => parseJsonFeed('{"version": "https://jsonfeed.org/version/1.1", "items": {}}', 's'), /"items" is not an array/);
});
