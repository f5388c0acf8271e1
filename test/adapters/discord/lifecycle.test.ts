// Chat lifecycle end to end on Discord: the real discord.js client against the fake Discord,
// which dispatches GUILD_DELETE/GUILD_CREATE, CHANNEL_DELETE, THREAD_DELETE and the permission
// changes the bot's rights depend on; plus a refused token (REST 401, gateway close 4004).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createBotDigests } from '../../../src/bot';
import { UnauthorizedError } from '../../../src/core/lifecycle';
import { createDiscordAdapter } from '../../../src/adapters/discord/index';
import type { DigestRuntime } from '../../../src/digest/runtime';
import { until } from '../../hardening/bot-process';
import { startHarness, type Harness } from './setup';

const bit = (n: number) => 1n << BigInt(n);
const VIEW = bit(10);
const SEND = bit(11);
const EMBED = bit(14);
const MANAGE_CHANNELS = bit(4);

const G1 = '110000000000000001';
const [A, B, C, T] = ['210000000000000001', '210000000000000002', '210000000000000003', '210000000000000004'];
/** A thread used as a digest target. */
const W = '210000000000000005';
const G2 = '110000000000000002';
const E = '220000000000000001';
/** The bot may post only through its own role here. */
const G3 = '110000000000000003';
const R = '230000000000000001';
const G4 = '110000000000000004';
const M = '240000000000000001';

const guilds = () => [
  {
    id: G1,
    channels: [
      { id: A, name: 'digest' },
      { id: B, name: 'news' },
      { id: C, name: 'doomed' },
    ],
  },
  { id: G2, channels: [{ id: E, name: 'elsewhere' }] },
  { id: G3, everyonePermissions: VIEW, botPermissions: SEND | EMBED, channels: [{ id: R, name: 'role-only' }] },
  { id: G4, everyonePermissions: VIEW, botPermissions: SEND | EMBED, channels: [{ id: M, name: 'member-roles' }] },
];

let h: Harness;
let runtime: DigestRuntime;
const sub = (id: string) => h.bot.services.subscriptions.get(`discord:${id}`);
const logged = (re: RegExp) => h.logs.filter((l) => re.test(l)).length;

/** Runs a slash command as a channel admin; resolves with the reply's text. */
async function command(name: string, channelId: string, options: Record<string, string> = {}): Promise<string> {
  const sent = await h.fake.slashCommand({ name, channelId, options, permissions: MANAGE_CHANNELS | VIEW | SEND });
  await h.fake.waitForCall((c) => c.path === `/interactions/${sent.id}/${sent.token}/callback`);
  const calls = h.fake.interactionResponses(sent.id);
  const body = calls.map(
    (c) =>
      c.body as {
        data?: { content?: string; embeds?: { title?: string; description?: string; fields?: { name: string; value: string }[] }[] };
      },
  );
  return JSON.stringify(body);
}

async function subscribe(channelId: string, options: Record<string, string> = { time: '09:00', timezone: 'UTC' }): Promise<void> {
  await command('subscribe', channelId, options);
  assert.equal(sub(channelId)?.status, 'active');
}

