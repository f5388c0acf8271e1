// Chat lifecycle end to end on Telegram: the real telegraf client against the fake Bot API,
// the bot's membership changing in groups, supergroups and channels, a group upgraded to a
// supergroup, and the token revoked — with the digest runtime wired as main wires it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createBotDigests } from '../../../src/bot';
import type { DigestRuntime } from '../../../src/digest/runtime';
import { until } from '../../hardening/bot-process';
import type { ChatSpec } from '../../fakes/telegram/index';
import { startHarness, type Harness } from './harness';

const ADMIN = { id: 7101, first_name: 'Admin', language_code: 'en' };
const DAY = 86_400_000;

let h: Harness;
let runtime: DigestRuntime;
let n = 0;

const ref = (chat: ChatSpec) => `telegram:${chat.id}`;
const sub = (chat: ChatSpec) => h.bot.services.subscriptions.get(ref(chat));
const digestsIn = (chat: ChatSpec) => h.fake.messagesIn(chat.id).filter((m) => /Daily digest/.test(m.text));
const sendsTo = (chat: ChatSpec) => h.fake.callsOf('sendMessage').filter((c) => String(c.params.chat_id) === String(chat.id));
const logged = (re: RegExp) => h.logs.filter((l) => re.test(l)).length;

function ingest(title: string) {
  return h.app.ingest({
    source: 'lifecycle-test',
    entries: [{ guid: `${title}-${++n}`, title, text: `${title}: 扩散模型 diffusion notes`, categories: [] }],
  });
}

async function subscribe(chat: ChatSpec, words = '08:30 Asia/Shanghai'): Promise<void> {
  if (chat.type !== 'channel') h.fake.setChatMember(chat.id, ADMIN.id, 'creator');
  const reply = await h.command({ chat, from: ADMIN, text: `/subscribe ${words}` });
  assert.match(reply.text, /Subscribed|resumed|updated/);
}

