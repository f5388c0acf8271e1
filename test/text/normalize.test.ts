import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanEntryText, cleanText, collapseWhitespace, normalizeWhitespace } from '../../src/text/normalize';
import { countWork } from '../helpers/work-count';
import { seeded } from '../helpers/rng';

test('every kind and run of whitespace becomes one plain space; single spaces stay', () => {
  assert.equal(normalizeWhitespace('  a\tb\r\n\r\nc\u00a0d\u3000\u3000e  f g\u2028h\ufeff '), 'a b c d e f g h');
  assert.equal(collapseWhitespace(' a  b '), ' a b ');
  assert.equal(normalizeWhitespace('卷积 神经\n网络'), '卷积 神经 网络');
  assert.equal(normalizeWhitespace(' \n\t '), '');
});

test('snapshot text loses its placeholders and their spacing', () => {
  assert.equal(cleanEntryText('公式如下 [公式] 其中\n\n[Image]  x'), '公式如下 其中 x');
});

// The regex passes these functions are defined by, written out: squeeze() must agree with them.
const INVISIBLE_RE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g;
const byRegex = (s: string) => s.replace(/\s+/g, ' ').trim();
const cleanByRegex = (s: string) => byRegex(s.replace(INVISIBLE_RE, ''));

test('one-pass normalising agrees with the regex passes on any mix of spaces, controls and text', () => {
  const pieces = [
    'a',
    'bc',
    '卷积',
    ' ',
    '  ',
    '\n',
    '\r\n',
    '\t',
    '\u00a0',
    '\u3000',
    '\ufeff',
    '\u200b',
    '\u00ad',
    '\u0007',
    '\u0085',
    '\u2028',
    '\u202e',
    '\ud83d\ude00',
    '\ud800',
    'é',
    '.',
    '\u3001',
  ];
  const rnd = seeded(11);
  for (let n = 0; n < 20_000; n++) {
    let s = '';
    const len = Math.floor(rnd() * 10);
    for (let i = 0; i < len; i++) s += pieces[Math.floor(rnd() * pieces.length)]!;
    assert.equal(normalizeWhitespace(s), byRegex(s), JSON.stringify(s));
    assert.equal(cleanText(s), cleanByRegex(s), JSON.stringify(s));
  }
  // Every code unit, once as a lone character between letters.
  for (let c = 0; c < 0x10000; c++) {
    const s = `a${String.fromCharCode(c)}b ${String.fromCharCode(c)}`;
    assert.equal(normalizeWhitespace(s), byRegex(s), `U+${c.toString(16)}`);
    assert.equal(cleanText(s), cleanByRegex(s), `U+${c.toString(16)}`);
  }
});

test('normalising clean text returns it as it is, and costs work linear in the text', () => {
  const clean = '卷积 神经网络 is a convolutional network.';
  assert.equal(normalizeWhitespace(clean), clean);
  const messy = (n: number) => ' a\u200b \n\tb\u3000\u3000卷积  '.repeat(n);
  const work = (n: number) => countWork(() => cleanText(messy(n))).ops;
  const ratio = work(20_000) / work(10_000);
  assert.ok(ratio > 1.5 && ratio < 2.3, `doubling the text multiplied the work by ${ratio.toFixed(2)}`);
});
