import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_QUERY_TERMS, tokenize, tokenizeQuery } from '../../src/search/tokenizer';

test('Chinese runs become overlapping bigrams', () => {
  const terms = tokenize('扩散模型');
  for (const bigram of ['扩散', '散模', '模型']) assert.ok(terms.includes(bigram), bigram);
  assert.ok(!terms.includes('扩散模型'));
});

test('a one-character Chinese run is kept as that character', () => {
  assert.deepEqual(tokenize('是'), ['是']);
  assert.ok(tokenize('2014年').includes('年'));
});

test('punctuation and Latin words break Chinese runs', () => {
  const terms = tokenize('卷积,池化');
  assert.ok(terms.includes('卷积') && terms.includes('池化'));
  assert.ok(!terms.includes('积池'));
  assert.ok(!tokenize('注意力Attention机制').includes('力机'));
});

test('Latin words are lower-cased', () => {
  assert.deepEqual(tokenize('Transformer TRANSFORMER transformer'), ['transformer', 'transformer', 'transformer']);
});

test('symbols are findable whole and by their parts', () => {
  const terms = tokenize('@tf_export 和 nn.functional');
  for (const t of ['tf_export', 'tf', 'export', 'nn.functional', 'nn', 'functional']) assert.ok(terms.includes(t), t);
  assert.ok(!terms.some((t) => t.includes('@')));
});

test('digits stay in words, and words with digits also yield their letter parts', () => {
  const terms = tokenize('conv2d word2vec GPT-4');
  for (const t of ['conv2d', 'conv', 'word2vec', 'word', 'vec', 'gpt-4', 'gpt', '4']) assert.ok(terms.includes(t), t);
});

test('camelCase names yield their parts', () => {
  const terms = tokenize('PrefixTuning FlashAttention TFRecord');
  for (const t of ['prefixtuning', 'prefix', 'tuning', 'flashattention', 'flash', 'attention', 'tfrecord', 'tf', 'record']) {
    assert.ok(terms.includes(t), t);
  }
});

test('Traditional Chinese is indexed as Simplified', () => {
  assert.deepEqual(tokenize('強化學習'), tokenize('强化学习'));
});

test('full-width text tokenizes like half-width text', () => {
  assert.deepEqual(tokenize('ＬｏＲＡ　微調'), tokenize('LoRA 微调'));
});

test('query tokens: terms, Latin terms and segments', () => {
  const q = tokenizeQuery('Transformer 注意力');
  assert.deepEqual(q.terms, ['transformer', '注意', '意力']);
  assert.deepEqual([...q.latin], ['transformer']);
  assert.deepEqual(
    q.segments.map((s) => s.kind),
    ['word', 'han'],
  );
});

test('a Chinese query yields bigrams only, not the trailing single character', () => {
  assert.deepEqual(tokenizeQuery('卷积').terms, ['卷积']);
});

test('queries are capped at MAX_QUERY_TERMS terms', () => {
  const long = Array.from({ length: 100 }, (_, i) => `word${i}x`).join(' ');
  assert.equal(tokenizeQuery(long).terms.length, MAX_QUERY_TERMS);
  const chinese = '深度学习模型的训练需要大量的数据和计算资源以及合理的超参数设置与优化方法还有正则化手段来防止过拟合';
  const q = tokenizeQuery(chinese);
  assert.ok(q.terms.length <= MAX_QUERY_TERMS);
  assert.ok(q.terms.length > 20);
});
