// The fast paths of tokenising must give exactly what their definitions give:
// the fused index keys what tokenize + termKey gives, the table-driven
// scanner what the regular expression gives, and the pre-check in
// toSimplified what always converting gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Converter, Locale } from 'opencc-js/t2cn';
import { indexKeys } from '../../src/search/index-keys';
import { matchForm, normalize, toSimplified } from '../../src/search/normalize';
import { termKey } from '../../src/search/term-key';
import { segmentNormalized, tokenizeNormalized } from '../../src/search/tokenizer';
import { sampleFiles } from '../helpers/sample-archive';

const TRICKY = [
  'a..b a._b _a_ -x- 𝑥_𝑦 😀a_b 日本語のカタカナ x.😀 a-𝑥 𝑥𝑦z end. . a- -a ab_',
  '中文_英文 abc.中 ａｂｃ 𠀀𠀁中 中 a_B2c Word2Vec GPT-4 tf_export nn.functional PrefixTuning TFRecord',
  `${'x'.repeat(70)} ${'y'.repeat(64)}_z 2014年 \ud800 lone \udc00 surrogates`,
];

function texts(): string[] {
  return [...sampleFiles().map((f) => readFileSync(f, 'utf8')), ...TRICKY].map(normalize);
}

test('index keys are tokenize + termKey', () => {
  for (const text of texts()) assert.deepEqual(indexKeys(text), tokenizeNormalized(text).map(termKey));
});

test('the scanner cuts where the segment regular expression does', () => {
  const HAN = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}`;
  const WORD = String.raw`(?:(?![${HAN}])[\p{L}\p{N}\p{M}])`;
  const SEGMENT = new RegExp(String.raw`([${HAN}]+)|(${WORD}+(?:[._\-]${WORD}+)*)`, 'gu');
  for (const text of texts()) {
    const expected = [...text.matchAll(SEGMENT)].map((m) => (m[1] ? m[1] : m[0].toLowerCase()));
    assert.deepEqual(
      segmentNormalized(text).map((s) => (s.kind === 'han' ? s.text : s.whole)),
      expected,
    );
  }
});

test('toSimplified skips only texts that converting would leave unchanged', () => {
  const convert = Converter({ from: 't', to: 'cn' });
  const samples: string[] = texts();
  for (const group of Locale.to.cn ?? []) {
    for (const dict of group) {
      const entries = typeof dict === 'string' ? dict.split('|').map((e) => e.split(' ')) : dict;
      for (const [from] of entries) if (from) samples.push(from, `一个${from}不以`);
    }
  }
  for (let cp = 0xf900; cp <= 0xfaff; cp += 7) samples.push(`一${String.fromCodePoint(cp)}不`);
  for (const s of samples) assert.equal(toSimplified(s), convert(s), s);
});

test('the match form is what the regular-expression definition gives', () => {
  for (const text of [...texts(), ' -- ', '', 'İstanbul ǅ ẞ', '𝑥 + 𝑦 = 𝑧', '\ud800x\udc00', 'a\u0301b']) {
    assert.equal(
      matchForm(text),
      text
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ')
        .trim(),
      text.slice(0, 40),
    );
  }
});
