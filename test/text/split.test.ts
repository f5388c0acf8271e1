import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seeded as rng } from '../helpers/rng';
import { splitEntries, splitHtmlSafe, splitPlain } from '../../src/text/split';
import { codePointLength, type Measure } from '../../src/text/measure';
import { graphemes } from '../../src/text/graphemes';

// ---------------------------------------------------------------------------
// Helpers: a seeded generator and a tiny HTML checker, independent of the code under test.

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const utf16: Measure = (s) => s.length;

const ATOMS = [
  () => '机器学习',
  () => '模型',
  () => '的',
  () => '，',
  () => '。',
  () => 'transformer ',
  () => 'LLM',
  () => ' ',
  () => '\n',
  () => '😀', // surrogate pair
  () => '👨‍👩‍👧‍👦', // ZWJ sequence, 11 UTF-16 units
  () => '👍🏽', // skin tone
  () => '🇨🇳', // flag
  () => 'e\u0301', // combining mark
  () => '&amp;',
  () => '&lt;',
  () => '&#123;',
  () => '&#x1F600;',
];
const TAGS = ['b', 'i', 'u', 's', 'code'];

/** Balanced Telegram-style HTML: text atoms, entities, nested <b>/<i>/…/<a href>. */
function genHtml(rand: () => number, size: number, depth = 0, inLink = false): string {
  let out = '';
  const pieces = 1 + Math.floor(rand() * size);
  for (let i = 0; i < pieces; i++) {
    const r = rand();
    if (depth < 3 && r < 0.15) {
      const inner = genHtml(rand, Math.max(1, size >> 1), depth + 1, inLink);
      if (!inLink && rand() < 0.4) {
        out += `<a href="https://example.com/p?id=${Math.floor(rand() * 1e6)}&amp;x=1">${genHtml(rand, 4, depth + 1, true)}</a>`;
      } else {
        const tag = TAGS[Math.floor(rand() * TAGS.length)];
        out += `<${tag}>${inner}</${tag}>`;
      }
    } else if (r < 0.3) {
      // a run of Chinese characters
      const n = 1 + Math.floor(rand() * 40);
      for (let j = 0; j < n; j++) out += String.fromCharCode(0x4e00 + Math.floor(rand() * 0x5000));
    } else {
      out += ATOMS[Math.floor(rand() * ATOMS.length)]();
    }
  }
  return out;
}

const TOKEN = /<\/?([a-z][a-z0-9-]*)(?:\s[^<>]*)?>|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);|[^<&]+/gy;

/** Throws unless `html` is made of whole tags, whole entities and text, with tags balanced. */
function assertValidHtml(html: string, context: string): void {
  const stack: string[] = [];
  let pos = 0;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(html); m; m = TOKEN.exec(html)) {
    pos = TOKEN.lastIndex;
    if (m[1] === undefined) continue;
    if (m[0][1] === '/') {
      assert.equal(stack.pop(), m[1], `${context}: </${m[1]}> closes the wrong tag in ${JSON.stringify(html)}`);
    } else stack.push(m[1]);
  }
  assert.equal(pos, html.length, `${context}: broken tag or entity at ${pos} in ${JSON.stringify(html)}`);
  assert.deepEqual(stack, [], `${context}: unclosed tags in ${JSON.stringify(html)}`);
}

const textContent = (html: string): string => html.replace(/<[^<>]*>/g, '');

/** Each code point of the text with the formatting (raw open tags) in force: what the user sees. */
function styled(html: string): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const m of html.matchAll(/<(\/?)[^<>]*>|&[^;&<>]+;|[^<&]/gu)) {
    if (m[0].startsWith('<')) {
      if (m[1]) stack.pop();
      else stack.push(m[0]);
    } else out.push(`${m[0]}|${stack.join('')}`);
  }
  return out;
}