describe('chat lifecycle through the Discord adapter', { timeout: 40_000 }, () => {
  before(async () => {
    h = await startHarness({ guilds: guilds() });
    runtime = createBotDigests(h.bot, () => [h.adapter], h.bot.log);
  });
  after(async () => {
    await runtime.stop();
    await h.close();
  });

  it('removed from a server: its subscribed channels pause at once, logged once; re-invited: still paused until /subscribe', async () => {
    await subscribe(E, { time: '07:45', timezone: 'Asia/Shanghai', topics: 'cv' });
    h.fake.lifecycle.removeGuild(G2);
    await until(() => sub(E)?.status === 'paused', 'the guild removal to pause the channel');
    assert.equal(sub(E)!.pausedCode, 'removed');
    assert.equal(logged(/subscription paused.*discord:220000000000000001|discord:220000000000000001.*subscription paused/), 1);
    h.app.ingest({ source: 'dc-life', entries: [{ guid: 'g2', title: 'While removed', text: 'an article', categories: [] }] });
    assert.equal((await runtime.deliverNow(`discord:${E}`)).kind, 'inactive');

    const mark = h.fake.mark();
    h.fake.lifecycle.addGuild({ id: G2, channels: [{ id: E, name: 'elsewhere' }] });
    await until(() => logged(/bot is back in a chat/) > 0, 'the re-add to be noticed');
    assert.equal(sub(E)!.status, 'paused');
    assert.equal(
      h.fake.callsTo(new RegExp(`^POST /channels/${E}/messages$`)).filter((c) => c.seq >= mark).length,
      0,
      'nothing sent unasked',
    );

    const settings = await command('settings', E);
    assert.match(settings, /the bot was removed from this chat/);
    assert.match(settings, /an admin sends \/subscribe/);
    const resumed = await command('subscribe', E);
    assert.match(resumed, /Subscription resumed/);
    assert.match(resumed, /07:45 Asia\/Shanghai/);
    assert.equal(sub(E)!.status, 'active');
    assert.deepEqual(sub(E)!.topics, ['cv']);
  });

  it('a deleted channel and a deleted thread pause with "deleted"', async () => {
    await subscribe(C);
    h.fake.lifecycle.createThread(G1, { id: T, name: 'weekly', parentId: A });
    await subscribe(T);
    h.fake.lifecycle.deleteChannel(C);
    h.fake.lifecycle.deleteChannel(T);
    await until(() => sub(C)?.status === 'paused' && sub(T)?.status === 'paused', 'both to pause');
    assert.equal(sub(C)!.pausedCode, 'deleted');
    assert.equal(sub(T)!.pausedCode, 'deleted');
  });

  it('subscribed inside a thread: the digest goes to the thread; archived it stays; locked, it pauses ("closed") and stays paused when unlocked', async () => {
    h.fake.lifecycle.createThread(G1, { id: W, name: 'weekly-digest', parentId: A });
    await subscribe(W);
    h.app.ingest({
      source: 'dc-life',
      entries: [{ guid: 'thread-1', title: 'Thread digest article', text: 'for the thread', categories: [] }],
    });
    assert.equal((await runtime.deliverNow(`discord:${W}`)).kind, 'sent');
    const posted = h.fake.messagesIn(W).filter((m) => /Daily digest/.test(m.content));
    assert.equal(posted.length, 1);
    assert.equal(h.fake.messagesIn(A).filter((m) => /Daily digest/.test(m.content)).length, 0, 'not in the parent channel');
    // Discord archives idle threads by itself; the next digest unarchives it, so archiving alone is no removal.
    h.fake.lifecycle.setThreadArchived(W, true);
    h.fake.lifecycle.setThreadArchived(W, false);
    h.fake.lifecycle.setThreadArchived(W, true, true);
    await until(() => sub(W)?.status === 'paused', 'the locked thread to pause');
    assert.equal(sub(W)!.pausedCode, 'closed');
    assert.match(sub(W)!.pausedReason ?? '', /locked/, 'paused by the lock, not by the plain archive');
    h.fake.lifecycle.setThreadArchived(W, false);
    await until(() => logged(/discord:210000000000000005.*bot is back|bot is back.*discord:210000000000000005/) > 0, 'the reopened thread');
    assert.equal(sub(W)!.status, 'paused');
  });

  it('losing Send Messages through a channel overwrite pauses; getting it back keeps it paused', async () => {
    await subscribe(B);
    h.fake.lifecycle.setChannelOverwrites(B, [{ id: G1, type: 0, deny: SEND }]);
    await until(() => sub(B)?.status === 'paused', 'the overwrite to pause it');
    assert.equal(sub(B)!.pausedCode, 'no-permission');
    assert.match(sub(B)!.pausedReason ?? '', /Send Messages/);
    assert.equal(sub(A)?.status ?? 'none', 'none', 'other channels untouched');
    h.fake.lifecycle.setChannelOverwrites(B, []);
    await until(
      () => logged(/discord:210000000000000002.*bot is back|bot is back.*discord:210000000000000002/) > 0,
      'the restored right to be noticed',
    );
    assert.equal(sub(B)!.status, 'paused');
    const settings = await command('settings', B);
    assert.match(settings, /may no longer see or post in this channel/);
  });

  it("the bot's role losing its permissions (roleUpdate) pauses", async () => {
    await subscribe(R);
    const role = h.fake.lifecycle.botRoleOf(G3)!;
    h.fake.lifecycle.setRolePermissions(G3, role, VIEW);
    await until(() => sub(R)?.status === 'paused', 'the role change to pause it');
    assert.match(sub(R)!.pausedReason ?? '', /Send Messages, Embed Links/);
  });

  it('the bot losing its role (guildMemberUpdate for itself) pauses', async () => {
    await subscribe(M);
    h.fake.lifecycle.setBotRoles(G4, []);
    await until(() => sub(M)?.status === 'paused', 'the member update to pause it');
    assert.equal(sub(M)!.pausedCode, 'no-permission');
  });

  it('a digest is never attempted in a paused channel', async () => {
    h.app.ingest({ source: 'dc-life', entries: [{ guid: 'late', title: 'Late article', text: 'for nobody paused', categories: [] }] });
    const mark = h.fake.mark();
    await runtime.runDue();
    for (const id of [B, C, R, M]) assert.equal((await runtime.deliverNow(`discord:${id}`)).kind, 'inactive');
    assert.equal(h.fake.calls.filter((c) => c.seq >= mark && c.method === 'POST' && /\/messages$/.test(c.path)).length, 0);
  });
});

