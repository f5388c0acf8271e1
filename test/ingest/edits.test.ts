// A feed that republishes an entry: a real edit replaces the stored text and title, bumps
// updated_at (the search index follows) and takes an edit number; a trivial difference does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestBot } from '../helpers/bot';

const rss = (items: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>ML 博客</title><link>https://blog.example/</link>${items}</channel></rss>`;
const item = (o: { guid?: string; link: string; title: string; text: string }) =>
  `<item>${o.guid ? `<guid isPermaLink="false">${o.guid}</guid>` : ''}<link>${o.link}</link><title>${o.title}</title><description>${o.text}</description></item>`;

async function bot() {
  let now = Date.parse('2026-05-04T07:00:00Z');
  const t = await createTestBot({}, { seed: false, clock: () => (now += 1000) });
  const ingest = (items: string) => t.app.ingestBody(rss(items), 'https://blog.example/feed.xml', 'application/rss+xml');
  return { t, ingest };
}

test('an edited entry (same guid) keeps its id, gets the new title and text, and search finds the new words', async () => {
  const { t, ingest } = await bot();
  try {
    await ingest(item({ guid: 'p1', link: 'https://blog.example/p1', title: '扩散模型入门', text: '扩散模型的前向过程逐步加噪。' }));
    const [first] = t.app.store.all();
    assert.equal(first!.editedSeq, undefined);
    assert.equal(t.app.search.search('去噪调度器').total, 0);

    const report = await ingest(
      item({
        guid: 'p1',
        link: 'https://blog.example/p1',
        title: '扩散模型入门(修订)',
        text: '扩散模型的前向过程逐步加噪。新增一节:去噪调度器的选择。',
      }),
    );
    assert.equal(report.updated, 1);
    assert.equal(report.added.length, 0);
    const [edited] = t.app.store.all();
    assert.equal(edited!.id, first!.id);
    assert.equal(edited!.title, '扩散模型入门(修订)');
    assert.match(edited!.summary, /去噪调度器/);
    assert.ok(edited!.updatedAt > first!.updatedAt, 'updated_at moves, so the search index re-reads the row');
    assert.equal(edited!.editedSeq, 1);
    assert.deepEqual(
      t.app.search.search('去噪调度器').items.map((a) => a.id),
      [first!.id],
    );

    // Every later edit takes the next number, across articles.
    await ingest(
      item({ guid: 'p2', link: 'https://blog.example/p2', title: 'LoRA', text: '低秩适配。' }) +
        item({ guid: 'p1', link: 'https://blog.example/p1', title: '扩散模型入门(修订)', text: '扩散模型的前向过程逐步加噪。第三版。' }),
    );
    await ingest(item({ guid: 'p2', link: 'https://blog.example/p2', title: 'LoRA', text: '低秩适配:只训练两个小矩阵。' }));
    const seqs = new Map(t.app.store.all().map((a) => [a.guid, a.editedSeq]));
    assert.deepEqual([seqs.get('p1'), seqs.get('p2')], [2, 3]);
    assert.equal(t.app.store.editWatermarkNow(), 3);
  } finally {
    t.close();
  }
});

test('whitespace, entity spelling and tracking parameters are not edits, and a retagged link is the same article', async () => {
  const { t, ingest } = await bot();
  try {
    await ingest(
      item({ guid: 'g1', link: 'https://blog.example/a?utm_source=rss', title: 'R&amp;D 周报', text: '扩散模型 &amp; 大模型。' }) +
        item({ link: 'https://blog.example/b?utm_source=rss&amp;id=2', title: '无 guid 的文章', text: '只靠链接识别。' }),
    );
    const before = t.app.store.all();
    assert.equal(before.length, 2);
    await ingest(
      item({
        guid: 'g1',
        link: 'https://blog.example/a?utm_source=newsletter',
        title: 'R&#38;D  周报',
        text: '&#x6269;散\u200b模型&amp;\n\n大模型。',
      }) + item({ link: 'https://blog.example/b?id=2&amp;utm_medium=email&amp;fbclid=x', title: '无 guid 的文章', text: '只靠链接识别。' }),
    );
    const after = t.app.store.all();
    assert.equal(after.length, 2, 'the link-keyed entry was not added again');
    assert.equal(after[0]!.summary, '扩散模型& 大模型。', 'the archive keeps the text as the feed now gives it');
    assert.deepEqual(
      after.map((a) => a.editedSeq),
      [undefined, undefined],
    );
    assert.equal(t.app.store.editWatermarkNow(), 0);
  } finally {
    t.close();
  }
});