function checkParts(parts: string[], limit: number, measure: Measure, context: string): void {
  assert.ok(parts.length > 0, `${context}: no parts`);
  for (const p of parts) {
    assert.ok(p.length > 0, `${context}: empty part`);
    assert.ok(measure(p) <= limit, `${context}: part of ${measure(p)} over ${limit}: ${JSON.stringify(p)}`);
    assert.doesNotMatch(p, LONE_SURROGATE, `${context}: lone surrogate in ${JSON.stringify(p)}`);
  }
}

const LIMITS = [10, 11, 12, 16, 23, 40, 64, 100, 257, 512, 1000, 2000, 4096];

// ---------------------------------------------------------------------------
// splitHtmlSafe

test('splitHtmlSafe: generated HTML keeps limits, balance, entities, surrogates and content', () => {
  for (let seed = 1; seed <= 80; seed++) {
    const html = genHtml(rng(seed), 60);
    const text = textContent(html);
    const clustersOfText = graphemes(text);
    const look = styled(html);
    for (const limit of LIMITS) {
      for (const measure of [utf16, codePointLength]) {
        const context = `seed ${seed} limit ${limit} ${measure === utf16 ? 'utf16' : 'codepoints'}`;
        const parts = splitHtmlSafe(html, limit, measure);
        checkParts(parts, limit, measure, context);
        for (const p of parts) assertValidHtml(p, context);
        assert.equal(parts.map(textContent).join(''), text, `${context}: text changed`);
        // Clusters are only split when one is bigger than the whole limit (the family emoji is 11 units).
        if (limit >= 11)
          assert.deepEqual(
            parts.flatMap((p) => graphemes(textContent(p))),
            clustersOfText,
            `${context}: cluster split`,
          );
        // With room for the tags, every character keeps exactly its formatting.
        if (limit >= 200) assert.deepEqual(parts.flatMap(styled), look, `${context}: formatting changed`);
      }
    }
  }
});

test('splitHtmlSafe: text that fits comes back unchanged as one part', () => {
  const html = '<b>标题</b> &amp; <a href="https://example.com/?a=1&amp;b=2">链接</a>';
  assert.deepEqual(splitHtmlSafe(html, 4096), [html]);
  assert.deepEqual(splitHtmlSafe(html, html.length), [html]);
  assert.deepEqual(splitHtmlSafe('', 10), []);
});

test('an entity straddling the limit moves whole to the next part', () => {
  assert.deepEqual(splitHtmlSafe('aaaaaaaa&amp;bbb', 10), ['aaaaaaaa', '&amp;bbb']);
  assert.deepEqual(splitHtmlSafe('aaaaaaa&#x1F600;b', 10), ['aaaaaaa', '&#x1F600;b']);
});

test('a tag straddling the limit moves whole to the next part', () => {
  assert.deepEqual(splitHtmlSafe('xxxxxxxx<b>bold</b>', 12), ['xxxxxxxx', '<b>bold</b>']);
  const link = '<a href="https://example.com/">docs</a>';
  assert.deepEqual(splitHtmlSafe('intro text ' + link, 45), ['intro text ', link]);
});

test('an emoji straddling the limit is never split', () => {
  assert.deepEqual(splitHtmlSafe('xxxxxxxxx😀', 10), ['xxxxxxxxx', '😀']);
  assert.deepEqual(splitPlain('xxxxxxxxx😀', 10), ['xxxxxxxxx', '😀']);
  assert.deepEqual(splitPlain('xxxxx👨‍👩‍👧‍👦', 12), ['xxxxx', '👨‍👩‍👧‍👦']);
  assert.deepEqual(splitPlain('xxxxx🇨🇳🇩🇪', 6), ['xxxxx', '🇨🇳', '🇩🇪']);
});

test('formatting open at a cut is closed and reopened', () => {
  assert.deepEqual(splitHtmlSafe(`<b>${'a'.repeat(20)}</b>`, 15), ['<b>aaaaaaaa</b>', '<b>aaaaaaaa</b>', '<b>aaaa</b>']);
  const parts = splitHtmlSafe('<a href="https://ex.com/">一二三四五六七八九十</a>', 32);
  assert.deepEqual(parts, [
    '<a href="https://ex.com/">一二</a>',
    '<a href="https://ex.com/">三四</a>',
    '<a href="https://ex.com/">五六</a>',
    '<a href="https://ex.com/">七八</a>',
    '<a href="https://ex.com/">九十</a>',
  ]);
  assert.deepEqual(splitHtmlSafe('<b>bold <i>both</i> bold</b>', 20), ['<b>bold <i>b</i></b>', '<b><i>oth</i> </b>', '<b>bold</b>']);
});

