import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArticleIndex, type IndexDoc } from '../../src/search/index';

let seen = Date.parse('2026-01-01T00:00:00Z');

function doc(id: string, title: string, summary: string, extra: Partial<IndexDoc> = {}): IndexDoc {
  return { id, title, summary, topics: [], publishedAt: null, firstSeenAt: (seen += 1000), ...extra };
}

const FIXTURES: IndexDoc[] = [
  doc('transformer-title', 'Transformer 详解:从编码器到解码器的完整结构与训练技巧', '自注意力是它的核心,编码器和解码器都由多层堆叠而成。', {
    topics: ['nlp'],
  }),
  doc('transformer-body', 'RNN 的回顾', '循环网络逐词处理,效率不高。Transformer 取代了它,Transformer 可以并行。', { topics: ['nlp'] }),
  doc('segmentation', 'Semantic Segmentation 综述', '逐像素分类,FCN 与 U-Net 的结构对比。', { topics: ['cv'] }),
  doc('rl', '强化学习入门', '智能体与环境交互,最大化累计奖励。', { topics: ['rl'] }),
  doc('adamw', 'AdamW 与 Adam 的区别', 'AdamW 是大模型训练默认的优化器,权重衰减与梯度更新分离。', { topics: ['llm'] }),
  doc('face', '超多分类的 Softmax', '2014 年两篇人脸识别论文:DeepFace 和 DeepID。', { topics: ['cv'] }),
  doc('tf-export', '@tf_export 为函数取了个名字', 'TensorFlow 源码中 tf_export 是一个修饰符。', { topics: ['frameworks'] }),
  doc('nn-functional', 'nn.functional 与 nn.Module', 'nn.functional.conv2d 是函数接口,nn.Conv2d 是类。', { topics: ['frameworks'] }),
  doc('attention-phrase', '序列模型笔记', '自注意力机制让每个位置都能看到全句。', { topics: ['nlp'] }),
  doc('attention-parts', '注意力与机制', '训练时要注意力度,动力机组的控制机制也要调好。', { topics: ['nlp'] }),
];

function indexOf(docs: IndexDoc[] = FIXTURES): ArticleIndex {
  const index = new ArticleIndex();
  index.addAll(docs);
  return index;
}

const ids = (index: ArticleIndex, query: string, opts = {}) => index.search(query, opts).hits.map((h) => h.id);

test('Chinese queries find Chinese text', () => {
  const index = indexOf();
  assert.equal(ids(index, '强化学习')[0], 'rl');
  assert.equal(ids(index, '人脸识别')[0], 'face');
});

test('English search is case-insensitive', () => {
  const index = indexOf();
  assert.deepEqual(ids(index, 'transformer'), ids(index, 'TRANSFORMER'));
  assert.ok(ids(index, 'transformer').includes('transformer-title'));
});

test('a title match ranks above a body match', () => {
  const index = indexOf();
  const hits = ids(index, 'transformer');
  assert.ok(hits.indexOf('transformer-title') >= 0 && hits.indexOf('transformer-body') >= 0);
  assert.ok(hits.indexOf('transformer-title') < hits.indexOf('transformer-body'));
});

test('typos in longer Latin words are tolerated', () => {
  const index = indexOf();
  assert.equal(ids(index, 'transfomer')[0], 'transformer-title');
  assert.equal(ids(index, 'tensorflwo')[0], 'tf-export');
});

test('short words are not fuzzy-matched into other words', () => {
  const index = indexOf([doc('gan', 'GAN 入门', '生成器与判别器'), doc('can', 'CAN 总线', '汽车电子')]);
  assert.deepEqual(ids(index, 'gan'), ['gan']);
});

test('word prefixes find longer words', () => {
  const index = indexOf();
  assert.equal(ids(index, 'segm')[0], 'segmentation');
});

test('symbols are found whole and with their decoration', () => {
  const index = indexOf();
  assert.equal(ids(index, 'tf_export')[0], 'tf-export');
  assert.equal(ids(index, '@tf_export')[0], 'tf-export');
  assert.equal(ids(index, 'nn.functional')[0], 'nn-functional');
  assert.equal(ids(index, 'conv2d')[0], 'nn-functional');
});

test('Traditional Chinese queries find Simplified articles and the reverse', () => {
  const index = indexOf([...FIXTURES, doc('tw', '卷積神經網路簡介', '以卷積層擷取特徵')]);
  assert.equal(ids(index, '強化學習')[0], 'rl');
  assert.equal(ids(index, '卷积')[0], 'tw');
});