describe('chat lifecycle through the Telegram adapter', { timeout: 30_000 }, () => {
  before(async () => {
    h = await startHarness({ DIGEST_CATCHUP_HOURS: '6' });
    runtime = createBotDigests(h.bot, () => [h.adapter], h.bot.log);
  });
  after(async () => {
    await runtime.stop();
    await h.close();
  });

  it('a group that removes the bot is paused at once, logged once; nothing is sent to it', async () => {
    const group: ChatSpec = { id: -4101, type: 'group', title: 'ML group' };
    await subscribe(group);
    const before = logged(/subscription paused/);
    for (let i = 0; i < 2; i++) h.fake.injectMyChatMember({ chat: group, oldStatus: 'member', newStatus: 'left' });
    await until(() => sub(group)?.status === 'paused', 'the group subscription to pause');
    assert.equal(sub(group)!.pausedCode, 'removed');
    assert.ok(Math.abs(sub(group)!.pausedAt! - Date.now()) < 10_000);
    await h.settle({ id: -4999, type: 'group' });
    assert.equal(logged(/subscription paused/) - before, 1, 'logged once for two updates');
    ingest('after removal');
    const sent = sendsTo(group).length;
    assert.equal((await runtime.deliverNow(ref(group))).kind, 'inactive');
    assert.equal(sendsTo(group).length, sent, 'no call to a chat the bot left');
  });

  it('a supergroup kick, and re-adding: nothing sent unasked, /settings says why, /subscribe resumes the old schedule', async () => {
    const group: ChatSpec = { id: -1004102, type: 'supergroup', title: 'ML supergroup' };
    await subscribe(group, '07:15 Europe/Berlin cv nlp');
    h.fake.injectMyChatMember({ chat: group, oldStatus: 'member', newStatus: 'kicked' });
    await until(() => sub(group)?.status === 'paused', 'the kick to pause it');
    const sent = sendsTo(group).length;
    h.fake.injectMyChatMember({ chat: group, oldStatus: 'kicked', newStatus: 'member' });
    await h.settle({ id: -4998, type: 'group' });
    assert.equal(sendsTo(group).length, sent, 'nothing sent on re-add');
    assert.equal(sub(group)!.status, 'paused');
    ingest('while back but paused');
    assert.equal((await runtime.deliverNow(ref(group))).kind, 'inactive');

    const settings = await h.command({ chat: group, from: ADMIN, text: '/settings' });
    assert.match(settings.text, /paused since \d{4}-\d\d-\d\d \d\d:\d\d — the bot was removed from this chat/);
    assert.match(settings.text, /an admin sends \/subscribe/);
    const zh = await h.command({ chat: group, from: { ...ADMIN, language_code: 'zh-CN' }, text: '/settings' });
    assert.match(zh.text, /已暂停 — 机器人已被移出本群\/频道/);

    const resumed = await h.command({ chat: group, from: ADMIN, text: '/subscribe' });
    assert.match(resumed.text, /Subscription resumed/);
    assert.match(resumed.text, /07:15 Europe\/Berlin/);
    assert.match(resumed.text, /Topics: Computer Vision, NLP/);
    assert.equal(sub(group)!.status, 'active');
  });

  it('resuming after days away skips what is older than the catch-up window and says how many', async () => {
    const group: ChatSpec = { id: -1004103, type: 'supergroup' };
    await subscribe(group, '08:30 UTC');
    h.fake.injectMyChatMember({ chat: group, oldStatus: 'member', newStatus: 'left' });
    await until(() => sub(group)?.status === 'paused', 'the removal to pause it');
    const old = [ingest('old while away 1'), ingest('old while away 2'), ingest('old while away 3')].map((r) => r.added[0]!.id);
    // As if these had arrived two days ago.
    for (const id of old) h.app.db.prepare('UPDATE articles SET first_seen_at = first_seen_at - ? WHERE id = ?').run(2 * DAY, id);
    ingest('fresh while away');
    h.fake.injectMyChatMember({ chat: group, oldStatus: 'left', newStatus: 'member' });
    const resumed = await h.command({ chat: group, from: ADMIN, text: '/subscribe' });
    assert.match(resumed.text, /3 older articles from while it was paused were skipped/);
    assert.equal((await runtime.deliverNow(ref(group))).kind, 'sent');
    const [digest] = digestsIn(group);
    assert.ok(digest, 'one digest');
    assert.match(digest.text, /fresh while away/);
    assert.doesNotMatch(digest.text, /old while away/);
  });

  it('a channel that demotes the bot (no posting right) or removes it pauses; back as poster stays paused', async () => {
    const channel: ChatSpec = { id: -1004104, type: 'channel', title: 'ML channel' };
    h.fake.setChat(channel);
    const ok = await h.command({ chat: channel, text: '/subscribe 09:00 UTC' });
    assert.match(ok.text, /Subscribed/);
    h.fake.injectMyChatMember({ chat: channel, oldStatus: 'administrator', newStatus: 'administrator', canPostMessages: false });
    await until(() => sub(channel)?.status === 'paused', 'the demotion to pause it');
    assert.equal(sub(channel)!.pausedCode, 'no-permission');
    h.fake.injectMyChatMember({ chat: channel, oldStatus: 'administrator', newStatus: 'administrator', canPostMessages: true });
    const settings = await h.command({ chat: channel, text: '/settings' });
    assert.match(settings.text, /the bot may no longer see or post in this channel/);
    assert.match(settings.text, /First let the bot see this channel and post in it again/);

    const other: ChatSpec = { id: -1004105, type: 'channel', title: 'Another channel' };
    h.fake.setChat(other);
    await h.command({ chat: other, text: '/subscribe 09:00 UTC' });
    h.fake.injectMyChatMember({ chat: other, oldStatus: 'administrator', newStatus: 'left' });
    await until(() => sub(other)?.status === 'paused', 'the removal from the channel to pause it');
    assert.equal(sub(other)!.pausedCode, 'removed');
  });

  it("a removed chat's watches pause with its subscription, and follow a migration", async () => {
    const group: ChatSpec = { id: -1004107, type: 'supergroup' };
    h.fake.setChatMember(group.id, ADMIN.id, 'creator');
    await h.command({ chat: group, from: ADMIN, text: '/watch LoRA' });
    assert.equal(h.bot.services.watchStore.chat(ref(group))?.status, 'active');
    h.fake.injectMyChatMember({ chat: group, oldStatus: 'member', newStatus: 'kicked' });
    await until(() => h.bot.services.watchStore.chat(ref(group))?.status === 'paused', 'the watches to pause');

    const small: ChatSpec = { id: -4108, type: 'group' };
    h.fake.setChatMember(small.id, ADMIN.id, 'creator');
    await h.command({ chat: small, from: ADMIN, text: '/watch 扩散模型' });
    h.fake.migrateGroup(small, { id: -1004108, type: 'supergroup' });
    await until(() => h.bot.services.watchStore.list('telegram:-1004108').length === 1, 'the watch to move');
    assert.equal(h.bot.services.watchStore.list(ref(small)).length, 0);
  });

  it('a group upgraded to a supergroup: the subscription moves on the service message, exactly one digest', async () => {
    const group: ChatSpec = { id: -4106, type: 'group', title: 'Small group' };
    const upgraded: ChatSpec = { id: -1004106, type: 'supergroup', title: 'Small group' };
    await subscribe(group, '06:00 UTC');
    ingest('before the upgrade');
    h.fake.migrateGroup(group, upgraded);
    await until(() => sub(upgraded) !== undefined && sub(group) === undefined, 'the subscription to move');
    await h.settle(upgraded);
    assert.equal(logged(/subscription followed its chat to a new id/), 1, 'both service messages, one move');
    assert.equal(sub(upgraded)!.time, '06:00');
    assert.equal((await runtime.deliverNow(ref(upgraded))).kind, 'sent');
    assert.equal((await runtime.deliverNow(ref(upgraded))).kind, 'exists');
    await runtime.runDue();
    assert.equal(digestsIn(upgraded).length, 1);
    assert.equal(sendsTo(group).filter((c) => /Daily digest/.test(String(c.params.text))).length, 0, 'never tried the old id');
  });
});