test('a cut prefers the end of a line, then a space', () => {
  assert.deepEqual(splitHtmlSafe('first line\nsecond line', 16), ['first line\n', 'second line']);
  assert.deepEqual(splitHtmlSafe('<b>alpha beta gamma</b>', 20), ['<b>alpha beta </b>', '<b>gamma</b>']);
  assert.deepEqual(splitPlain('模型很好。然后呢', 6), ['模型很好。', '然后呢']);
});

test('tags too long for the limit are dropped, their text kept', () => {
  const parts = splitHtmlSafe('<a href="https://example.com/long/url">link text</a> after', 12);
  checkParts(parts, 12, utf16, 'tiny');
  assert.equal(parts.join(''), 'link text after');
});

test('a bare < or & is text, not markup', () => {
  const text = '1 < 2 & <https://example.com> &nope bar';
  const parts = splitHtmlSafe(text, 8);
  checkParts(parts, 8, utf16, 'bare');
  assert.equal(parts.join(''), text);
});

test('a limit too small for a single character is an error, not a loop', () => {
  assert.throws(() => splitPlain('😀', 1), RangeError);
  assert.throws(() => splitHtmlSafe('&#x1F600;', 5), RangeError);
});

// ---------------------------------------------------------------------------
// splitPlain

test('splitPlain: generated text keeps limits, surrogates, clusters and content', () => {
  for (let seed = 1; seed <= 60; seed++) {
    const text = textContent(genHtml(rng(seed), 80));
    const clustersOfText = graphemes(text);
    for (const limit of LIMITS) {
      for (const measure of [utf16, codePointLength]) {
        const context = `seed ${seed} limit ${limit}`;
        const parts = splitPlain(text, limit, measure);
        checkParts(parts, limit, measure, context);
        assert.equal(parts.join(''), text, `${context}: text changed`);
        if (limit >= 11) assert.deepEqual(parts.flatMap(graphemes), clustersOfText, `${context}: cluster split`);
      }
    }
  }
});

test('splitPlain handles a 200 KB text', () => {
  const text = '机器学习的最新进展。\n'.repeat(20_000);
  const parts = splitPlain(text, 4096);
  checkParts(parts, 4096, utf16, 'big');
  assert.equal(parts.join(''), text);
  assert.ok(
    parts.every((p) => p.endsWith('\n')),
    'cuts at line ends',
  );
});

// ---------------------------------------------------------------------------
// splitEntries

test('Telegram: 30 entries of 300 Chinese characters pack into 3 messages without splitting any', () => {
  const entries = Array.from({ length: 30 }, (_, i) => String.fromCharCode(0x4e00 + i).repeat(300));
  const parts = splitEntries(entries, { limit: 4096 });
  checkParts(parts, 4096, utf16, 'telegram');
  assert.deepEqual(
    parts.map((p) => p.split('\n\n').length),
    [13, 13, 4],
  );
  assert.deepEqual(
    parts.flatMap((p) => p.split('\n\n')),
    entries,
  );
});

test('splitEntries: header on the first part, labels only when split', () => {
  const label = (i: number, n: number): string => `(${i + 1}/${n})`;
  assert.deepEqual(splitEntries(['a', 'b'], { limit: 100, header: 'Digest', partLabel: label }), ['Digest\n\na\n\nb']);
  assert.deepEqual(splitEntries(['aaaa', 'bbbb', 'cccc'], { limit: 20, header: 'Digest', partLabel: label, separator: '\n' }), [
    'Digest\n(1/2)\naaaa',
    '(2/2)\nbbbb\ncccc',
  ]);
  assert.deepEqual(splitEntries(['aaaa', 'bbbb', 'cccc'], { limit: 17, header: 'Digest', headerOn: 'every', separator: '\n' }), [
    'Digest\naaaa\nbbbb',
    'Digest\ncccc',
  ]);
  assert.deepEqual(splitEntries([], { limit: 100, header: 'Digest' }), []);
  assert.deepEqual(splitEntries(['', 'x', ''], { limit: 100 }), ['x']);
});

