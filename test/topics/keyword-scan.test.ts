import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createClassifier } from '../../src/topics/classify';
import { loadTaxonomy, type Taxonomy } from '../../src/topics/taxonomy';
import { TOPICS_PATH, sampleFiles } from '../helpers/sample-archive';
import { countWork } from '../helpers/work-count';
import { seeded } from '../helpers/rng';

// The matching rules written the plain way, one regular expression or substring search per
// keyword: the one-pass scanner must find exactly what this finds.
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
function referenceMatch(keyword: string, text: string): boolean {
  const lower = text.toLowerCase();
  const k = keyword.toLowerCase();
  if (!/^[\x00-\x7f]+$/.test(keyword)) return lower.includes(k);
  return new RegExp(`(?<![a-zA-Z0-9])${escape(k)}(?![a-zA-Z0-9])`).test(lower);
}

function referenceClassify(taxonomy: Taxonomy, title: string, summary: string): string[] {
  const out: string[] = [];
  for (const t of taxonomy.topics) {
    if (t.keywords.some((k) => referenceMatch(k, title))) out.push(t.id);
    else if (t.keywords.filter((k) => referenceMatch(k, summary)).length >= taxonomy.minBodyHits) out.push(t.id);
  }
  return out;
}

const topic = (id: string, keywords: string[]) => ({ id, name: { zh: id, en: id }, aliases: [], keywords });

test('the one-pass scan assigns the topics per-keyword matching does, on every sample article', () => {
  const taxonomy = loadTaxonomy(TOPICS_PATH);
  const classifier = createClassifier(taxonomy);
  const texts = sampleFiles().flatMap((f) =>
    readFileSync(f, 'utf8')
      .split(/\n/)
      .filter((l) => l.length > 20),
  );
  assert.ok(texts.length > 50, 'the sample feed has articles');
  let withTopics = 0;
  for (const [i, text] of texts.entries()) {
    const title = texts[(i * 7) % texts.length]!.slice(0, 60);
    const expected = referenceClassify(taxonomy, title, text);
    assert.deepEqual(classifier.classify({ title, summary: text, categories: [] }), expected, text.slice(0, 80));
    assert.deepEqual(classifier.classify({ title: '', summary: text, categories: [] }), referenceClassify(taxonomy, '', text));
    if (expected.length) withTopics++;
  }
  assert.ok(withTopics > 10, 'the comparison covers articles that have topics');
});

test('the scan agrees with per-keyword matching at word edges, in CJK runs, and across texts', () => {
  const keywords = [
    '卷积',
    '卷积核',
    'SD模型',
    'loss',
    'feature map',
    'c++',
    'tf.example',
    'n-gram',
    'GPT',
    'gpt4',
    '图',
    '',
    'café',
    '.net',
    '\u212a',
    '😀',
    '𐐨',
  ];
  const taxonomy: Taxonomy = { topics: keywords.map((k, i) => topic(`t${i}`, [k])), minBodyHits: 1 };
  const c = createClassifier(taxonomy);
  const alphabets = [
    [
      '卷',
      '积',
      '核',
      'sd',
      'SD',
      '模型',
      'loss',
      'glossary',
      'Loss',
      'feature',
      'map',
      'maps',
      'c',
      '++',
      'tf',
      '.',
      'example',
      'n',
      '-',
      'gram',
      'gpt',
      'GPT4',
      '4',
      ' ',
      '_',
      '图',
      'é',
      'K',
    ],
    // Cased letters beyond A-Z, a sign that lower-cases to ASCII, astral characters and lone halves.
    [
      'CAF',
      'caf',
      'É',
      'é',
      'Σ',
      'İ',
      '\u212a',
      'k',
      'SD',
      '模型',
      '.NET',
      'net',
      '.',
      '😀',
      '𐐀',
      '𐐨',
      '\ud801',
      '\udc00',
      ' ',
      'Feature',
      'MAP',
    ],
    // Few pieces, so keywords and their near misses (a part glued to a word) come up often.
    ['feature', ' ', 'map', 'x', 'sd', '模型', '卷', '积', 'c', '++', '.'],
  ];
  const rnd = seeded(7);
  for (const pieces of alphabets) {
    for (let n = 0; n < 4000; n++) {
      let text = '';
      const len = Math.floor(rnd() * 14);
      for (let i = 0; i < len; i++) text += pieces[Math.floor(rnd() * pieces.length)]!;
      assert.deepEqual(
        c.classify({ title: '', summary: text, categories: [] }),
        referenceClassify(taxonomy, '', text),
        JSON.stringify(text),
      );
      assert.deepEqual(
        c.classify({ title: text, summary: '', categories: [] }),
        referenceClassify(taxonomy, text, ''),
        JSON.stringify(text),
      );
    }
  }
  // The empty keyword (t11) is in every text, as a substring search finds it.
  assert.deepEqual(c.classify({ title: '', summary: 'feature xfeature map', categories: [] }), ['t11']);
  assert.deepEqual(c.classify({ title: '', summary: 'a Feature Map', categories: [] }), ['t4', 't11']);
});

test('a topic listing two spellings of one keyword counts a body hit for each', () => {
  const c = createClassifier({ topics: [topic('tf', ['TensorFlow', 'Tensorflow']), topic('x', ['alpha', 'beta'])], minBodyHits: 2 });
  assert.deepEqual(c.classify({ title: '', summary: 'we use tensorflow here', categories: [] }), ['tf']);
  assert.deepEqual(c.classify({ title: '', summary: 'alpha alpha alpha', categories: [] }), []);
  assert.deepEqual(c.classify({ title: '', summary: 'alpha, then beta', categories: [] }), ['x']);
});

test('scanning for keywords costs work linear in the text, however many keywords start alike', () => {
  const taxonomy: Taxonomy = {
    topics: [topic('a', ['卷积核大小', '卷积神经网络', '卷积层', 'feature map', 'feature maps', 'aaa bbb']), topic('b', ['卷积', 'ab'])],
    minBodyHits: 3,
  };
  const c = createClassifier(taxonomy);
  // Anchors everywhere with no keyword completing, and phrase parts present with no phrase.
  const body = (n: number) => '卷'.repeat(n) + ' feature mapx map aaa bbbb '.repeat(n / 20) + 'ab'.repeat(n);
  const work = (n: number) => countWork(() => c.classify({ title: body(n), summary: body(n), categories: [] })).ops;
  const ratio = work(40_000) / work(20_000);
  assert.ok(ratio > 1.5 && ratio < 2.3, `doubling the text multiplied the work by ${ratio.toFixed(2)}`);
});
