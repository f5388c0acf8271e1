import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deriveTitle, distinguishTitle } from '../../src/text/title';

test('keeps a heading that names the subject', () => {
  assert.equal(
    deriveTitle('空洞卷积 Dilated/Atrous Convolution 或者是 Convolution with holes 从字面上就很好理解'),
    '空洞卷积 Dilated/Atrous Convolution',
  );
  assert.equal(
    deriveTitle('SPP (spatial pyramid pooling layer) SPP applies a slightly different strategy'),
    'SPP (spatial pyramid pooling layer)',
  );
  assert.equal(deriveTitle('取代RNN——Transformer 在介绍Transformer前我们来回顾一下RNN的结构'), '取代RNN——Transformer');
  assert.equal(deriveTitle('Segment Anything Segment Anything(SA)项目:一个用于图像分割的新任务'), 'Segment Anything');
});

test('skips generic leading headings and emoji', () => {
  assert.equal(deriveTitle('背景 RLHF 通常包括三个阶段: 有监督微调(SFT)'), 'RLHF 通常包括三个阶段');
  assert.equal(deriveTitle('引言与背景 蒙特卡洛方法是强化学习中的重要算法类别,它标志着'), '蒙特卡洛方法是强化学习中的重要算法类别');
  assert.equal(deriveTitle('概述 SSM的概念由来已久,但这里我们特指深度学习中的SSM'), 'SSM的概念由来已久');
  assert.equal(deriveTitle('推导 回顾一下二分类下的Softmax后验概率,即: [公式] 显然'), '回顾一下二分类下的Softmax后验概率');
  assert.equal(deriveTitle('Overview 特征工程是机器学习流程中重要的一个环节,即使是'), '特征工程是机器学习流程中重要的一个环节');
  assert.equal(deriveTitle('基础概念 GridWord Example 环境描述:网格世界'), 'GridWord Example');
  assert.equal(deriveTitle('💡 轻量级网络系列 Introduction Inception 在最初的版本'), '轻量级网络系列');
  for (const generic of ['背景', '引言与背景', '概述', '推导', '基础概念', 'Overview']) {
    assert.ok(!deriveTitle(`${generic} 某个主题的正文从这里开始,后面还有很多内容`).startsWith(generic));
  }
});

test('placeholders never show in a title', () => {
  const t = deriveTitle('[公式] [Math] 均值估计问题 [代码] 考虑一个随机变量');
  assert.doesNotMatch(t, /\[(公式|代码|Math|Formula)\]/);
  assert.ok(t.length > 0);
});

test('short openings take the next clause so the title says something', () => {
  assert.equal(deriveTitle('词向量,英文名叫Word Embedding,按照字面意思'), '词向量,英文名叫Word Embedding');
});

test('long titles are cut with an ellipsis', () => {
  const t = deriveTitle('这是一个非常非常长的没有任何标点符号的句子它会一直写下去直到超过标题允许的最大长度为止还要再多写一点点');
  assert.ok([...t].length <= 48);
  assert.ok(t.endsWith('…'));
});

test('twins that share an opening get apart by what differs', () => {
  const common = '背景 随着预训练语言模型进入LLM时代,其参数量愈发庞大。 ';
  const a = distinguishTitle(
    '随着预训练语言模型进入LLM时代',
    common + 'Adapter tuning Adapter 是一种',
    common + 'LoRA LoRA(LowRank Adaptation)',
  );
  const b = distinguishTitle(
    '随着预训练语言模型进入LLM时代',
    common + 'LoRA LoRA(LowRank Adaptation)',
    common + 'Adapter tuning Adapter 是一种',
  );
  assert.match(a, /Adapter tuning/);
  assert.match(b, /LoRA/);
  assert.notEqual(a, b);
});
