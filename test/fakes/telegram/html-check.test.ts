// Tests for the pure Telegram-HTML checker the fake uses to accept or reject parse_mode=HTML.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTelegramHtml } from './html-check';

function accepted(html: string, opts?: { strictEntities?: boolean }) {
  const result = parseTelegramHtml(html, opts);
  assert.ok(result.ok, `expected ${JSON.stringify(html)} to parse, got ${result.ok ? '' : result.error}`);
  return result;
}

function rejected(html: string, opts?: { strictEntities?: boolean }): string {
  const result = parseTelegramHtml(html, opts);
  assert.ok(!result.ok, `expected ${JSON.stringify(html)} to be rejected`);
  return result.error;
}

describe('parseTelegramHtml', () => {
  it('decodes escapes and reports bold text', () => {
    const r = accepted('<b>a &amp; b</b>');
    assert.equal(r.text, 'a & b');
    assert.deepEqual(r.entities, [{ type: 'bold', offset: 0, length: 5 }]);
  });

  it('turns <a href> into a text_link', () => {
    const r = accepted('<a href="https://x">t</a>');
    assert.equal(r.text, 't');
    assert.deepEqual(r.entities, [{ type: 'text_link', offset: 0, length: 1, url: 'https://x/' }]);
  });

  it('accepts every tag Telegram documents', () => {
    const r = accepted(
      '<strong>1</strong><i>2</i><em>3</em><u>4</u><ins>5</ins><s>6</s><strike>7</strike><del>8</del>' +
        '<span class="tg-spoiler">9</span><tg-spoiler>10</tg-spoiler><code>11</code>' +
        '<pre><code class="language-python">12</code></pre><blockquote>13</blockquote>' +
        '<blockquote expandable>14</blockquote><tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>',
    );
    assert.deepEqual(
      r.entities.map((e) => e.type),
      [
        'bold',
        'italic',
        'italic',
        'underline',
        'underline',
        'strikethrough',
        'strikethrough',
        'strikethrough',
        'spoiler',
        'spoiler',
        'code',
        'pre',
        'blockquote',
        'expandable_blockquote',
        'custom_emoji',
      ],
    );
    assert.equal(r.entities.find((e) => e.type === 'pre')?.language, 'python');
  });

  it('measures entity offsets in UTF-16 code units', () => {
    const r = accepted('机器学习 😀 <b>新闻</b>');
    assert.deepEqual(r.entities, [{ type: 'bold', offset: 8, length: 2 }]);
  });

  it('decodes numeric references and &quot;', () => {
    assert.equal(accepted('&#20013;&#x6587; &quot;q&quot; &lt;tag&gt;').text, '中文 "q" <tag>');
  });

  it('rejects an unclosed tag', () => {
    assert.equal(rejected('<b>x'), `Can't find end tag corresponding to start tag "b"`);
  });

  it('rejects a bare ampersand in strict mode and shows it literally otherwise, like Telegram', () => {
    assert.match(rejected('a & b'), /Unescaped "&" at byte offset 2/);
    assert.match(rejected('R&D &lt without semicolon'), /byte offset 1/);
    assert.equal(accepted('a & b', { strictEntities: false }).text, 'a & b');
    assert.equal(accepted('&lt &unknown;', { strictEntities: false }).text, '< &unknown;');
  });

  it('rejects a bare "<" with its UTF-8 byte offset', () => {
    assert.equal(rejected('1 < 2'), 'Unsupported start tag "" at byte offset 2');
    assert.equal(rejected('中文 < 2'), 'Unsupported start tag "" at byte offset 7');
  });

  it('rejects tags Telegram does not support', () => {
    assert.equal(rejected('<script>alert(1)</script>'), 'Unsupported start tag "script" at byte offset 0');
    assert.match(rejected('line<br>break'), /Unsupported start tag "br"/);
    assert.match(rejected('<p>para</p>'), /Unsupported start tag "p"/);
  });

  it('rejects misnested and stray end tags', () => {
    assert.equal(rejected('<b><i>x</b></i>'), 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"');
    assert.equal(rejected('x</b>'), 'Unexpected end tag at byte offset 1');
  });

  it('requires the spoiler class on span', () => {
    assert.match(rejected('<span>x</span>'), /Tag "span" must have class "tg-spoiler"/);
    assert.match(rejected('<span class="red">x</span>'), /must have class "tg-spoiler"/);
  });

  it('ignores a ">" in text and unknown attributes, as Telegram does', () => {
    const r = accepted('<b class="x">2 > 1</b>');
    assert.equal(r.text, '2 > 1');
  });

  it('decodes escaped attribute values and rejects raw "&" inside them in strict mode', () => {
    assert.equal(accepted('<a href="https://x.org/?a=1&amp;b=2">l</a>').entities[0]?.url, 'https://x.org/?a=1&b=2');
    assert.match(rejected('<a href="https://x.org/?a=1&b=2">l</a>'), /Unescaped "&"/);
  });

  it('drops a link whose URL Telegram cannot use instead of failing', () => {
    const r = accepted('<a href="javascript:alert(1)">x</a>');
    assert.deepEqual(r.entities, []);
  });
});
