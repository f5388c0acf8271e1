// Reply → Discord message bodies: what a reader sees, and that every body is one Discord accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderReply, type DiscordMessage } from '../../../src/adapters/discord/render';
import { decodePageId } from '../../../src/adapters/discord/page-id';
import type { ArticleView, Reply } from '../../../src/core/types';

const view = (over: Partial<ArticleView> = {}): ArticleView => ({
  id: 'a1',
  title: '空洞卷积 Dilated Convolution',
  url: 'https://example.com/dilated',
  snippet: '在标准的 convolution map 里注入空洞',
  topics: ['计算机视觉', '深度学习基础'],
  date: '2024-05-01',
  ...over,
});

/** Discord's own limits, counted the way the fake (and Discord) count them. */
function assertWithinLimits(m: DiscordMessage): void {
  assert.ok((m.content ?? '').length <= 2000, 'content ≤ 2000');
  assert.ok(m.embeds.length <= 10, '≤ 10 embeds');
  let total = 0;
  for (const e of m.embeds) {
    assert.ok((e.title ?? '').length <= 256, 'title ≤ 256');
    assert.ok((e.description ?? '').length <= 4096, 'description ≤ 4096');
    total += (e.title ?? '').length + (e.description ?? '').length + (e.author?.name ?? '').length;
  }
  assert.ok(total <= 6000, `embed text ≤ 6000 (was ${total})`);
  assert.ok(m.content || m.embeds.length, 'never empty');
  assert.deepEqual(m.allowedMentions, { parse: [] });
}

test('an article list: title in the content, one embed per article, linked, numbered, with topics and date', () => {
  const [m, ...more] = renderReply({
    title: 'Results for "卷积"',
    kind: 'list',
    blocks: [{ kind: 'articles', items: [view(), view({ id: 'a2', title: 'Second', url: undefined })], startIndex: 6 }],
  });
  assert.equal(more.length, 0);
  assert.equal(m!.content, '**Results for "卷积"**');
  assert.equal(m!.embeds[0]!.title, '6. 空洞卷积 Dilated Convolution');
  assert.equal(m!.embeds[0]!.url, 'https://example.com/dilated');
  assert.match(m!.embeds[0]!.description!, /注入空洞/);
  assert.match(m!.embeds[0]!.description!, /计算机视觉, 深度学习基础 · 2024-05-01/);
  assert.equal(m!.embeds[1]!.title, '7. Second');
  assert.equal(m!.embeds[1]!.url, undefined);
  assert.equal(m!.ephemeral, false);
});

test('only http(s) links become embed links', () => {
  for (const url of ['javascript:alert(1)', 'ftp://example.com/x', 'not a url', 'https://exa mple.com']) {
    const [m] = renderReply({ blocks: [{ kind: 'articles', items: [view({ url })] }] });
    assert.equal(m!.embeds[0]!.url, undefined, url);
  }
});

test('mentions in feed text are broken and markdown is escaped, while URLs still link', () => {
  const [m] = renderReply({
    title: '@everyone digest',
    blocks: [
      { kind: 'text', text: 'hi @here <@&1> <@2> <#3> **bold** see https://example.com/a_b_c' },
      { kind: 'articles', heading: '@everyone', items: [view({ title: '@everyone look <@&1>', snippet: 'hello @here and <@!2>' })] },
    ],
  });
  const text = JSON.stringify(m);
  assert.doesNotMatch(text, /@everyone|@here|<@&1>|<@2>|<@!2>|<#3>/);
  assert.match(m!.content!, /\\\*\\\*bold\\\*\\\*/);
  assert.match(m!.content!, /https:\/\/example\.com\/a_b_c/);
  assert.deepEqual(m!.allowedMentions, { parse: [] });
});

test('errors are ephemeral; an empty reply still says something', () => {
  const [err] = renderReply({ kind: 'error', ephemeral: true, blocks: [{ kind: 'text', text: 'Sorry' }] });
  assert.equal(err!.ephemeral, true);
  assert.equal(err!.content, 'Sorry');
  const [empty] = renderReply({ blocks: [] });
  assert.ok(empty!.content);
});

test('fields become one embed of label — value lines', () => {
  const [m] = renderReply({
    title: 'Topics',
    blocks: [
      {
        kind: 'fields',
        items: [
          { label: '大模型 (llm)', value: '8' },
          { label: 'NLP (nlp)', value: '9' },
        ],
      },
    ],
  });
  assert.equal(m!.embeds.length, 1);
  assert.equal(m!.embeds[0]!.description, '**大模型 (llm)** — 8\n**NLP (nlp)** — 9');
});

test('text too long for the content line moves into embeds, cut within limits', () => {
  const messages = renderReply({ title: 'Long', blocks: [{ kind: 'text', text: '长'.repeat(9000) }] });
  assert.equal(messages[0]!.content, '**Long**');
  const shown = messages.flatMap((m) => m.embeds.map((e) => e.description ?? '')).join('');
  assert.equal(shown.length, 9000, 'nothing lost');
  messages.forEach(assertWithinLimits);
});

test('many long articles spill into several messages, each within every limit, headings repeated', () => {
  const items = Array.from({ length: 25 }, (_, i) =>
    view({ id: `a${i}`, title: `T${i} ${'题'.repeat(400)}`, snippet: '摘'.repeat(2500), topics: ['t'.repeat(300)] }),
  );
  const messages = renderReply({ title: 'Digest', kind: 'digest', blocks: [{ kind: 'articles', heading: 'LLM', items }] });
  assert.ok(messages.length > 1);
  messages.forEach(assertWithinLimits);
  assert.equal(messages.flatMap((m) => m.embeds).length, 25, 'every article shown');
  for (const m of messages) assert.equal(m.embeds[0]!.author?.name, 'LLM', 'each message says which group it continues');
  assert.equal(messages[0]!.content, '**Digest**');
  assert.equal(messages[1]!.content, undefined);
});

test('pagination draws ◀ page ▶ buttons whose ids carry the token and the target page', () => {
  const reply: Reply = {
    blocks: [{ kind: 'articles', items: [view()] }],
    pagination: { command: 'search', args: { query: 'x' }, page: 2, pages: 3 },
  };
  const [m] = renderReply(reply, { page: { token: 'tok123', locale: 'zh' } });
  const [prev, label, next] = m!.components[0]!.components;
  assert.deepEqual(decodePageId(prev!.custom_id!), { token: 'tok123', page: 1, locale: 'zh' });
  assert.equal(label!.label, '2/3');
  assert.equal(label!.disabled, true);
  assert.deepEqual(decodePageId(next!.custom_id!), { token: 'tok123', page: 3, locale: 'zh' });
  for (const b of m!.components[0]!.components) assert.ok(b.custom_id!.length <= 100);

  const [last] = renderReply({ ...reply, pagination: { ...reply.pagination!, page: 3 } }, { page: { token: 'tok123', locale: 'en' } });
  assert.equal(last!.components[0]!.components[2]!.disabled, true);
  assert.equal(decodePageId(last!.components[0]!.components[2]!.custom_id!), null, 'a disabled ▶ leads nowhere');

  assert.deepEqual(renderReply(reply)[0]!.components, [], 'no token, no buttons');
  const single = { ...reply, pagination: { ...reply.pagination!, page: 1, pages: 1 } };
  assert.deepEqual(renderReply(single, { page: { token: 't', locale: 'en' } })[0]!.components, [], 'one page, no buttons');
});