test('English queries find articles that only use the Chinese term', () => {
  const index = indexOf();
  assert.equal(ids(index, 'optimizer')[0], 'adamw');
  assert.equal(ids(index, 'face recognition')[0], 'face');
  assert.ok(ids(index, 'reinforcement learning').includes('rl'));
});

test('an article using the query term itself ranks above one found through a translation', () => {
  const index = indexOf([
    doc('zh', '关于优化器', '常见的优化器有 SGD 和 Adam'),
    doc('en', 'About the optimizer', 'Common choices are SGD and Adam'),
  ]);
  assert.deepEqual(ids(index, 'optimizer'), ['en', 'zh']);
  assert.deepEqual(ids(index, '优化器'), ['zh', 'en']);
});

test('a Chinese phrase ranks articles containing it whole above those with scattered parts', () => {
  const index = indexOf();
  const hits = ids(index, '注意力机制');
  assert.deepEqual(hits.slice(0, 2), ['attention-phrase', 'attention-parts']);
});

test('articles matching every word rank above those matching some', () => {
  const index = indexOf([
    doc('both', '扩散模型的采样', 'DDIM 加速 diffusion 采样'),
    doc('one', '扩散模型综述', '从 DDPM 讲起'),
    doc('other', 'DDIM 笔记', '确定性采样'),
  ]);
  const hits = ids(index, '扩散模型 DDIM');
  assert.equal(hits[0], 'both');
});

test('when no article matches every word, partial matches are still returned', () => {
  const index = indexOf();
  const res = index.search('transformer 量子纠缠');
  assert.ok(res.total > 0);
  assert.ok(res.hits.some((h) => h.id.startsWith('transformer')));
});

test('results are sorted by score', () => {
  const index = indexOf();
  for (const q of ['transformer', '注意力机制', 'transformer 量子纠缠', '学习']) {
    const scores = index.search(q, { limit: 50 }).hits.map((h) => h.score);
    assert.deepEqual(
      scores,
      [...scores].sort((a, b) => b - a),
      q,
    );
  }
});

test('the topic filter keeps only that topic', () => {
  const index = indexOf([
    doc('cv-1', '卷积网络', '图像分类', { topics: ['cv'] }),
    doc('cv-2', '空洞卷积', '语义分割', { topics: ['cv', 'fundamentals'] }),
    doc('nlp-1', '文本卷积', 'TextCNN', { topics: ['nlp'] }),
  ]);
  assert.equal(index.search('卷积').total, 3);
  assert.deepEqual(ids(index, '卷积', { topic: 'cv' }).sort(), ['cv-1', 'cv-2']);
  assert.equal(index.search('卷积', { topic: 'cv' }).total, 2);
  assert.deepEqual(ids(index, '卷积', { topic: 'nlp' }), ['nlp-1']);
  assert.deepEqual(ids(index, '卷积', { topic: 'rl' }), []);
});

test('pagination: offset and limit page through the same ordering, total counts all', () => {
  const docs = Array.from({ length: 12 }, (_, i) => doc(`conv-${i}`, `卷积笔记 ${i}`, '卷积'.repeat(i + 1)));
  const index = indexOf(docs);
  const full = index.search('卷积', { limit: 100 });
  assert.equal(full.total, 12);
  const pages = [0, 5, 10].map((offset) => index.search('卷积', { limit: 5, offset }));
  assert.ok(pages.every((p) => p.total === 12));
  assert.deepEqual(
    pages.map((p) => p.hits.length),
    [5, 5, 2],
  );
  assert.deepEqual(
    pages.flatMap((p) => p.hits.map((h) => h.id)),
    full.hits.map((h) => h.id),
  );
  assert.equal(index.search('卷积').hits.length, 5);
});

test('equal scores go to the newer article first', () => {
  const index = indexOf([
    doc('old', '蒸馏', '知识蒸馏', { publishedAt: '2024-01-01' }),
    doc('new', '蒸馏', '知识蒸馏', { publishedAt: '2025-06-01' }),
    doc('undated', '蒸馏', '知识蒸馏', { publishedAt: null, firstSeenAt: Date.parse('2023-01-01') }),
  ]);
  assert.deepEqual(ids(index, '蒸馏'), ['new', 'old', 'undated']);
});

