// Watched matches are marked in the daily digest (and its /digest preview): the entry shows a
// note naming the chat's watches it matched; other entries and other chats' digests show none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBotDigests } from '../../src/bot';
import { createTestBot } from '../helpers/bot';
import { createFakeAdapter } from '../helpers/fake-adapter';
import type { Reply } from '../../src/core/types';

const notes = (r: Reply) => r.blocks.flatMap((b) => (b.kind === 'articles' ? b.items.map((i) => [i.title, i.note ?? '']) : []));

test('a digest entry a watch matches carries the watch; the rest do not', async () => {
  const t = await createTestBot();
  const fake = createFakeAdapter(t.bot);
  const digests = createBotDigests(t.bot, () => [fake], t.log);
  try {
    for (const c of ['fake:1', 'fake:2']) await fake.command('/subscribe 09:00 UTC', { channel: c });
    await fake.command('/watch LoRA', { channel: 'fake:1' });
    await fake.command('/watch 扩散模型', { channel: 'fake:1' });
    t.app.ingest({
      source: 'marks',
      entries: [
        { guid: 'm1', title: 'LoRA 微调实战', text: '低秩适配。', categories: [] },
        { guid: 'm2', title: '分词器笔记', text: 'BPE。', categories: [] },
      ],
    });
    const preview = (await fake.command('/digest', { channel: 'fake:1' })).reply!;
    assert.deepEqual(notes(preview).sort(), [
      ['LoRA 微调实战', '🔔 LoRA'],
      ['分词器笔记', ''],
    ]);
    assert.equal((await digests.deliverNow('fake:1')).kind, 'sent');
    assert.equal((await digests.deliverNow('fake:2')).kind, 'sent');
    const sent = (c: string) => fake.sent.filter((s) => s.channel === c).map((s) => s.reply);
    assert.deepEqual(sent('fake:1').flatMap(notes).sort(), [
      ['LoRA 微调实战', '🔔 LoRA'],
      ['分词器笔记', ''],
    ]);
    assert.ok(
      sent('fake:2')
        .flatMap(notes)
        .every(([, note]) => note === ''),
      'no marks where nothing is watched',
    );
  } finally {
    await digests.stop();
    t.close();
  }
});