describe('a refused Discord token', { timeout: 40_000 }, () => {
  it('a 401 on a send: one error naming DISCORD_TOKEN, the client stops, the digest waits without retries', async () => {
    const t = await startHarness();
    const digests = createBotDigests(t.bot, () => [t.adapter], t.bot.log);
    const refused: string[] = [];
    t.bot.onUnauthorized((e) => refused.push(e.variable));
    try {
      const channel = '200000000000000001';
      const sent = await t.fake.slashCommand({ name: 'subscribe', channelId: channel, permissions: MANAGE_CHANNELS });
      await t.fake.waitForCall((c) => c.path === `/interactions/${sent.id}/${sent.token}/callback`);
      t.app.ingest({ source: 'x', entries: [{ guid: 'd401', title: 'Refused', text: 'a digest after a 401', categories: [] }] });
      t.fake.failNext(
        { method: 'POST', path: `/channels/${channel}/messages` },
        { kind: 'custom', status: 401, body: { message: '401: Unauthorized', code: 0 } },
      );
      assert.equal((await digests.deliverNow(`discord:${channel}`)).kind, 'pending');
      assert.deepEqual(refused, ['DISCORD_TOKEN']);
      const mark = t.fake.mark();
      assert.equal((await digests.deliverNow(`discord:${channel}`)).kind, 'pending');
      await digests.runDue();
      assert.equal(t.fake.calls.filter((c) => c.seq >= mark).length, 0, 'no more calls to Discord');
      const errors = t.logs.filter((l) => /DISCORD_TOKEN/.test(l) && /"level":(50|"error")/.test(l));
      assert.equal(errors.length, 1, errors.join('\n'));
      assert.equal(t.bot.services.subscriptions.get(`discord:${channel}`)!.status, 'active', 'the channel is not to blame');
    } finally {
      await digests.stop();
      await t.close();
    }
  });

  it('gateway close 4004 on a running client: reported once, no reconnect', async () => {
    const t = await startHarness();
    const refused: string[] = [];
    t.bot.onUnauthorized((e) => refused.push(e.detail));
    try {
      const identifies = t.fake.identifies.length;
      t.fake.closeGateway(4004);
      await until(() => refused.length > 0, 'the 4004 to be reported');
      assert.match(refused[0]!, /4004/);
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(t.fake.identifies.length, identifies, 'no new IDENTIFY');
      assert.equal(refused.length, 1);
    } finally {
      await t.close();
    }
  });

  it('gateway close 4004 at start: start() fails with an UnauthorizedError naming DISCORD_TOKEN', async () => {
    const t = await startHarness();
    try {
      t.fake.refuseIdentify(4004);
      const second = createDiscordAdapter(t.bot, { ...t.config, discord: { ...t.config.discord, syncCommands: false } }, t.bot.log);
      const err = await second.start().catch((e: unknown) => e);
      assert.ok(err instanceof UnauthorizedError, String(err));
      assert.equal(err.variable, 'DISCORD_TOKEN');
      assert.match(err.message, /4004/);
      await second.stop();
    } finally {
      await t.close();
    }
  });
});