test('add, replace, remove, has and size keep the index in step', () => {
  const index = indexOf();
  assert.equal(index.size, FIXTURES.length);
  assert.ok(index.has('rl'));
  assert.throws(() => index.add(FIXTURES[0]!));

  index.replace(doc('rl', 'Q-learning 入门', '时序差分方法'));
  assert.equal(index.size, FIXTURES.length);
  assert.ok(!ids(index, '强化学习').includes('rl'));
  assert.equal(ids(index, '时序差分')[0], 'rl');

  index.replace(doc('brand-new', '量化', 'int8 量化'));
  assert.equal(index.size, FIXTURES.length + 1);

  index.remove('rl');
  index.remove('no-such-id');
  assert.ok(!index.has('rl'));
  assert.equal(index.size, FIXTURES.length);
  assert.deepEqual(ids(index, '时序差分'), []);
});

test('only the start of a long summary is indexed', () => {
  const index = new ArticleIndex({ maxSummaryChars: 100 });
  index.add(doc('long', '长文', `${'填充文字'.repeat(50)} 蒸馏`));
  assert.deepEqual(ids(index, '蒸馏'), []);
  assert.deepEqual(ids(index, '填充'), ['long']);
});

test('queries with nothing searchable, or nothing matching, return no hits', () => {
  const index = indexOf();
  assert.deepEqual(index.search('!!!'), { total: 0, hits: [] });
  assert.deepEqual(index.search('量子纠缠'), { total: 0, hits: [] });
});

test('long queries are cut to their leading terms', () => {
  const index = indexOf();
  const filler = Array.from({ length: 40 }, (_, i) => `zz${i}qq`).join(' ');
  assert.ok(ids(index, `deepid ${filler}`).includes('face'));
  assert.deepEqual(ids(index, `${filler} deepid`), []);
});

test('suggest offers the nearest indexed words for typos', () => {
  const index = indexOf();
  assert.ok(index.suggest('transfomr').includes('transformer'));
  assert.ok(index.suggest('tensorflwo').includes('tensorflow'));
});

test('suggest offers the parts of a Chinese query that do occur', () => {
  const index = indexOf();
  const suggestions = index.suggest('强化学习量子');
  assert.ok(suggestions.includes('强化学习'), suggestions.join(','));
  assert.deepEqual(index.suggest('强化学习'), []);
  assert.ok(index.suggest('强化学习', 0).length === 0);
});

test('a one-character Chinese query finds the character anywhere in a run', () => {
  const index = indexOf([
    doc('end', '卷积层', '介绍'),
    doc('start', '层数选择', '介绍'),
    doc('middle', '隐藏层设计', '介绍'),
    doc('none', '池化', '介绍'),
  ]);
  assert.deepEqual(ids(index, '层').sort(), ['end', 'middle', 'start']);
});

test('feed tags are in the head, ranked below the title and the lead', () => {
  const index = new ArticleIndex();
  index.addAll([
    doc('tag', '一篇随笔', '关于实验的记录。', { categories: ['Zettelkasten', '知识管理'] }),
    doc('lead', '另一篇随笔', 'Zettelkasten 是一种笔记方法。'),
    doc('title', 'Zettelkasten 入门', '短文。'),
  ]);
  assert.deepEqual(ids(index, 'zettelkasten'), ['title', 'lead', 'tag']);
  assert.deepEqual(ids(index, '知识管理'), ['tag']);
});

test('a term searched again after the index changes sees the change (scores are kept between queries, not past a change)', () => {
  const index = indexOf();
  const before = index.search('蒸馏', { limit: 10 });
  assert.ok(!before.hits.some((h) => h.id === 'distill'));
  index.add(doc('distill', '知识蒸馏入门', '蒸馏把大模型的知识交给小模型。'));
  assert.equal(ids(index, '蒸馏')[0], 'distill', 'an added article');
  const added = index.search('蒸馏', { limit: 10 });
  assert.equal(added.total, before.total + 1);
  index.replace(doc('distill', '剪枝入门', '剪枝去掉不重要的权重。'));
  assert.ok(!ids(index, '蒸馏').includes('distill'), 'a replaced article no longer matches its old words');
  assert.equal(ids(index, '剪枝')[0], 'distill');
  index.remove('distill');
  assert.deepEqual(ids(index, '剪枝'), [], 'a removed article');
  // Scores follow the collection too: the same query scores an article the same as before the round trip.
  const again = index.search('蒸馏', { limit: 10 });
  assert.deepEqual(again, before);
});
