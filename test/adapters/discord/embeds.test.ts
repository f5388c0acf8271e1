import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packEmbeds } from '../../../src/adapters/discord/embeds';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

test('packEmbeds: at most 10 embeds per message', () => {
  const items = Array.from({ length: 25 }, (_, i) => ({ title: `Article ${i}`, description: 'summary', url: `https://x/${i}` }));
  const messages = packEmbeds(items);
  assert.deepEqual(
    messages.map((m) => m.length),
    [10, 10, 5],
  );
  assert.deepEqual(messages.flat(), items, 'order and extra fields kept');
});

test('packEmbeds: at most 6000 characters per message', () => {
  const items = Array.from({ length: 5 }, (_, i) => ({ title: `T${i}`, description: '文'.repeat(2500) }));
  const messages = packEmbeds(items);
  assert.deepEqual(
    messages.map((m) => m.length),
    [2, 2, 1],
  );
  for (const m of messages) assert.ok(m.reduce((n, e) => n + e.title.length + e.description.length, 0) <= 6000);
});

test('packEmbeds: over-long titles and descriptions are cut with an ellipsis, emoji intact', () => {
  const [[embed]] = packEmbeds([{ title: '😀'.repeat(200), description: 'x'.repeat(4095) + '👨‍👩‍👧‍👦' }]);
  assert.ok(embed.title.length <= 256);
  assert.ok(embed.title.endsWith('😀…'));
  assert.doesNotMatch(embed.title, LONE_SURROGATE);
  assert.ok(embed.description.length <= 4096);
  assert.equal(embed.description, 'x'.repeat(4095) + '…');
});
