import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Glossary } from '../../src/search/glossary';
import { planForms } from '../../src/search/plan-forms';

const glossary = new Glossary();
const forms = (q: string) => planForms(q, glossary).map((u) => u.alternatives.map((a) => a.join(' + ')));

test("a query's units as phrases: own words first, then glossary translations", () => {
  assert.deepEqual(forms('扩散模型'), [['扩散模型', '扩散', 'diffusion', 'diffusion model']]);
  assert.deepEqual(forms('reinforcement learning'), [['reinforcement learning', '强化学习', 'rl']]);
});

test('Traditional characters are folded, Taiwan usage bridged by the glossary', () => {
  assert.deepEqual(forms('強化學習'), forms('强化学习'));
  assert.ok(forms('神經網路')[0]!.includes('神经网络'));
});

test('compounds are found whole or by their pieces; each word or fragment is a unit', () => {
  assert.deepEqual(forms('PrefixTuning'), [['prefixtuning', 'prefix tuning']]);
  assert.equal(forms('LoRA 推理').length, 2);
  assert.deepEqual(forms('...'), []);
});
