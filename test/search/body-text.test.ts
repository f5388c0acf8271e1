// What the body index is fed: every Han character a token of its own, words whole, their
// compound pieces in a column of their own, and the Latin vocabulary collected.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bodyRow, spacedText } from '../../src/search/body-text';

test('Han characters (astral ones too) stand alone; words stay whole; other characters only separate', () => {
  const pieces: string[] = [];
  const vocab = new Set<string>();
  const out = spacedText('卷积神经网络 (CNN) 用𠀀𠀁做nn.functional：gpt-4！', pieces, vocab);
  assert.equal(out, '卷 积 神 经 网 络 CNN 用 𠀀 𠀁 做 nn.functional gpt-4');
  assert.deepEqual(pieces, []);
  assert.deepEqual([...vocab].sort(), ['cnn', 'functional', 'gpt']);
});

test('compound words give their pieces, and a word seen again gives the same ones', () => {
  for (let i = 0; i < 2; i++) {
    const pieces: string[] = [];
    const vocab = new Set<string>();
    assert.equal(spacedText('UpsamplingBilinear2d 上采样', pieces, vocab), 'UpsamplingBilinear2d 上 采 样');
    assert.deepEqual(pieces.sort(), ['2', 'bilinear', 'bilinear2d', 'upsampling']);
    assert.ok(vocab.has('upsamplingbilinear2d') && vocab.has('bilinear2d'));
  }
});

test('a text far longer than any before it is spaced whole, and a short one after it is not mixed with it', () => {
  const long = '模型'.repeat(50_000) + ' tail';
  const out = spacedText(long, []);
  assert.equal(out.length, 2 * 100_000 - 1 + ' tail'.length);
  assert.ok(out.startsWith('模 型 模 型') && out.endsWith('型 tail'));
  assert.equal(spacedText('短 text', []), '短 text');
  assert.equal(spacedText('', []), '');
  assert.equal(spacedText(' 。，', []), '');
});

test('an article row: title, lead, body, tags and pieces columns', () => {
  const vocab = new Set<string>();
  const row = bodyRow({ title: 'PrefixTuning 微调', summary: '提示学习 with LoRA adapters', categories: ['深度学习', 'NLP'] }, 4, vocab);
  assert.deepEqual(row, {
    title: 'PrefixTuning 微 调',
    lead: '提 示 学 习',
    body: '提 示 学 习 with LoRA adapters',
    tags: '深 度 学 习 NLP',
    pieces: 'prefix tuning lo ra',
  });
  assert.deepEqual([...vocab].sort(), ['adapters', 'lora', 'nlp', 'prefixtuning', 'prefix', 'tuning', 'with'].sort());
});
