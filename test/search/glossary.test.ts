import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_GLOSSARY, Glossary } from '../../src/search/glossary';

const glossary = new Glossary();

test('Chinese terms expand to English', () => {
  assert.ok(glossary.expand('卷积').includes('convolution'));
  assert.ok(glossary.expand('优化器').includes('optimizer'));
  assert.ok(glossary.expand('人脸识别').includes('face recognition'));
  assert.ok(glossary.expand('强化学习').includes('reinforcement learning'));
});

test('English terms expand to Chinese, whatever their case or spacing', () => {
  assert.ok(glossary.expand('optimizer').includes('优化器'));
  assert.ok(glossary.expand('Face Recognition').includes('人脸识别'));
  assert.ok(glossary.expand('  Self-Attention ').includes('自注意力'));
  assert.ok(glossary.expand('fine tuning').includes('微调'));
  assert.ok(glossary.expand('FineTuning').includes('微调'));
});

test('synonyms in the same language expand to each other', () => {
  assert.ok(glossary.expand('生成对抗网络').includes('对抗生成网络'));
  assert.ok(glossary.expand('LLM').includes('大语言模型'));
  assert.ok(glossary.expand('finetuning').includes('fine-tuning'));
});

test('Traditional Chinese finds the same entry', () => {
  assert.ok(glossary.expand('強化學習').includes('reinforcement learning'));
  assert.ok(glossary.expand('神經網路').includes('神经网络'));
});

test('a term never expands to itself, and unknown terms expand to nothing', () => {
  assert.ok(!glossary.expand('卷积').includes('卷积'));
  assert.deepEqual(glossary.expand('香蕉'), []);
  assert.deepEqual(glossary.expand('banana'), []);
});

test('the glossary covers the core ML vocabulary', () => {
  assert.ok(DEFAULT_GLOSSARY.length >= 60);
  for (const zh of [
    '池化',
    '激活函数',
    '损失函数',
    '目标检测',
    '语义分割',
    '蒸馏',
    '量化',
    '变分自编码器',
    '归一化',
    '梯度',
    '反向传播',
    '数据增强',
    '词向量',
  ]) {
    assert.ok(glossary.expand(zh).length > 0, zh);
  }
});

test('matchHan finds the longest form at a position', () => {
  const chars = [...'自注意力机制'];
  assert.equal(glossary.matchHan(chars, 0)?.length, 6);
  assert.equal(glossary.matchHan(chars, 1)?.length, 5);
  assert.equal(glossary.matchHan([...'注意力很重要'], 0)?.length, 3);
  assert.equal(glossary.matchHan([...'很重要'], 0), null);
});

test('matchLatin respects a maximum length', () => {
  const keys = ['semantic', 'segmentation'];
  assert.equal(glossary.matchLatin(keys, 0)?.length, 2);
  assert.equal(glossary.matchLatin(keys, 0, 1), null);
  assert.equal(glossary.matchLatin(keys, 1)?.length, 1);
});

test('a custom glossary replaces the default one', () => {
  const custom = new Glossary([{ zh: ['香蕉'], en: ['banana'] }]);
  assert.deepEqual(custom.expand('banana'), ['香蕉']);
  assert.deepEqual(custom.expand('卷积'), []);
});
