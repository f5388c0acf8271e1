// Adapter.split: a long reply becomes several, each rendering to exactly one Discord message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitReply } from '../../../src/adapters/discord/split';
import { renderReply } from '../../../src/adapters/discord/render';
import type { ArticleView, Reply } from '../../../src/core/types';

const item = (i: number, snippet = 1200): ArticleView => ({
  id: `a${i}`,
  title: `Article ${i}`,
  snippet: 'x'.repeat(snippet),
  topics: ['LLM'],
});

test('a reply that fits one message is returned as it is', () => {
  const reply: Reply = { title: 'Digest', blocks: [{ kind: 'articles', items: [item(1, 50)] }] };
  assert.deepEqual(splitReply(reply), [reply]);
});

test('a long digest is cut between articles: every part fits one message, order and numbering kept', () => {
  const reply: Reply = {
    title: 'Daily digest',
    kind: 'digest',
    blocks: [
      { kind: 'text', text: 'Good morning' },
      { kind: 'articles', heading: 'LLM', items: Array.from({ length: 12 }, (_, i) => item(i + 1)) },
      { kind: 'articles', heading: 'CV', items: Array.from({ length: 9 }, (_, i) => item(i + 13)) },
      { kind: 'text', style: 'muted', text: '…and 4 more' },
    ],
  };
  const parts = splitReply(reply);
  assert.ok(parts.length > 1);
  for (const p of parts) assert.equal(renderReply(p).length, 1, 'each part is one message');
  assert.equal(parts[0]!.title, 'Daily digest');
  assert.ok(
    parts.slice(1).every((p) => p.title === undefined),
    'the title is shown once',
  );
  assert.ok(parts.every((p) => p.kind === 'digest'));

  const titles = parts.flatMap((p) => renderReply(p)[0]!.embeds.map((e) => e.title)).filter(Boolean);
  assert.deepEqual(
    titles,
    Array.from({ length: 21 }, (_, i) => `${i < 12 ? i + 1 : i - 11}. Article ${i + 1}`),
  );
  const last = renderReply(parts.at(-1)!)[0]!;
  assert.match(last.embeds.at(-1)!.description!, /and 4 more/);
});

test('one enormous text block is cut into parts that each fit', () => {
  const reply: Reply = { blocks: [{ kind: 'text', text: 'word '.repeat(20_000) }] };
  const parts = splitReply(reply);
  assert.ok(parts.length > 1);
  for (const p of parts) assert.equal(renderReply(p).length, 1);
  const total = parts
    .flatMap((p) => p.blocks)
    .map((b) => (b.kind === 'text' ? b.text : ''))
    .join('');
  assert.equal(total.replace(/\s+/g, ''), 'word'.repeat(20_000));
});
