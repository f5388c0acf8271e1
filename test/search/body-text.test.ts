// What the body index is fed: Han runs as bigrams and their last character, words whole, their
// compound pieces in a column of their own, and the Latin vocabulary collected.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bodyRow, queryText, spacedText } from '../../src/search/body-text';

test('Han runs (astral characters too) become bigrams and their last character; words stay whole; other characters only separate', () => {
  const pieces: string[] = [];
  const vocab = new Set<string>();
  const out = spacedText('卷积神经网络 (CNN) 用𠀀𠀁做nn.functional：gpt-4！', pieces, vocab);
  assert.equal(out, '卷积 积神 神经 经网 网络 络 CNN 用𠀀 𠀀𠀁 𠀁做 做 nn.functional gpt-4');
  assert.deepEqual(pieces, []);
  assert.deepEqual([...vocab].sort(), ['cnn', 'functional', 'gpt']);
});

test('compound words give their pieces, and a word seen again gives the same ones', () => {
  for (let i = 0; i < 2; i++) {
    const pieces: string[] = [];
    const vocab = new Set<string>();
    assert.equal(spacedText('UpsamplingBilinear2d 上采样', pieces, vocab), 'UpsamplingBilinear2d 上采 采样 样');
    assert.deepEqual(pieces.sort(), ['2', 'bilinear', 'bilinear2d', 'upsampling']);
    assert.ok(vocab.has('upsamplingbilinear2d') && vocab.has('bilinear2d'));
  }
});

test('a text far longer than any before it is spaced whole, and a short one after it is not mixed with it', () => {
  const long = '模型'.repeat(50_000) + ' tail';
  const out = spacedText(long, []);
  // 99,999 bigrams and the last character, each but the first after a space.
  assert.equal(out.length, 3 * 99_999 - 1 + 2 + ' tail'.length);
  assert.ok(out.startsWith('模型 型模 模型') && out.endsWith('模型 型 tail'));
  assert.equal(spacedText('短 text', []), '短 text');
  assert.equal(spacedText('', []), '');
  assert.equal(spacedText(' 。，', []), '');
});

test('an article row: title, body, tags and pieces columns', () => {
  const vocab = new Set<string>();
  const row = bodyRow({ title: 'PrefixTuning 微调', summary: '提示学习 with LoRA adapters', categories: ['深度学习', 'NLP'] }, vocab);
  assert.deepEqual(row, {
    title: 'PrefixTuning 微调 调',
    body: '提示 示学 学习 习 with LoRA adapters',
    tags: '深度 度学 学习 习 NLP',
    pieces: 'prefix tuning lo ra',
  });
  assert.deepEqual([...vocab].sort(), ['adapters', 'lora', 'nlp', 'prefixtuning', 'prefix', 'tuning', 'with'].sort());
});

test('a query: a Han run that ends it is only its bigrams; a lone last character is a prefix', () => {
  assert.deepEqual(queryText('卷积网络'), { text: '卷积 积网 网络', prefix: false });
  assert.deepEqual(queryText('卷积'), { text: '卷积', prefix: false });
  assert.deepEqual(queryText('卷'), { text: '卷', prefix: true });
  assert.deepEqual(queryText('𠀀'), { text: '𠀀', prefix: true });
  // A run followed by more must end there in the article too.
  assert.deepEqual(queryText('卷积 CNN'), { text: '卷积 积 CNN', prefix: false });
  assert.deepEqual(queryText('用 CNN'), { text: '用 CNN', prefix: false });
  assert.deepEqual(queryText('CNN 卷'), { text: 'CNN 卷', prefix: true });
  assert.deepEqual(queryText('transformer'), { text: 'transformer', prefix: false });
  assert.deepEqual(queryText(''), { text: '', prefix: false });
});
