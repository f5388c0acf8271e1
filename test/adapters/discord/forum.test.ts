// Discord forum channels as digest targets, end to end: the real discord.js client against the
// fake Discord. /subscribe names the forum with its `channel` option (commands cannot be sent in
// a forum itself); each digest opens one post titled with its day; a crash after the post was
// opened but before the ledger recorded it resumes in that post instead of opening another.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createBotDigests } from '../../../src/bot';
import { createDiscordAdapter, type DiscordAdapter } from '../../../src/adapters/discord/index';
import type { Adapter } from '../../../src/core/types';
import type { DigestRuntime } from '../../../src/digest/runtime';
import { until } from '../../hardening/bot-process';
import { startHarness, type Harness } from './setup';

const bit = (n: number) => 1n << BigInt(n);
const VIEW = bit(10);
const SEND = bit(11);
const MANAGE_CHANNELS = bit(4);

const G = '310000000000000001';
const TEXT = '320000000000000001';
const FORUM = '320000000000000002';
const DOOMED_FORUM = '320000000000000003';
const G_OTHER = '310000000000000002';
const OTHER_FORUM = '330000000000000001';
const OWNER = '340000000000000001';
const MEMBER = '340000000000000002';

const DAY = 86_400_000;
let now = Date.parse('2026-12-05T10:00:00Z');

let h: Harness;
let runtime: DigestRuntime;
/** The client started after the simulated crash; the harness stops the first one. */
let restarted: DiscordAdapter | undefined;
const sub = (id: string) => h.bot.services.subscriptions.get(`discord:${id}`);
const digestPosts = (forum: string) => h.fake.forumPosts(forum).filter((p) => p.ownerId === h.fake.botUser.id);

/** Runs a slash command in `channelId` (a text channel); resolves with the reply as JSON text. */
async function command(name: string, channelId: string, options: Record<string, string>, user = OWNER): Promise<string> {
  const sent = await h.fake.slashCommand({ name, channelId, options, user: { id: user }, permissions: MANAGE_CHANNELS | VIEW | SEND });
  await h.fake.waitForCall((c) => c.path === `/interactions/${sent.id}/${sent.token}/callback`);
  await new Promise((r) => setTimeout(r, 50));
  return JSON.stringify(h.fake.interactionResponses(sent.id).map((c) => c.body));
}

function ingest(guid: string, title: string): void {
  h.app.ingest({ source: 'dc-forum', entries: [{ guid, title, text: `About ${title}.`, categories: [] }] });
}

