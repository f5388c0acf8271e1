// The adapter's unprompted sends (digests) against the fake Discord: embeds that ping no
// one, messages within limits, and every platform failure turned into a DeliveryError.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DeliveryError } from '../../../src/core/errors';
import { createBotDigests } from '../../../src/bot';
import { createSender } from '../../../src/core/sender';
import { silentLogger } from '../../../src/core/log';
import type { ArticleView, Reply } from '../../../src/core/types';
import { DEFAULT_MEMBER_PERMISSIONS, type RecordedCall } from '../../fakes/discord/index';
import { CHANNEL, OTHER_CHANNEL, startHarness, type Harness } from './setup';
import { mlReaders } from '../../helpers/discord-guild';

const RATE_LIMITED_CHANNEL = '200000000000000003';
const LONG_WAIT_CHANNEL = '200000000000000004';
const NO_EMBEDS_GUILD = '100000000000000002';
const NO_EMBEDS_CHANNEL = '200000000000000005';
const DIGEST_CHANNEL = '200000000000000006';
const LOCKED_CHANNEL = '200000000000000007';
const EMBED_LINKS = 1n << 14n;

interface Body {
  content?: string;
  embeds?: { title?: string; description?: string; author?: { name: string } }[];
  allowed_mentions?: { parse: string[] };
}

/** Messages the bot posted on its own (not answers to slash commands). */
const postedIn = (h: Harness, channel: string) => h.fake.messagesIn(channel).filter((m) => m.interaction_metadata === undefined);

const posts = (h: Harness, channel: string, since: number): RecordedCall[] =>
  h.fake.calls.slice(since).filter((c) => c.method === 'POST' && c.path === `/channels/${channel}/messages`);

function failure(err: unknown): DeliveryError['failure'] {
  assert.ok(err instanceof DeliveryError, `expected a DeliveryError, got ${String(err)}`);
  return err.failure;
}

function article(i: number, snippetLength: number): ArticleView {
  return {
    id: `a${i}`,
    title: `Article ${i} ${'标题'.repeat(150)}`,
    url: `https://example.com/${i}`,
    snippet: `${i}: ${'很长的摘要文本 '.repeat(Math.ceil(snippetLength / 8))}`.slice(0, snippetLength),
    topics: ['大模型'],
    date: '2026-01-12',
  };
}

