// Rendering replies as Telegram HTML, checked against the fake's copy of Telegram's HTML parser:
// what the user would read must be exactly the plain text we started from.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ArticleView, Reply } from '../../../src/core/types';
import { escapeAttr, escapeHtml, messageOptions, renderArticle, renderReply, safeHref } from '../../../src/adapters/telegram/render';
import { parseTelegramHtml } from '../../fakes/telegram/index';

function parsed(html: string): { text: string; entities: { type: string; url?: string; offset: number; length: number }[] } {
  const r = parseTelegramHtml(html);
  if (!r.ok) throw new Error(`Telegram would reject: ${r.error}\n${html}`);
  return r;
}

const article = (extra: Partial<ArticleView> = {}): ArticleView => ({
  id: 'a1',
  title: 'R&D <b>not bold</b> 1 < 2',
  snippet: 'R&D and 1 < 2 & more > less "quoted"',
  topics: ['大模型', 'NLP'],
  date: '2024-05-01',
  ...extra,
});

describe('escaping', () => {
  it('escapes &, < and > in text, and " too inside attributes', () => {
    assert.equal(escapeHtml('a & b < c > d "e"'), 'a &amp; b &lt; c &gt; d "e"');
    assert.equal(escapeAttr('x"y&z'), 'x&quot;y&amp;z');
  });

  it('shows hostile text literally, whatever markup it contains', () => {
    for (const s of ['<script>alert(1)</script>', '&amp; stays &amp;', '</b><i>', '&#x41;', 'a <a href="x">b</a>', '1<2>3&4']) {
      assert.equal(parsed(escapeHtml(s)).text, s);
    }
  });
});

describe('safeHref', () => {
  it('keeps http and https links', () => {
    assert.equal(safeHref('https://example.com/a?b=1&c=2'), 'https://example.com/a?b=1&c=2');
    assert.equal(safeHref('http://example.com'), 'http://example.com/');
  });

  it('drops script, data, relative and malformed links', () => {
    for (const bad of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'data:text/html,x',
      '/relative',
      'not a url',
      'ftp://x.org/f',
      '',
      undefined,
    ]) {
      assert.equal(safeHref(bad), undefined, String(bad));
    }
  });
});

describe('renderArticle', () => {
  it('renders title, topics and date, and snippet that read back as the original text', () => {
    const view = parsed(renderArticle(article(), 3));
    assert.equal(view.text, '3. R&D <b>not bold</b> 1 < 2\n大模型, NLP · 2024-05-01\nR&D and 1 < 2 & more > less "quoted"');
    const bold = view.entities.find((e) => e.type === 'bold');
    assert.ok(bold, 'the title line is bold');
    assert.equal(view.text.slice(bold.offset, bold.offset + bold.length), '3. R&D <b>not bold</b> 1 < 2');
  });

  it('links the title to an http(s) URL, escaping the attribute', () => {
    const url = 'https://blog.example.com/post?id=1&lang="zh"';
    const view = parsed(renderArticle(article({ url })));
    const link = view.entities.find((e) => e.type === 'text_link');
    assert.ok(link);
    assert.equal(link.url, new URL(url).href);
    assert.equal(view.text.slice(link.offset, link.offset + link.length), 'R&D <b>not bold</b> 1 < 2');
  });

  it('never links a javascript: URL, but still shows the title', () => {
    const view = parsed(renderArticle(article({ url: 'javascript:alert(document.cookie)' })));
    assert.equal(
      view.entities.some((e) => e.type === 'text_link'),
      false,
    );
    assert.ok(view.text.startsWith('R&D <b>not bold</b> 1 < 2'));
  });

  it('leaves out the meta line when there are no topics or date', () => {
    assert.equal(
      parsed(renderArticle(article({ topics: [], date: undefined }))).text,
      'R&D <b>not bold</b> 1 < 2\nR&D and 1 < 2 & more > less "quoted"',
    );
  });
});

describe('renderReply', () => {
  const list: Reply = {
    title: 'Results for "R&D" · page 1/2',
    kind: 'list',
    blocks: [
      { kind: 'articles', heading: 'NLP & <LLM>', items: [article(), article({ id: 'a2', title: 'Second' })], startIndex: 6 },
      { kind: 'fields', items: [{ label: 'Time', value: '09:00 <Asia/Shanghai>' }] },
      { kind: 'text', style: 'muted', text: 'tip: 1 < 2' },
    ],
  };

  it('renders every block, numbered from startIndex, all escaped', () => {
    const view = parsed(renderReply(list));
    assert.match(view.text, /^Results for "R&D" · page 1\/2\n\nNLP & <LLM>\n\n6\. R&D <b>not bold<\/b> 1 < 2\n/);
    assert.match(view.text, /\n\n7\. Second\n/);
    assert.match(view.text, /\n\nTime: 09:00 <Asia\/Shanghai>\n\ntip: 1 < 2$/);
    assert.ok(view.entities.some((e) => e.type === 'italic'));
  });

  it('marks errors with a warning sign', () => {
    const text = parsed(renderReply({ kind: 'error', blocks: [{ kind: 'text', text: 'Sorry <admins> only' }] })).text;
    assert.equal(text, '⚠️ Sorry <admins> only');
  });

  it('turns link previews off for lists only', () => {
    assert.deepEqual(messageOptions(list), { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
    assert.deepEqual(messageOptions({ kind: 'info', blocks: [{ kind: 'text', text: 'hi' }] }), { parse_mode: 'HTML' });
  });
});
