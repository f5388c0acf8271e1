// Splitting long replies so each Telegram message stays within 4096 UTF-16 units after
// rendering, cutting between articles, and keeping every article exactly once, in order.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ArticleView, Block, Reply } from '../../../src/core/types';
import { renderReply, TELEGRAM_TEXT_LIMIT } from '../../../src/adapters/telegram/render';
import { splitReply } from '../../../src/adapters/telegram/split';
import { parseTelegramHtml } from '../../fakes/telegram/index';

const view = (i: number, extra: Partial<ArticleView> = {}): ArticleView => ({
  id: `id${i}`,
  title: `第 ${i} 篇 R&D <文章>`,
  url: `https://example.com/p?id=${i}&x="y"`,
  // "&" grows fivefold when escaped: the split must count the escaped size.
  snippet: `${i} `.padEnd(60, '&') + '空洞卷积'.repeat(15),
  topics: ['计算机视觉'],
  date: '2024-01-02',
  ...extra,
});

const articlesOf = (r: Reply): ArticleView[] => r.blocks.flatMap((b) => (b.kind === 'articles' ? b.items : []));

function assertValid(parts: Reply[]): void {
  for (const part of parts) {
    const html = renderReply(part);
    assert.ok(html.length <= TELEGRAM_TEXT_LIMIT, `part of ${html.length} units`);
    const parsed = parseTelegramHtml(html);
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  }
}

describe('splitReply', () => {
  it('leaves a reply that fits alone', () => {
    const reply: Reply = { title: 'x', kind: 'list', blocks: [{ kind: 'articles', items: [view(1)] }] };
    assert.deepEqual(splitReply(reply), [reply]);
  });

  it('cuts a long digest between articles, each part within the limit and labelled', () => {
    const blocks: Block[] = [
      { kind: 'text', text: 'intro & <hello>' },
      { kind: 'articles', heading: 'CV & <vision>', items: Array.from({ length: 40 }, (_, i) => view(i + 1)) },
      { kind: 'articles', heading: 'NLP', items: Array.from({ length: 30 }, (_, i) => view(i + 41)), startIndex: 41 },
      { kind: 'text', style: 'muted', text: 'and 12 more' },
    ];
    const reply: Reply = {
      title: 'Daily digest · 2024-01-02',
      kind: 'digest',
      blocks,
      pagination: { command: 'x', args: {}, page: 1, pages: 2 },
    };
    assert.ok(renderReply(reply).length > 3 * TELEGRAM_TEXT_LIMIT);
    const parts = splitReply(reply);
    assert.ok(parts.length >= 4, `${parts.length} parts`);
    assertValid(parts);
    assert.deepEqual(
      parts.flatMap(articlesOf).map((a) => a.id),
      Array.from({ length: 70 }, (_, i) => `id${i + 1}`),
    );
    // Numbering continues across parts: article 41 keeps its number wherever it lands.
    const all = parts.map(renderReply).join('\n');
    for (const n of [1, 17, 40, 41, 70]) assert.ok(all.includes(`<b>${n}. <a href=`), `article ${n} numbered`);
    assert.deepEqual(
      parts.map((p) => p.title),
      parts.map((_, i) => `Daily digest · 2024-01-02 (${i + 1}/${parts.length})`),
    );
    assert.equal(parts.filter((p) => p.pagination).length, 1);
    assert.ok(parts.at(-1)!.pagination);
    assert.ok(parts.every((p) => p.kind === 'digest'));
  });

  it('splits a huge text block without losing a character', () => {
    const text = Array.from({ length: 600 }, (_, i) => `第${i}行 a&b<c>`).join('\n');
    const parts = splitReply({ kind: 'info', blocks: [{ kind: 'text', text }] });
    assert.ok(parts.length > 1);
    assertValid(parts);
    assert.equal(parts.map((p) => (p.blocks[0]!.kind === 'text' ? p.blocks[0]!.text : '')).join(''), text);
  });

  it('shortens a single article too big for any message instead of failing', () => {
    const huge = view(1, { snippet: '<&>'.repeat(5000) });
    const parts = splitReply({ kind: 'list', blocks: [{ kind: 'articles', items: [huge] }] });
    assert.equal(parts.length, 1);
    assertValid(parts);
    assert.ok(articlesOf(parts[0]!)[0]!.snippet.endsWith('…'));
  });

  it('honours a smaller limit', () => {
    const reply: Reply = { kind: 'list', blocks: [{ kind: 'articles', items: Array.from({ length: 10 }, (_, i) => view(i)) }] };
    const parts = splitReply(reply, 1000);
    assert.ok(parts.length > 1);
    for (const p of parts) assert.ok(renderReply(p).length <= 1000);
  });
});
