import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bodyAfterTitle, replyToPlainText } from '../../src/core/reply';

test('the snippet does not repeat a title taken from the opening words', () => {
  const summary =
    '空洞卷积 Dilated/Atrous Convolution 或者是 Convolution with holes 从字面上就很好理解,是在标准的 convolution map 里注入空洞';
  assert.ok(bodyAfterTitle(summary, '空洞卷积 Dilated/Atrous Convolution').startsWith('或者是'));
});

test('a clipped title leaves the body whole, so the snippet never starts mid-word', () => {
  const summary =
    'FlashAttention的关键创新在于使用类似于在线Softmax的思想来对自注意力计算进行分块(tiling),从而能够融合整个多头注意力层的计算';
  assert.equal(bodyAfterTitle(summary, 'FlashAttention的关键创新在于使用类似于在线Softmax的思想来对自注意力计算进…'), summary);
});

test('plain-text rendering numbers articles and shows the page', () => {
  const text = replyToPlainText({
    title: 'Results',
    blocks: [{ kind: 'articles', startIndex: 6, items: [{ id: 'a', title: 'T', snippet: 'S', topics: ['NLP'], date: '2026-01-11' }] }],
    pagination: { command: 'search', args: {}, page: 2, pages: 3 },
  });
  assert.match(text, /6\. T\n {3}NLP · 2026-01-11\n {3}S/);
  assert.match(text, /2\/3/);
});
