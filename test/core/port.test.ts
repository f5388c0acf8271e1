// The adapter port, driven by a FakeAdapter as a platform would drive it: commands, page
// tokens, completions, inline search, and digests paced as the adapter declares.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createBotDigests } from '../../src/bot';
import { silentLogger } from '../../src/core/log';
import { replyToPlainText } from '../../src/core/reply';
import { createTestBot, titles, type TestBot } from '../helpers/bot';
import { createFakeAdapter } from '../helpers/fake-adapter';

describe('the adapter port', () => {
  let t: TestBot;
  before(async () => {
    t = await createTestBot();
  });
  after(() => t.close());

  it('runs commands and turns pages through tokens that work only in their own channel', async () => {
    const fake = createFakeAdapter(t.bot);
    const first = await fake.command('/search 卷积', { channel: 'fake:a' });
    assert.ok(first.token, 'a list with more pages gets a token');
    assert.equal(first.reply!.pagination!.page, 1);
    const second = await fake.page(first.token, 2, { channel: 'fake:a' });
    assert.equal(second!.pagination!.page, 2);
    assert.notDeepEqual(titles(second!), titles(first.reply!));
    assert.equal(await fake.page(first.token, 2, { channel: 'fake:b' }), null);
    assert.equal(await fake.page('no-such-token', 2, { channel: 'fake:a' }), null);
  });

  it('lists every command once, finds aliases, and marks the slow ones deferred', () => {
    const names = t.bot.commands.map((c) => c.name);
    assert.deepEqual(names, [...new Set(names)]);
    assert.equal(t.bot.findCommand('start')?.name, 'help');
    assert.equal(t.bot.findCommand('nope'), undefined);
    assert.deepEqual(
      t.bot.commands
        .filter((c) => c.deferred)
        .map((c) => c.name)
        .sort(),
      ['digest', 'latest', 'search', 'topic'],
    );
  });

  it('completes topics and time zones within the limits the adapter gives', () => {
    const search = t.bot.findCommand('search')!;
    const topic = search.options.find((o) => o.name === 'topic')!;
    assert.deepEqual(t.bot.complete(topic, '大', 'zh', { maxChoices: 25, maxLength: 100 })[0], { name: '大模型 (llm)', value: 'llm' });
    assert.equal(t.bot.complete(topic, '', 'en', { maxChoices: 3, maxLength: 100 }).length, 3);
    const zone = t.bot.findCommand('subscribe')!.options.find((o) => o.name === 'timezone')!;
    assert.equal(t.bot.complete(zone, '', 'en', { maxChoices: 5, maxLength: 100 })[0]!.value, t.config.digest.defaultTimeZone);
    assert.deepEqual(
      t.bot.complete(
        search.options.find((o) => o.name === 'page')!,
        '1',
        'en',
        { maxChoices: 5, maxLength: 100 },
      ),
      [],
    );
  });

  it('finds articles as /search ranks them, the newest for an empty query, nothing for a refused query', () => {
    const found = t.bot.findArticles('空洞卷积', { page: 1, pageSize: 3, locale: 'en' });
    assert.match(found.items[0]!.title, /空洞卷积/);
    assert.ok(found.items[0]!.topics.includes('Computer Vision'));
    const newest = t.bot.findArticles('  ', { page: 2, pageSize: 4, locale: 'zh' });
    assert.deepEqual(
      newest.items.map((a) => a.id),
      t.app.store.latest(4, 4).map((a) => a.id),
    );
    assert.equal(newest.more, true);
    assert.deepEqual(t.bot.findArticles('x'.repeat(500), { page: 1, pageSize: 3, locale: 'en' }), { items: [], more: false });
  });

  it('counts the archive for a greeting', () => {
    assert.equal(t.bot.articleCount(), t.app.store.count());
  });
});

describe('digests through a FakeAdapter', () => {
  for (const [pacing, most] of [
    [{ concurrency: 1 }, 1],
    [undefined, 3],
  ] as const) {
    it(`are sent at the pace the adapter declares (${pacing ? 'one at a time' : 'unpaced'})`, async () => {
      const t = await createTestBot();
      const fake = createFakeAdapter(t.bot, { sendMs: 30, ...(pacing ? { pacing } : {}) });
      const digests = createBotDigests(t.bot, () => [fake], silentLogger);
      try {
        const channels = ['fake:1', 'fake:2', 'fake:3'];
        for (const channel of channels) {
          const { reply } = await fake.command('/subscribe 09:00 UTC', { channel });
          assert.match(replyToPlainText(reply!), /Subscribed/);
        }
        t.app.ingest({
          source: 'port-test',
          entries: [{ guid: 'p1', title: 'Paced digest', text: 'an article for the pacing test', categories: [] }],
        });
        const outcomes = await Promise.all(channels.map((c) => digests.deliverNow(c)));
        assert.deepEqual(
          outcomes.map((o) => o.kind),
          ['sent', 'sent', 'sent'],
        );
        assert.deepEqual(fake.sent.map((s) => s.channel).sort(), channels);
        assert.ok(fake.sent.every((s) => replyToPlainText(s.reply).includes('Paced digest')));
        assert.equal(fake.maxInFlight(), most);
      } finally {
        await digests.stop();
        t.close();
      }
    });
  }
});