describe('Discord adapter send()', { timeout: 30_000 }, () => {
  let h: Harness;

  before(async () => {
    h = await startHarness({
      guilds: [
        mlReaders([
          { id: RATE_LIMITED_CHANNEL, name: 'busy' },
          { id: LONG_WAIT_CHANNEL, name: 'very-busy' },
          { id: DIGEST_CHANNEL, name: 'daily' },
          { id: LOCKED_CHANNEL, name: 'locked' },
        ]),
        {
          id: NO_EMBEDS_GUILD,
          everyonePermissions: DEFAULT_MEMBER_PERMISSIONS & ~EMBED_LINKS,
          channels: [{ id: NO_EMBEDS_CHANNEL, name: 'plain' }],
        },
      ],
    });
  });

  after(async () => {
    await h.close();
  });

  test('posts a reply as embeds with allowed_mentions.parse empty', async () => {
    const mark = h.fake.mark();
    const reply = await h.bot.handle({
      command: 'latest',
      values: { n: 3 },
      channel: `discord:${CHANNEL}`,
      caller: { id: 'digest' },
      locale: 'zh',
      isPrivate: false,
      isChannelAdmin: async () => false,
    });
    const result = await h.adapter.send(`discord:${CHANNEL}`, reply!);
    const [call] = posts(h, CHANNEL, mark);
    const body = call!.body as Body;
    assert.equal(body.embeds!.length, 3);
    assert.deepEqual(body.allowed_mentions, { parse: [] });
    assert.equal(h.fake.messagesIn(CHANNEL).at(-1)!.id, result.messageId);
  });

  test('feed text with @everyone, @here and <@&role> is sent inert and pings no one', async () => {
    h.app.ingest({
      source: 't',
      entries: [{ guid: 'x', title: '@everyone look <@&1>', text: 'hello @here and <@&1> and <@2>', categories: [] }],
    });
    const reply = await h.bot.handle({
      command: 'search',
      values: { query: 'everyone look hello' },
      channel: `discord:${CHANNEL}`,
      caller: { id: 'digest' },
      locale: 'en',
      isPrivate: false,
      isChannelAdmin: async () => false,
    });
    const mark = h.fake.mark();
    await h.adapter.send(`discord:${CHANNEL}`, { ...reply!, title: 'Daily digest for @everyone <@&1>' });
    const sent = posts(h, CHANNEL, mark);
    assert.ok(sent.length > 0);
    assert.ok(sent.some((c) => (c.body as Body).embeds!.some((e) => e.title?.includes('look'))));
    for (const call of sent) {
      const body = call.body as Body;
      assert.deepEqual(body.allowed_mentions, { parse: [] });
      assert.doesNotMatch(JSON.stringify([body.content, body.embeds]), /@everyone|@here|<@&1>|<@2>/);
    }
  });

  test('a long digest is split so every message fits Discord’s limits, articles kept whole and in order', async () => {
    const items = Array.from({ length: 40 }, (_, i) => article(i + 1, 1500));
    const reply: Reply = {
      title: 'Daily digest · 2026-01-12 · 40 new articles',
      kind: 'digest',
      blocks: [
        { kind: 'articles', heading: 'LLM', items: items.slice(0, 25) },
        { kind: 'articles', heading: 'Computer Vision', items: items.slice(25) },
        { kind: 'text', style: 'muted', text: '…and 3 more — /latest' },
      ],
    };
    const sender = createSender(() => [h.adapter]);
    const parts = sender.split(`discord:${CHANNEL}`, reply);
    assert.ok(parts.length > 1);
    const mark = h.fake.mark();
    for (const part of parts) await sender.send(`discord:${CHANNEL}`, part);
    const sent = posts(h, CHANNEL, mark);
    assert.equal(sent.length, parts.length, 'one message per part');
    assert.ok(
      sent.every((c) => c.status === 200),
      'the fake accepted every body (it rejects over-limit ones with 50035)',
    );
    const titles = sent.flatMap((c) => ((c.body as Body).embeds ?? []).map((e) => e.title ?? ''));
    const numbered = titles.filter((t) => /^\d+\. Article/.test(t));
    assert.equal(numbered.length, 40);
    for (const c of sent) {
      const body = c.body as Body;
      assert.ok((body.embeds ?? []).length <= 10);
      assert.ok((body.content ?? '').length <= 2000);
    }
    assert.match((sent[0]!.body as Body).content!, /Daily digest/);
    assert.match(JSON.stringify(sent.at(-1)!.body), /and 3 more/);
  });

  test('a reply too big for one message is still delivered, as several valid messages', async () => {
    const mark = h.fake.mark();
    const reply: Reply = {
      kind: 'digest',
      blocks: [{ kind: 'articles', items: Array.from({ length: 14 }, (_, i) => article(i + 1, 3000)) }],
    };
    await h.adapter.send(`discord:${OTHER_CHANNEL}`, reply);
    const sent = posts(h, OTHER_CHANNEL, mark);
    assert.ok(sent.length >= 2);
    assert.ok(sent.every((c) => c.status === 200));
  });

  test('a 429 is waited out and the message lands once', async () => {
    const mark = h.fake.mark();
    h.fake.failNext({ method: 'POST', path: `/channels/${CHANNEL}/messages` }, { kind: 'rate-limit', retryAfter: 0.05 });
    const before = h.fake.messagesIn(CHANNEL).length;
    await h.adapter.send(`discord:${CHANNEL}`, { kind: 'digest', blocks: [{ kind: 'text', text: 'after the rate limit' }] });
    assert.deepEqual(
      posts(h, CHANNEL, mark).map((c) => c.status),
      [429, 200],
    );
    assert.equal(h.fake.messagesIn(CHANNEL).length, before + 1);
  });

  test('a planned message sent again (its first answer lost) is posted once: same nonce, enforced', async () => {
    const reply: Reply = { kind: 'digest', blocks: [{ kind: 'text', text: 'sent twice by two processes' }] };
    const before = h.fake.messagesIn(CHANNEL).length;
    const first = await h.adapter.send(`discord:${CHANNEL}`, reply, { resendKey: 'd41.0' });
    const again = await h.adapter.send(`discord:${CHANNEL}`, reply, { resendKey: 'd41.0' });
    assert.equal(again.messageId, first.messageId);
    assert.equal(h.fake.messagesIn(CHANNEL).length, before + 1);
    // Another planned message (another part, or no key) is a message of its own.
    await h.adapter.send(`discord:${CHANNEL}`, reply, { resendKey: 'd41.1' });
    await h.adapter.send(`discord:${CHANNEL}`, reply);
    assert.equal(h.fake.messagesIn(CHANNEL).length, before + 3);
  });

  test('a channel waiting out a rate limit does not hold up other channels', async () => {
    const mark = h.fake.mark();
    h.fake.failNext({ method: 'POST', path: `/channels/${RATE_LIMITED_CHANNEL}/messages` }, { kind: 'rate-limit', retryAfter: 1.5 });
    const slow = h.adapter.send(`discord:${RATE_LIMITED_CHANNEL}`, { blocks: [{ kind: 'text', text: 'slow' }] });
    await h.fake.waitForCall((c) => c.status === 429 && c.path === `/channels/${RATE_LIMITED_CHANNEL}/messages`, { since: mark });
    await h.adapter.send(`discord:${OTHER_CHANNEL}`, { blocks: [{ kind: 'text', text: 'fast' }] });
    assert.equal(h.fake.messagesIn(OTHER_CHANNEL).at(-1)!.content, 'fast');
    assert.equal(h.fake.messagesIn(RATE_LIMITED_CHANNEL).length, 0, 'the rate-limited digest is still waiting');
    await slow;
    assert.equal(h.fake.messagesIn(RATE_LIMITED_CHANNEL).length, 1);
  });

  test('a very long rate limit is handed back as rate-limited instead of being waited out', async () => {
    h.fake.failNext({ method: 'POST', path: `/channels/${LONG_WAIT_CHANNEL}/messages` }, { kind: 'rate-limit', retryAfter: 600 });
    const err = await h.adapter
      .send(`discord:${LONG_WAIT_CHANNEL}`, { blocks: [{ kind: 'text', text: 'later' }] })
      .catch((e: unknown) => e);
    const f = failure(err);
    assert.equal(f.kind, 'rate-limited');
    assert.ok(f.kind === 'rate-limited' && f.retryAfterMs >= 600_000);
    assert.equal(h.fake.messagesIn(LONG_WAIT_CHANNEL).length, 0);
  });

  test('Missing Access (50001) and Missing Permissions (50013) are permanent, with a reason', async () => {
    h.fake.failNext({ method: 'POST', path: `/channels/${CHANNEL}/messages` }, { kind: 'missing-access' });
    const access = failure(await h.adapter.send(`discord:${CHANNEL}`, { blocks: [{ kind: 'text', text: 'x' }] }).catch((e: unknown) => e));
    assert.equal(access.kind, 'permanent');
    assert.match(access.kind === 'permanent' ? access.reason : '', /cannot see this channel/);

    h.fake.failNext({ method: 'POST', path: `/channels/${CHANNEL}/messages` }, { kind: 'missing-permissions' });
    const perms = failure(await h.adapter.send(`discord:${CHANNEL}`, { blocks: [{ kind: 'text', text: 'x' }] }).catch((e: unknown) => e));
    assert.equal(perms.kind, 'permanent');
  });

  test('a channel that no longer exists (10003) is permanent', async () => {
    const gone = failure(
      await h.adapter.send('discord:299999999999999999', { blocks: [{ kind: 'text', text: 'x' }] }).catch((e: unknown) => e),
    );
    assert.deepEqual(gone, { kind: 'permanent', reason: 'the channel no longer exists (Discord: Unknown Channel)' });
  });

  test('server errors that outlast discord.js’s retries are transient', async () => {
    h.fake.failNext({ method: 'POST', path: `/channels/${CHANNEL}/messages` }, { kind: 'server-error' }, { times: 4 });
    const err = failure(await h.adapter.send(`discord:${CHANNEL}`, { blocks: [{ kind: 'text', text: 'x' }] }).catch((e: unknown) => e));
    assert.deepEqual(err, { kind: 'transient' });
  });

  test('a channel where the bot may not embed links is refused before posting an empty digest', async () => {
    const mark = h.fake.mark();
    const f = failure(
      await h.adapter.send(`discord:${NO_EMBEDS_CHANNEL}`, { blocks: [{ kind: 'text', text: 'x' }] }).catch((e: unknown) => e),
    );
    assert.equal(f.kind, 'permanent');
    assert.match(f.kind === 'permanent' ? f.reason : '', /Embed Links/);
    assert.equal(posts(h, NO_EMBEDS_CHANNEL, mark).length, 0);
  });

  /** The digest service as main runs it, sending through this adapter. */
  const digestRuntime = () => createBotDigests(h.bot, () => [h.adapter], silentLogger);

  /** An admin subscribes the channel with /subscribe, through Discord. */
  async function subscribe(channelId: string): Promise<void> {
    const sent = await h.fake.slashCommand({ name: 'subscribe', channelId, permissions: 1n << 4n });
    await h.fake.waitForCall((c) => c.path === `/interactions/${sent.id}/${sent.token}/callback`);
    assert.equal(h.bot.services.subscriptions.get(`discord:${channelId}`)?.status, 'active');
  }

  test('end to end: a subscribed channel gets the new article in its digest', async () => {
    await subscribe(DIGEST_CHANNEL);
    h.app.ingest({
      source: 'e2e',
      entries: [{ guid: 'moe-1', title: 'Mixture of Experts 混合专家大模型', text: '混合专家模型把大模型拆成多个专家。', categories: [] }],
    });
    const rt = digestRuntime();
    try {
      const outcome = await rt.deliverNow(`discord:${DIGEST_CHANNEL}`);
      assert.equal(outcome.kind, 'sent');
      const messages = postedIn(h, DIGEST_CHANNEL);
      assert.equal(messages.length, 1);
      assert.match(messages[0]!.content, /Daily digest|每日摘要/);
      assert.deepEqual(
        messages[0]!.embeds.map((e) => String(e.title).replace(/^\d+\. /, '')),
        ['Mixture of Experts 混合专家大模型'],
      );
      assert.deepEqual(messages[0]!.allowed_mentions, { parse: [] });
    } finally {
      await rt.stop();
    }
  });

  test('end to end: Missing Access on delivery pauses the subscription, with the reason for /settings', async () => {
    await subscribe(LOCKED_CHANNEL);
    h.app.ingest({ source: 'e2e', entries: [{ guid: 'moe-2', title: 'Sparse experts 稀疏专家', text: '稀疏专家路由。', categories: [] }] });
    h.fake.failNext({ method: 'POST', path: `/channels/${LOCKED_CHANNEL}/messages` }, { kind: 'missing-access' });
    const rt = digestRuntime();
    try {
      const outcome = await rt.deliverNow(`discord:${LOCKED_CHANNEL}`);
      assert.equal(outcome.kind, 'abandoned');
      const sub = h.bot.services.subscriptions.get(`discord:${LOCKED_CHANNEL}`);
      assert.equal(sub?.status, 'paused');
      assert.match(sub?.pausedReason ?? '', /cannot see this channel/);
      assert.equal(postedIn(h, LOCKED_CHANNEL).length, 0);
    } finally {
      await rt.stop();
    }
  });

  test('a channel ref that is not a Discord channel is permanent; a stopped adapter is transient', async () => {
    assert.equal(failure(await h.adapter.send('discord:general', { blocks: [] }).catch((e: unknown) => e)).kind, 'permanent');
    await h.adapter.stop();
    assert.deepEqual(failure(await h.adapter.send(`discord:${CHANNEL}`, { blocks: [] }).catch((e: unknown) => e)), { kind: 'transient' });
  });
});
