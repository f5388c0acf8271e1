import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanText, htmlToText } from '../../src/feeds/html-text';

test('strips tags but keeps the words, with block tags becoming spaces', () => {
  assert.equal(htmlToText('<p>Hello<br>world</p><p>again</p><ul><li>a</li><li>b</li></ul>'), 'Hello world again a b');
  assert.equal(htmlToText('<h2>标题</h2><div>正文</div>'), '标题 正文');
  // Inline tags must not split a word.
  assert.equal(htmlToText('con<b>vol</b><i>ution</i>'), 'convolution');
});

test('drops script, style, noscript and iframe contents entirely', () => {
  const html =
    '<script type="text/javascript">var a = "<p>x</p>";</script>A<style>p { color: red }</style>' +
    '<noscript>enable JS</noscript>B<iframe src="https://ads.example/?a>b">frame text</iframe>C<SCRIPT>upper</SCRIPT >D';
  assert.equal(htmlToText(html), 'A B C D');
  assert.equal(htmlToText('kept<script>never closed'), 'kept');
});

test('decodes named, decimal and hex entities', () => {
  assert.equal(
    htmlToText('&lt;tag&gt; &amp; &quot;q&quot; &apos;s&apos; &hellip; &mdash; &ndash; &laquo;x&raquo; &copy;'),
    '<tag> & "q" \'s\' … — – «x» ©',
  );
  assert.equal(htmlToText('&#20013;&#x6587; &#x1F600; &#150;'), '中文 😀 –');
  assert.equal(htmlToText('a&nbsp;&nbsp;b'), 'a b');
});

test('leaves unknown entities and bare ampersands as written', () => {
  assert.equal(htmlToText('R&D &unknownentity; AT&T &amp'), 'R&D &unknownentity; AT&T &amp');
});

test('text that only looks like markup once decoded stays text', () => {
  assert.equal(htmlToText('1 &lt; 2 and &lt;script&gt;x&lt;/script&gt;'), '1 < 2 and <script>x</script>');
  assert.equal(htmlToText('1 < 2, a <3 b'), '1 < 2, a <3 b');
});

test('removes comments, declarations and a tag cut off at the end', () => {
  assert.equal(htmlToText('<!-- hidden -->a<!DOCTYPE html>b<?php x ?>c'), 'abc');
  assert.equal(htmlToText('see more <a href="https://exa'), 'see more');
});

test('removes zero-width, bidi and control characters', () => {
  const dirty = 'a\u200bb\u200cc\u200dd\u2060e\ufefff \u202eg\u202ch \u2066i\u2069 \u200ej\u200f k\u0007\u0000\u009fl';
  assert.equal(htmlToText(dirty), 'abcdef gh i j kl');
  assert.equal(htmlToText('&#8203;零&#x200B;宽&#xFEFF;'), '零宽');
});

test('normalises whitespace to single spaces and trims', () => {
  assert.equal(htmlToText('  a\n\n\tb \u3000 c\r\n '), 'a b c');
  assert.equal(cleanText(' x\u00a0\u00a0y\u200b '), 'x y');
});

test('every HTML named entity decodes, not only the common ones', () => {
  // Among the 96 HTML 4 names a hand-written table missed.
  assert.equal(
    htmlToText('Nicol&ograve; Barella, &atilde;o, &AElig;sir, &Oacute;scar, &thorn;, &there4;, &clubs;'),
    'Nicolò Barella, ão, Æsir, Óscar, þ, ∴, ♣',
  );
  // HTML5-only names too.
  assert.equal(htmlToText('&NewLine;&bigstar; &Rfr;'), '★ ℜ');
});

test('a stray quote inside an unquoted attribute value does not swallow the text after the tag', () => {
  assert.equal(htmlToText('<a href=http://x/">example</a> and more'), 'example and more');
  assert.equal(htmlToText('<img alt="a > b" src=x>caption'), 'caption');
});
