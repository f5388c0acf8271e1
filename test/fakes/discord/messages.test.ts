// Messages through the fake Discord with discord.js: sending, recording, Discord's limits and injected faults.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DiscordAPIError, type Client, type TextChannel } from 'discord.js';
import { startFakeDiscord, type FakeDiscord } from './index';
import { connectClient } from './harness';

import { CHANNEL, mlReaders, OTHER_CHANNEL } from '../../helpers/discord-guild';

describe('messages through the fake Discord', { timeout: 15_000 }, () => {
  let fake: FakeDiscord;
  let client: Client;

  before(async () => {
    fake = await startFakeDiscord({
      guilds: [mlReaders()],
    });
    client = await connectClient(fake);
  });

  after(async () => {
    await client.destroy();
    await fake.close();
  });

  test('channel.send records content and allowed_mentions, and returns the stored message', async () => {
    const channel = (await client.channels.fetch(OTHER_CHANNEL, { force: true })) as TextChannel;
    assert.equal(fake.callsTo(new RegExp(`^GET /channels/${OTHER_CHANNEL}$`)).length, 1);
    const mark = fake.mark();
    const message = await channel.send({ content: 'Daily digest <@1>', allowedMentions: { parse: [] } });
    const call = await fake.waitForCall(/^POST \/channels\/\d+\/messages$/, { since: mark });
    assert.deepEqual((call.body as { allowed_mentions: unknown }).allowed_mentions, { parse: [] });
    assert.deepEqual(
      fake.messagesIn(OTHER_CHANNEL).map((m) => [m.id, m.content]),
      [[message.id, 'Daily digest <@1>']],
    );
  });

  test('fetching an unknown channel fails with Unknown Channel', async () => {
    await assert.rejects(
      client.channels.fetch('999999999999999999'),
      (e: unknown) => e instanceof DiscordAPIError && e.code === 10003 && e.status === 404,
    );
  });

  test('a rate-limited send is retried after Retry-After and lands once', async () => {
    const channel = (await client.channels.fetch(CHANNEL)) as TextChannel;
    const before = fake.messagesIn(CHANNEL).length;
    fake.failNext(/^POST \/channels\/\d+\/messages$/, { kind: 'rate-limit', retryAfter: 0.05 });
    const mark = fake.mark();
    await channel.send('after the rate limit');
    const attempts = fake.calls.slice(mark).filter((c) => c.method === 'POST');
    assert.deepEqual(
      attempts.map((c) => [c.status, c.failed?.kind]),
      [
        [429, 'rate-limit'],
        [200, undefined],
      ],
    );
    assert.equal(fake.messagesIn(CHANNEL).length, before + 1);
  });

  test('a global rate limit and a server error are both retried by discord.js', async () => {
    const channel = (await client.channels.fetch(CHANNEL)) as TextChannel;
    fake.failNext(/^POST \/channels\/\d+\/messages$/, { kind: 'rate-limit', retryAfter: 0.05, global: true });
    fake.failNext(/^POST \/channels\/\d+\/messages$/, { kind: 'server-error' });
    const mark = fake.mark();
    const message = await channel.send('eventually');
    assert.deepEqual(
      fake.calls.slice(mark).map((c) => c.status),
      [429, 500, 200],
    );
    assert.equal(fake.messagesIn(CHANNEL).filter((m) => m.content === 'eventually').length, 1);
    assert.equal(message.content, 'eventually');
  });

  test('files are accepted as multipart and recorded', async () => {
    const channel = (await client.channels.fetch(CHANNEL)) as TextChannel;
    const mark = fake.mark();
    const message = await channel.send({
      content: 'digest attached',
      files: [{ attachment: Buffer.from('# digest\n'), name: 'digest.md' }],
    });
    const call = await fake.waitForCall(/^POST /, { since: mark });
    assert.equal((call.body as { content: string }).content, 'digest attached');
    assert.deepEqual(
      call.files.map((f) => [f.filename, f.size]),
      [['digest.md', 9]],
    );
    assert.equal(message.attachments.first()?.name, 'digest.md');
  });

  test('missing access surfaces as DiscordAPIError 50001 and posts nothing', async () => {
    const channel = (await client.channels.fetch(CHANNEL)) as TextChannel;
    const before = fake.messagesIn(CHANNEL).length;
    fake.failNext({ method: 'POST', path: `/channels/${CHANNEL}/messages` }, { kind: 'missing-access' });
    await assert.rejects(channel.send('hidden'), (e: unknown) => e instanceof DiscordAPIError && e.code === 50001 && e.status === 403);
    assert.equal(fake.messagesIn(CHANNEL).length, before);
    assert.equal(fake.calls.at(-1)?.failed?.injected, true);
  });

  test('message limits are enforced with Invalid Form Body', async () => {
    const channel = (await client.channels.fetch(CHANNEL)) as TextChannel;
    const isFormError = (field: string) => (e: unknown) =>
      e instanceof DiscordAPIError && e.code === 50035 && JSON.stringify(e.rawError).includes(field);
    await assert.rejects(channel.send('x'.repeat(2001)), isFormError('content'));
    await assert.rejects(channel.send({ embeds: [{ title: 't', description: 'd'.repeat(4097) }] }), isFormError('description'));
    const big = Array.from({ length: 2 }, () => ({ description: 'd'.repeat(3500) }));
    await assert.rejects(channel.send({ embeds: big }), isFormError('MAX_EMBED_SIZE_EXCEEDED'));
    await assert.rejects(
      channel.send({
        content: 'x',
        components: [{ type: 1, components: [{ type: 2, style: 1, label: 'l', custom_id: 'c'.repeat(101) }] }],
      }),
      isFormError('custom_id'),
    );
    await channel.send({ content: 'x'.repeat(2000) });
  });

  test('waitForCall finds calls made after the mark, including ones already recorded', async () => {
    const channel = (await client.channels.fetch(CHANNEL)) as TextChannel;
    await channel.send('before mark');
    const mark = fake.mark();
    await channel.send('after mark');
    const call = await fake.waitForCall((c) => c.method === 'POST' && (c.body as { content?: string }).content?.endsWith('mark') === true, {
      since: mark,
    });
    assert.equal((call.body as { content: string }).content, 'after mark');
  });
});
