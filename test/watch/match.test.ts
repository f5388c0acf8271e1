import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Glossary } from '../../src/search/glossary';
import { articleText, compileWatch, DEFAULT_MATCH_RULE, matchWatch, type MatchKind } from '../../src/watch/match';
import { countWork } from '../helpers/work-count';

const glossary = new Glossary();
const filler = (n: number) => '这一段讨论推理服务的部署细节,包括批处理、缓存和调度。'.repeat(n);

function match(query: string, a: { title: string; text?: string; topics?: string[] }, topic: string | null = null): MatchKind | null {
  const text = articleText({ title: a.title, summary: a.text ?? '', topics: a.topics ?? [] });
  return matchWatch(compileWatch(query, topic, glossary), text);
}

test('about, not a passing mention: title or lead, or at least three mentions in the text', () => {
  assert.equal(match('LoRA', { title: '用 LoRA 微调大模型' }), 'headline');
  assert.equal(match('LoRA', { title: '参数高效微调', text: '本文介绍 LoRA 的原理。' + filler(20) }), 'headline', 'in the lead');
  assert.equal(match('LoRA', { title: '推理服务', text: filler(20) + '顺便一提,LoRA 也能用。' }), null, 'once, deep in the text');
  assert.equal(match('LoRA', { title: '推理服务', text: filler(20) + 'LoRA。' + filler(3) + 'LoRA。' }), null, 'twice is still passing');
  assert.equal(
    match('LoRA', { title: '推理服务', text: filler(20) + 'LoRA、LoRA 和 LoRA。' }),
    'text',
    'three times: the text is about it',
  );
});

test('words match whole, plural allowed, never inside another word', () => {
  assert.equal(match('gan', { title: 'Organ donors and organic chemistry' }), null);
  assert.equal(match('GAN', { title: 'Training GANs stably' }), 'headline');
  assert.equal(match('transformer', { title: 'Transformers, explained' }), 'headline');
  assert.equal(match('diffusion model', { title: 'Diffusion models from scratch' }), 'headline');
  assert.equal(match('lora', { title: 'LoRA微调' }), 'headline', 'Latin next to Chinese, no space');
});

test('glossary both ways, Traditional characters, mixed queries', () => {
  assert.equal(match('扩散模型', { title: 'Diffusion Models Beat GANs' }), 'headline', 'Chinese watch, English title');
  assert.equal(match('reinforcement learning', { title: '强化学习入门' }), 'headline', 'English watch, Chinese title');
  assert.equal(match('強化學習', { title: '强化学习入门' }), 'headline', 'Traditional watch, Simplified title');
  assert.equal(match('扩散模型', { title: '擴散模型的採樣加速' }), 'headline', 'Simplified watch, Traditional title');
  assert.equal(match('LoRA 微调', { title: 'LoRA 微调实战' }), 'headline');
  assert.equal(match('LoRA 微调', { title: 'LoRA fine-tuning in practice' }), 'headline', 'the Chinese part by its translation');
  assert.equal(match('LoRA 微调', { title: 'LoRA 推理加速' }), null, 'every part of the query is needed');
});

test('a Chinese term must appear as written, not as scattered bigrams', () => {
  // 注意, 意力, 力机 and 机制 are all in the title, but never as 注意力机制 (nor as a translation).
  assert.equal(match('注意力机制', { title: '注意力、动力机组与机制设计' }), null);
  assert.equal(match('注意力机制', { title: '注意力机制详解' }), 'headline');
  assert.equal(match('卷积', { title: '卷积神经网络' }), 'headline');
});

test('the topic filter: only articles in that topic', () => {
  const a = { title: 'LoRA for diffusion', topics: ['generative'] };
  assert.equal(match('LoRA', a, 'generative'), 'headline');
  assert.equal(match('LoRA', a, 'llm'), null);
});

test('the mention threshold is the rule given', () => {
  const text = articleText({ title: '推理服务', summary: filler(20) + 'LoRA 和 LoRA。', topics: [] });
  const w = compileWatch('LoRA', null, glossary);
  assert.equal(matchWatch(w, text, { ...DEFAULT_MATCH_RULE, minMentions: 2 }), 'text');
  assert.equal(matchWatch(w, text, DEFAULT_MATCH_RULE), null);
});

test('a query with nothing to look for matches nothing', () => {
  assert.equal(compileWatch('...', null, glossary).units.length, 0);
  assert.equal(match('...', { title: '...' }), null);
});

test('matching costs time linear in the article', () => {
  const w = compileWatch('LoRA 扩散模型 reinforcement learning', null, glossary);
  const work = (n: number) =>
    countWork(() => matchWatch(w, articleText({ title: 'Notes', summary: (filler(1) + ' LoRA rank 扩散模型 ').repeat(n), topics: [] })))
      .ops;
  const small = work(200);
  const large = work(1600);
  assert.ok(large < small * 8 * 1.5, `8× the text cost ${(large / small).toFixed(1)}× the work`);
});
