// Adapter.split: a long reply becomes several, each rendering to exactly one Discord message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitReply } from '../../../src/adapters/discord/split';
import { renderReply } from '../../../src/adapters/discord/render';
import { splitPlain } from '../../../src/text/split';
import type { ArticleView, Block, Reply } from '../../../src/core/types';

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

/** The split defined plainly: atoms one at a time while the part still renders to one message. */
function greedyReference(reply: Reply): Reply[] {
  if (renderReply(reply).length <= 1) return [reply];
  type Atom = { source: number; block: Block };
  const atoms = reply.blocks.flatMap((b, source): Atom[] =>
    b.kind === 'articles'
      ? b.items.map((it, i) => ({ source, block: { ...b, items: [it], startIndex: (b.startIndex ?? 1) + i } }))
      : b.kind === 'text'
        ? splitPlain(b.text, 1500).map((text) => ({ source, block: { ...b, text } }))
        : [{ source, block: b }],
  );
  const merge = (part: Atom[], a: Atom): Atom[] => {
    const last = part.at(-1);
    if (last && last.source === a.source && last.block.kind === 'articles' && a.block.kind === 'articles')
      return [...part.slice(0, -1), { ...last, block: { ...last.block, items: [...last.block.items, ...a.block.items] } }];
    return [...part, a];
  };
  const make = (part: Atom[], first: boolean): Reply => {
    const { title, ...rest } = reply;
    return { ...rest, ...(first && title ? { title } : {}), blocks: part.map((a) => a.block) };
  };
  const parts: Reply[] = [];
  let current: Atom[] = [];
  for (const a of atoms) {
    const candidate = merge(current, a);
    if (current.length === 0 || renderReply(make(candidate, parts.length === 0)).length === 1) current = candidate;
    else {
      parts.push(make(current, parts.length === 0));
      current = merge([], a);
    }
  }
  if (current.length) parts.push(make(current, parts.length === 0));
  return parts;
}

test('digests of every size and article length are cut exactly where adding articles one by one would cut them', () => {
  let seed = 7;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  let multi = 0;
  for (let round = 0; round < 150; round++) {
    let n = 0;
    const group = (heading: string) => ({
      kind: 'articles' as const,
      heading,
      startIndex: n + 1,
      items: Array.from({ length: 1 + rnd(14) }, () => item(++n, [20, 300, 900, 1800][rnd(4)])),
    });
    const reply: Reply = {
      title: `Digest ${round}`,
      kind: 'digest',
      blocks: [
        ...(rnd(3) === 0 ? [{ kind: 'text' as const, text: 'Good morning '.repeat(1 + rnd(200)) }] : []),
        ...Array.from({ length: 1 + rnd(3) }, (_, g) => group(`Topic ${g}`)),
        ...(rnd(2) ? [{ kind: 'text' as const, style: 'muted' as const, text: `…and ${rnd(40)} more` }] : []),
      ],
    };
    const parts = splitReply(reply);
    if (parts.length > 1) multi++;
    assert.deepEqual(parts, greedyReference(reply), `round ${round}`);
  }
  assert.ok(multi > 50, `most generated digests need several messages (${multi})`);
});