describe('Discord forum channels as digest targets', { timeout: 60_000 }, () => {
  before(async () => {
    h = await startHarness({
      guilds: [
        {
          id: G,
          ownerId: OWNER,
          channels: [
            { id: TEXT, name: 'general' },
            { id: FORUM, name: 'digests', type: 15 },
            { id: DOOMED_FORUM, name: 'old-digests', type: 15 },
          ],
        },
        { id: G_OTHER, channels: [{ id: OTHER_FORUM, name: 'elsewhere', type: 15 }] },
      ],
      bot: { clock: () => now },
    });
    runtime = createBotDigests(h.bot, () => [restarted ?? h.adapter], h.bot.log, { clock: () => now });
    await h.adapter.syncCommands();
  });
  after(async () => {
    await runtime.stop();
    await restarted?.stop();
    await h.close();
  });

  it('/subscribe registers a forum-only `channel` option on the subscription commands', () => {
    const registered = h.fake.commands();
    for (const name of ['subscribe', 'unsubscribe', 'settings']) {
      const option = (registered.find((c) => c.name === name)?.options as { name: string; type: number; channel_types?: number[] }[]) ?? [];
      const channel = option.find((o) => o.name === 'channel');
      assert.deepEqual([channel?.type, channel?.channel_types], [7, [15]], name);
    }
  });

  it('the option must name a forum of this server, and the caller must manage that forum', async () => {
    assert.match(await command('subscribe', TEXT, { channel: TEXT, time: '09:00', timezone: 'UTC' }), /not a forum channel of this server/);
    assert.match(
      await command('subscribe', TEXT, { channel: OTHER_FORUM, time: '09:00', timezone: 'UTC' }),
      /not a forum channel of this server/,
    );
    assert.match(await command('subscribe', TEXT, { channel: FORUM, time: '09:00', timezone: 'UTC' }, MEMBER), /only an admin/);
    assert.equal(sub(FORUM), undefined);
    assert.equal(sub(TEXT), undefined, 'the channel it was sent in is not subscribed either');
  });

  it('a subscribed forum gets one new post per digest, titled with its day; /settings with the option shows it', async () => {
    assert.match(await command('subscribe', TEXT, { channel: FORUM, time: '09:00', timezone: 'UTC' }), /Subscribed/);
    assert.equal(sub(FORUM)?.status, 'active');
    assert.equal(sub(TEXT), undefined);
    assert.match(await command('settings', TEXT, { channel: FORUM }), /09:00 UTC/);

    ingest('forum-1', 'Forum digest article one');
    assert.equal((await runtime.deliverNow(`discord:${FORUM}`)).kind, 'sent');
    let posts = digestPosts(FORUM);
    assert.deepEqual(
      posts.map((p) => p.name),
      ['Daily digest 2026-12-05'],
    );
    assert.match(JSON.stringify(posts[0]!.messages), /Forum digest article one/);
    assert.equal(posts[0]!.messages[0]!.id, posts[0]!.id, "the digest is the post's starter message");
    assert.equal(
      h.fake.messagesIn(TEXT).filter((m) => !m.interaction_metadata).length,
      0,
      'no digest in the channel the command was sent in',
    );

    now += DAY;
    ingest('forum-2', 'Forum digest article two');
    assert.equal((await runtime.deliverNow(`discord:${FORUM}`)).kind, 'sent');
    posts = digestPosts(FORUM);
    assert.deepEqual(
      posts.map((p) => p.name),
      ['Daily digest 2026-12-05', 'Daily digest 2026-12-06'],
    );
    assert.match(JSON.stringify(posts[1]!.messages), /Forum digest article two/);
    assert.doesNotMatch(JSON.stringify(posts[1]!.messages), /article one/);
  });

  it('a crash after the post was opened, before the ledger recorded it: the restart continues in that post', async () => {
    now += DAY;
    // Enough articles for the digest to have several parts: follow-ups must land in the same post.
    for (let i = 0; i < 40; i++) ingest(`forum-crash-${i}`, `Crash test article ${i} ${'with a long title '.repeat(4)}`);
    let sends = 0;
    // The platform accepts the first part; the process "dies" before confirming it.
    const dying: Adapter = {
      platform: h.adapter.platform,
      start: async () => {},
      stop: async () => {},
      split: (r) => h.adapter.split!(r),
      send: async (channel, reply, context) => {
        await h.adapter.send(channel, reply, context);
        sends++;
        throw new Error('killed before the confirmation was written');
      },
    };
    const crashed = createBotDigests(h.bot, () => [dying], h.bot.log, { clock: () => now });
    assert.equal((await crashed.deliverNow(`discord:${FORUM}`)).kind, 'pending');
    await crashed.stop();
    assert.equal(sends, 1);
    assert.equal(digestPosts(FORUM).length, 3, 'the post was opened');

    // A restart: a new client, whose cache holds only what Discord sends it on connect.
    await h.adapter.stop();
    const fresh = createDiscordAdapter(h.bot, h.config, h.bot.log);
    restarted = fresh;
    await fresh.start();
    const resumed = createBotDigests(h.bot, () => [fresh], h.bot.log, { clock: () => now });
    // The lane finishes the unconfirmed digest first, so the day's plan then finds it done.
    assert.equal((await resumed.deliverNow(`discord:${FORUM}`)).kind, 'exists');
    await resumed.stop();
    const ledger = h.app.db
      .prepare<[string], { status: string; parts: number; confirmed: number; first: string | null }>(
        `SELECT status, (SELECT count(*) FROM digest_parts p WHERE p.digest_id = d.id) AS parts,
                (SELECT count(message_id) FROM digest_parts p WHERE p.digest_id = d.id) AS confirmed,
                (SELECT message_id FROM digest_parts p WHERE p.digest_id = d.id AND idx = 0) AS first
         FROM digests d WHERE channel = ? AND day = '2026-12-07'`,
      )
      .get(`discord:${FORUM}`)!;
    const posts = digestPosts(FORUM);
    assert.deepEqual(
      posts.map((p) => p.name),
      ['Daily digest 2026-12-05', 'Daily digest 2026-12-06', 'Daily digest 2026-12-07'],
      'no second post for the same digest',
    );
    assert.equal(ledger.status, 'sent');
    assert.ok(ledger.parts > 1, `several parts (got ${ledger.parts})`);
    assert.equal(ledger.confirmed, ledger.parts);
    assert.equal(ledger.first, posts[2]!.id, "the ledger records the post's id as the first part's message");
    assert.equal(posts[2]!.messages.length, ledger.parts, 'every part once, all in the one post');
    assert.match(JSON.stringify(posts[2]!.messages), /Crash test article 39 /);
    assert.match(JSON.stringify(posts[2]!.messages), /Crash test article 25 /);
  });

  it('a deleted forum pauses its subscription ("deleted"); /unsubscribe with the option removes it', async () => {
    assert.match(await command('subscribe', TEXT, { channel: DOOMED_FORUM, time: '09:00', timezone: 'UTC' }), /Subscribed/);
    h.fake.lifecycle.deleteChannel(DOOMED_FORUM);
    await until(() => sub(DOOMED_FORUM)?.status === 'paused', 'the deleted forum to pause');
    assert.equal(sub(DOOMED_FORUM)!.pausedCode, 'deleted');

    await command('unsubscribe', TEXT, { channel: FORUM });
    assert.equal(sub(FORUM), undefined);
  });
});
