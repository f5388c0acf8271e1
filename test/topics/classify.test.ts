import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSampleArchive } from '../helpers/sample-archive';

test('unambiguous articles land in their topics', async () => {
  const archive = await loadSampleArchive();
  try {
    const topicsOf = (needle: string) => archive.store.all().find((a) => a.summary.includes(needle))!.topics;
    assert.ok(topicsOf('Dilated/Atrous').includes('cv'));
    assert.ok(topicsOf('Global Convolutional Network').includes('cv'));
    assert.ok(topicsOf('蒙特卡洛方法是强化学习').includes('rl'));
    assert.ok(topicsOf('Diffusion Models from SDE').includes('generative'));
    assert.ok(topicsOf('精巧的flow').includes('generative'));
    assert.ok(topicsOf('@tf_export').includes('frameworks'));
    assert.ok(topicsOf('DDP Pytorch').includes('frameworks'));
    assert.ok(topicsOf('LoRA LoRA').includes('llm'));
    assert.ok(topicsOf('Word Embedding').includes('nlp'));
    assert.ok(topicsOf('AdamW目前').includes('fundamentals'));
    assert.ok(!topicsOf('Dilated/Atrous').includes('rl'));
  } finally {
    archive.close();
  }
});

test('topic counts cover every taxonomy topic', async () => {
  const archive = await loadSampleArchive();
  try {
    const list = archive.topics.list();
    for (const id of ['cv', 'nlp', 'llm', 'rl', 'generative', 'frameworks', 'fundamentals']) {
      assert.ok((list.find((t) => t.id === id)?.count ?? 0) > 0, id);
    }
    assert.equal(archive.topics.resolve('大模型')?.id, 'llm');
    assert.equal(archive.topics.resolve('Computer Vision')?.id, 'cv');
    assert.equal(archive.topics.resolve('pytorch')?.id, 'frameworks');
    assert.equal(archive.topics.resolve('nonsense'), undefined);
  } finally {
    archive.close();
  }
});

test('a keyword of several words matches only whole words, wherever they fall', async () => {
  const { createClassifier } = await import('../../src/topics/classify');
  const topic = (keywords: string[]) => ({ id: 't', name: { zh: 't', en: 't' }, aliases: [], keywords });
  const c = createClassifier({ topics: [topic(['language model', 'tf_export', 'c++'])], minBodyHits: 1 });
  const topics = (title: string, summary = '') => c.classify({ title, summary, categories: [] });
  assert.deepEqual(topics('A Language Model, trained'), ['t']);
  assert.deepEqual(topics('x', 'we wrap it in @tf_export("a")'), ['t']);
  assert.deepEqual(topics('written in C++ today'), ['t']);
  // Inside longer words, or with its words apart, it does not match.
  assert.deepEqual(topics('multilanguage models'), []);
  assert.deepEqual(topics('x', 'language and a model'), []);
  assert.deepEqual(topics('x', 'mytf_export'), []);
  assert.deepEqual(topics('abc++'), []);
});