test('splitEntries: labels stay truthful when they push the count past 9', () => {
  // Without labels this is 9 parts; "(i/9)" labels no longer fit beside an entry, so entries
  // get cut and the count passes 9, making the labels longer still.
  const entries = Array.from({ length: 9 }, (_, i) => String(i).repeat(23));
  const parts = splitEntries(entries, { limit: 28, separator: '\n', partLabel: (i, n) => `(${i + 1}/${n})` });
  checkParts(parts, 28, utf16, 'labels');
  parts.forEach((p, i) => assert.ok(p.startsWith(`(${i + 1}/${parts.length})\n`), p));
  assert.ok(parts.length > 9);
});

test('splitEntries: an entry bigger than a part is cut, and later entries fill its last part', () => {
  const parts = splitEntries(['short', 'x'.repeat(25), 'tail'], { limit: 12, separator: '|' });
  assert.deepEqual(parts, ['short', 'xxxxxxxxxxxx', 'xxxxxxxxxxxx', 'x|tail']);
});

test('splitEntries: Discord counts code points, so parts may exceed 2000 UTF-16 units', () => {
  const entries = Array.from({ length: 10 }, () => '😀'.repeat(300));
  const parts = splitEntries(entries, { limit: 2000, measure: codePointLength, format: 'plain' });
  checkParts(parts, 2000, codePointLength, 'discord');
  assert.ok(parts.some((p) => p.length > 2000));
  assert.equal(parts.length, 2);
});

test('splitEntries: generated digests keep every guarantee', () => {
  const SEP = '\n⁂\n';
  for (let seed = 1; seed <= 120; seed++) {
    const rand = rng(seed * 7919);
    const entries = Array.from({ length: 1 + Math.floor(rand() * 30) }, () => genHtml(rand, 1 + Math.floor(rand() * 50)));
    const limit = LIMITS[Math.floor(rand() * LIMITS.length)];
    const header = limit >= 64 && rand() < 0.5 ? '<b>每日摘要 Daily digest</b>' : undefined;
    const partLabel = limit >= 64 && rand() < 0.5 ? (i: number, n: number) => `(${i + 1}/${n})` : undefined;
    const headerOn = rand() < 0.5 ? ('every' as const) : ('first' as const);
    const context = `seed ${seed} limit ${limit}`;

    const parts = splitEntries(entries, { limit, separator: SEP, header, headerOn, partLabel });
    checkParts(parts, limit, utf16, context);
    const bodies = parts.map((p, i) => {
      assertValidHtml(p, context);
      let body = p;
      if (header && (i === 0 || headerOn === 'every')) {
        assert.ok(body.startsWith(header + SEP), `${context}: header missing on part ${i}`);
        body = body.slice(header.length + SEP.length);
      }
      if (partLabel && parts.length > 1) {
        const label = partLabel(i, parts.length);
        assert.ok(body.startsWith(label + SEP), `${context}: label missing on part ${i}`);
        body = body.slice(label.length + SEP.length);
      }
      return body;
    });
    assert.equal(textContent(bodies.join('')).replaceAll(SEP, ''), textContent(entries.join('')), `${context}: text changed`);
    // An entry that fits in a part with the largest prefix is never cut.
    const prefixSize = (header?.length ?? 0) + SEP.length + (partLabel ? `(${parts.length}/${parts.length})`.length + SEP.length : 0);
    for (const e of entries) {
      if (e.length + prefixSize <= limit)
        assert.ok(
          bodies.some((b) => b.split(SEP).includes(e)),
          `${context}: entry was cut: ${JSON.stringify(e)}`,
        );
    }
  }
});
