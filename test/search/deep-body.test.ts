// Every word of every article is searchable: a term placed at character
// 25,000 of a 30,000-character article is found in every query class, as a
// term in the title or lead is — and ranking still puts the articles *about*
// a term (naming it in the title) before long ones mentioning it in passing.
// Real parts: articles ingested into a SQLite file, searched through the service.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { searchDb, type Entry, type SearchDb } from '../helpers/search-db';
import { seeded } from '../helpers/rng';

const FILLER_ZH = '我们在实验中比较了不同的设置并记录了每一步的细节和结果这些数据说明方法在多种情况下都有效';
const FILLER_EN = [
  'the',
  'model',
  'layer',
  'output',
  'we',
  'report',
  'results',
  'on',
  'several',
  'benchmarks',
  'and',
  'compare',
  'settings',
];

/** About `length` characters of mixed filler (Chinese runs, English words), deterministic per seed. */
function filler(seed: number, length: number): string {
  const next = seeded(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  let out = '';
  while (out.length < length) {
    if (next() < 0.5) {
      const at = int(0, FILLER_ZH.length - 12);
      out += FILLER_ZH.slice(at, at + int(6, 12)) + '。';
    } else {
      out += `${Array.from({ length: int(5, 12) }, () => FILLER_EN[int(0, FILLER_EN.length - 1)]).join(' ')}. `;
    }
  }
  return out.slice(0, length);
}

/** A 30,000-character article with `phrase` at character 25,000. */
function deep(guid: string, phrase: string, seed: number, categories: string[] = []): Entry {
  const text = `${filler(seed, 25_000).trimEnd()} ${phrase} ${filler(seed + 1, 5_000).trim()}`;
  return { guid, title: `实验记录 ${seed}`, text, categories, publishedAt: `2024-01-${String((seed % 28) + 1).padStart(2, '0')}` };
}

let db: SearchDb;

before(async () => {
  const entries: Entry[] = [
    deep('zh', '我们用晶格量子色动力学模拟了质子', 1),
    deep('en', 'we then tried the Hyperbolic embedding trick', 2),
    deep('code', 'call torch.nn.UpsamplingBilinear2d(scale_factor=2) here', 3),
    deep('cross', '这里换成了优化器 Lion 的设置', 4),
    deep('trad', '作者提出了一種新的卷積網絡結構用於分析', 5),
    deep('simp', '最后讨论了递归神经网络的训练', 6),
    deep('tagged', 'nothing special here', 7, ['Zettelkasten']),
    deep('run-start', '钙钛矿太阳能电池的效率', 8),
    deep('run-end', '最后测试了铌酸锂。', 9),
    deep('lone', 'the 鲲 model', 10),
    deep('inside', '一条大鲸鱼在游', 11),
  ];
  for (let i = 0; i < 20; i++) entries.push(deep(`noise-${i}`, 'plain words only', 100 + i));
  db = searchDb(entries);
  await db.app.search.whenReady();
  const stored = db.app.store.all().find((a) => a.guid === 'zh')!;
  assert.ok(stored.summary.indexOf('晶格') >= 24_900 && stored.summary.length >= 29_000, 'the term sits deep in the stored text');
});
after(() => db.close());

const top = (q: string) => db.app.search.search(q, { pageSize: 3 }).items.map((a) => a.guid);

test('zh: a Chinese word deep in the body', () => assert.equal(top('晶格')[0], 'zh'));
test('zh: a longer Chinese phrase deep in the body', () => assert.equal(top('量子色动力学')[0], 'zh'));
test('en: an English word deep in the body', () => assert.equal(top('hyperbolic')[0], 'en'));
test('en-case: whatever the case', () => assert.equal(top('HYPERBOLIC Embedding')[0], 'en'));
test('en-fuzzy: with a typo', () => assert.equal(top('hyperbolik')[0], 'en'));
test('en-prefix: by a prefix', () => assert.equal(top('hyperbo')[0], 'en'));
test('en: an identifier and its parts', () => {
  assert.equal(top('UpsamplingBilinear2d')[0], 'code');
  assert.equal(top('upsampling bilinear')[0], 'code');
  assert.equal(top('bilinear')[0], 'code');
});
test('cross-language: a glossary translation finds the body term', () => assert.equal(top('optimizer lion')[0], 'cross'));
test('Traditional characters in the text are found by a Simplified query', () => assert.equal(top('卷积网络结构')[0], 'trad'));
test('a Traditional query finds Simplified text', () => assert.equal(top('遞歸神經網絡')[0], 'simp'));
test('feed tags are searchable', () => assert.equal(top('zettelkasten')[0], 'tagged'));
test('zh: a word deep in the body is found wherever it sits in its run of characters', () => {
  assert.equal(top('钙钛')[0], 'run-start', 'at its start, the run going on');
  assert.equal(top('太阳能')[0], 'run-start', 'in its middle');
  assert.equal(top('铌酸锂')[0], 'run-end', 'at its end');
  assert.equal(top('酸锂')[0], 'run-end', 'the end of a longer word');
});
test('zh: a single character deep in the body, standing alone or inside a run', () => {
  assert.equal(top('鲲')[0], 'lone');
  assert.equal(top('鲸')[0], 'inside');
});
test('a word in no article finds nothing', () => assert.deepEqual(top('quasicrystal'), []));

test('a short article naming a term in its title outranks a long one mentioning it once in passing', async () => {
  const ranked = searchDb([
    deep('passing', '顺便提一下 Mamba 状态空间模型: Mamba 块、Mamba 层与 Mamba 的扫描', 9),
    { guid: 'about', title: 'Mamba 详解', text: '一篇短文。', categories: [], publishedAt: '2020-01-01' },
    { guid: 'lead', title: '序列模型笔记', text: 'Mamba 是一种状态空间模型,本文介绍它的结构。', categories: [], publishedAt: '2020-01-01' },
  ]);
  try {
    await ranked.app.search.whenReady();
    assert.deepEqual(
      ranked.app.search.search('mamba', { pageSize: 3 }).items.map((a) => a.guid),
      ['about', 'lead', 'passing'],
    );
  } finally {
    ranked.close();
  }
});

test('among body-only matches, one that uses the term often ranks before one that mentions it once', async () => {
  const ranked = searchDb([
    deep('once', '提到一次 Tsetlin 机', 11),
    { ...deep('often', 'Tsetlin machine, Tsetlin automata, Tsetlin clauses 与 Tsetlin 学习', 12), title: '实验记录 12b' },
  ]);
  try {
    await ranked.app.search.whenReady();
    assert.deepEqual(
      ranked.app.search.search('tsetlin', { pageSize: 2 }).items.map((a) => a.guid),
      ['often', 'once'],
    );
  } finally {
    ranked.close();
  }
});

test('the very word deep in a text beats a near miss in a title; a typo still finds the title', async () => {
  const ranked = searchDb([
    { guid: 'near', title: 'Latent diffusion notes', text: '一篇关于扩散模型的短文。', categories: [], publishedAt: '2024-01-01' },
    deep('exact', 'the decoder maps the latents back to pixels', 13),
  ]);
  try {
    await ranked.app.search.whenReady();
    assert.deepEqual(
      ranked.app.search.search('latents', { pageSize: 2 }).items.map((a) => a.guid),
      ['exact', 'near'],
    );
    assert.equal(ranked.app.search.search('latemt', { pageSize: 2 }).items[0]?.guid, 'near');
  } finally {
    ranked.close();
  }
});

test('a lone character that fills the page from the titles: its total is given as a lower bound, the body not counted', () => {
  const one = db.app.search.search('验', { pageSize: 3 });
  assert.equal(one.items.length, 3);
  assert.equal(one.more, true, 'the total is at least what it says');
  assert.ok(one.total >= 27, `every title has 实验: ${one.total}`);
  // A word is counted in the body as well, so its total is exact.
  const word = db.app.search.search('实验', { pageSize: 3 });
  assert.equal(word.more, undefined);
  assert.equal(word.total, one.total);
});
