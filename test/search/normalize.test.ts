import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalize, normalizeForMatch, toSimplified } from '../../src/search/normalize';

test('Traditional Chinese becomes Simplified', () => {
  assert.equal(toSimplified('強化學習'), '强化学习');
  assert.equal(toSimplified('卷積神經網路與注意力機制'), '卷积神经网路与注意力机制');
  assert.equal(toSimplified('優化器和人臉識別'), '优化器和人脸识别');
});

test('Simplified, English and mixed text pass through unchanged', () => {
  for (const text of ['强化学习中的蒙特卡洛方法', 'Transformer 与 tf_export', 'AdamW目前是大语言模型训练的默认优化器']) {
    assert.equal(toSimplified(text), text);
  }
});

test('full-width letters, digits and spaces become ASCII', () => {
  assert.equal(normalize('ＬｏＲＡ　ｖ２'), 'LoRA v2');
});

test('the match form is lower-case, with spaces and punctuation collapsed to one space', () => {
  assert.equal(normalizeForMatch('  Word   Embedding\n與 詞向量 '), 'word embedding 与 词向量');
  assert.equal(normalizeForMatch('Word-Embedding(词嵌入)'), 'word embedding 词嵌入');
});