describe('a revoked Telegram token', { timeout: 30_000 }, () => {
  it('stops the adapter with one error naming TELEGRAM_BOT_TOKEN; no retries; digests wait', async () => {
    const t = await startHarness();
    const digests = createBotDigests(t.bot, () => [t.adapter], t.bot.log);
    const refused: string[] = [];
    t.bot.onUnauthorized((e) => refused.push(e.variable));
    try {
      const group: ChatSpec = { id: -1004201, type: 'supergroup' };
      t.fake.setChatMember(group.id, ADMIN.id, 'creator');
      await t.command({ chat: group, from: ADMIN, text: '/subscribe 09:00 UTC' });
      t.app.ingest({ source: 'x', entries: [{ guid: 'r1', title: 'Revoked', text: 'after the token was revoked', categories: [] }] });
      t.fake.revokeToken();
      await until(() => refused.length > 0, 'the adapter to report the refusal');
      const errors = t.logs.filter((l) => /TELEGRAM_BOT_TOKEN/.test(l) && /"level":(50|"error")/.test(l));
      assert.equal(errors.length, 1, errors.join('\n'));
      assert.match(errors[0]!, /refused the bot's token/);
      const calls = t.fake.calls.length;
      assert.equal((await digests.deliverNow(`telegram:${group.id}`)).kind, 'pending');
      await new Promise((resolve) => setTimeout(resolve, 600));
      assert.equal(t.fake.calls.length, calls, 'no call after the refusal: no polling, no sends');
      assert.equal(t.bot.services.subscriptions.get(`telegram:${group.id}`)!.status, 'active', 'the chat is not to blame');
      assert.equal(digests.ledger.pending(`telegram:${group.id}`).length, 1, 'the digest waits for a working token');
      assert.deepEqual(refused, ['TELEGRAM_BOT_TOKEN']);
    } finally {
      await digests.stop();
      await t.close();
    }
  });
});
