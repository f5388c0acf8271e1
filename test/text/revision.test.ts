import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countWork } from '../helpers/work-count';
import { canonicalUrl, isMeaningfulEdit, revisionText } from '../../src/text/revision';

test('tracking parameters leave a link; everything else stays as given', () => {
  assert.equal(canonicalUrl('https://blog.example/p/1?utm_source=rss&utm_medium=feed'), 'https://blog.example/p/1');
  assert.equal(canonicalUrl('https://blog.example/p/1?id=7&utm_campaign=x&fbclid=abc#h2'), 'https://blog.example/p/1?id=7#h2');
  assert.equal(canonicalUrl('https://zhuanlan.example/p/9?spm=a2c6h.123'), 'https://zhuanlan.example/p/9');
  // No tracking parameter: returned byte for byte, so identities built from links do not move.
  assert.equal(canonicalUrl(' https://Blog.example/p/1?ref=home&from=top '), 'https://Blog.example/p/1?ref=home&from=top');
  assert.equal(canonicalUrl('not a url?utm_source=x'), 'not a url?utm_source=x');
});

test('whitespace, invisible characters, full-width forms, entity spelling and tracked links are not edits', () => {
  const before = { title: 'LoRA 微调 & 量化', text: '我们用 LoRA 微调大模型。详见 https://x.example/a?utm_source=rss 。' };
  const trivial = [
    { title: 'LoRA  微调 &amp; 量化 ', text: '我们用\u00a0LoRA 微调大模型。\n\n详见 https://x.example/a?utm_source=newsletter 。' },
    { title: 'ＬｏＲＡ 微调 &#38; 量化', text: '我们用 Lo\u200bRA 微调大模型。详见 https://x.example/a 。' },
  ];
  for (const after of trivial) assert.equal(isMeaningfulEdit(before, after), false, JSON.stringify(after));
  assert.equal(revisionText('a\u3000 b\u00ad'), 'a b');
});

test('a fixed typo, a new paragraph or a new title is an edit', () => {
  const before = { title: 'Transfomer 入门', text: 'Attention is all you need.' };
  assert.equal(isMeaningfulEdit(before, { title: 'Transformer 入门', text: before.text }), true);
  assert.equal(isMeaningfulEdit(before, { title: before.title, text: 'Attention is all you need. 补充:多头注意力。' }), true);
  assert.equal(isMeaningfulEdit(before, { title: before.title, text: 'attention is all you need.' }), true, 'case is a real fix');
  assert.equal(isMeaningfulEdit(before, { title: before.title, text: 'Attention is all you need. See https://x.example/b' }), true);
});

test('comparing costs work linear in the text (operations counted, not timed)', () => {
  const unit = '扩散模型 diffusion https://x.example/a?utm_source=rss&k=1 &amp; 。\n';
  const work = (n: number) => {
    const text = unit.repeat(n);
    return countWork(() => isMeaningfulEdit({ title: 't', text }, { title: 't', text: text + '补充' })).ops;
  };
  const small = work(500);
  const large = work(5_000);
  assert.ok(large <= small * 12, `10× the text cost ${(large / small).toFixed(1)}× the work`);
  // A link-like run with no end is one scan, not a backtracking blow-up.
  const long = countWork(() => revisionText('http://' + 'a'.repeat(100_000))).ops;
  assert.ok(long < 100_000 * 20, `${long} operations`);
});
