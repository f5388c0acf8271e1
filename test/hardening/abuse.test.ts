// Abuse: the bot as main wires it (the platform throttle in front of every inbound message,
// inline queries limited in the Telegram adapter), through the real telegraf and discord.js
// clients and the fakes. A flooder gets a few answers, one polite "slow down", then silence,
// while everyone else is served; oversized queries get a clear answer and a bounded search.
// The clock is a fake: frozen while a flood is handled (so every count is exact) and moved by
// hand to watch buckets refill.
//
// The limits are written here as numbers, not read back from src/: SECURITY.md promises
// them, so changing one in the code must fail this file (and be documented there).
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Reply } from '../../src/core/types';
import type { FakeDiscord } from '../fakes/discord/index';
import type { FakeTelegram } from '../fakes/telegram/index';
import { until } from './bot-process';
import { CHANNEL_A, CHANNEL_B, dcAnswer, dcBodies, startPlatforms, tgCommand, type Platforms } from './platforms';

const USER_BURST = 10;
const USER_PER_MINUTE = 20;
const CHANNEL_BURST = 30;
const CHANNEL_PER_MINUTE = 60;
const INLINE_BURST = 20;
const QUERY_MAX_CHARS = 200;
const QUERY_MAX_TERMS = 32;

const FLOOD = 1000;
const SLOW_DOWN = /slow down/i;
const UNKNOWN = /Unknown command \/xyz/;
const TOO_LONG = new RegExp(`too long \\(at most ${QUERY_MAX_CHARS} characters\\)`);

describe('abuse through Telegram', { timeout: 60_000 }, () => {
  let p: Platforms;
  let now = Date.parse('2026-03-02T10:00:00Z');
  const tg = (): FakeTelegram => p.tg!.fake;
  let users = 8000;
  const freshUser = () => ({ id: ++users, first_name: `User ${users}`, language_code: 'en' });
  let groups = -1005000000000;
  const freshGroup = () => ({ id: --groups, type: 'supergroup' as const, title: `Group ${-groups}` });

  before(async () => {
    p = await startPlatforms({ discord: false, clock: () => now });
  });
  after(async () => {
    await p.close();
  });

  /** Resolves once telegraf has fetched (and so handed to the chat lanes) every update up to `updateId`. */
  const fetchedPast = (updateId: number) => tg().waitForCall('getUpdates', (q) => Number(q.offset) > updateId, { timeoutMs: 20_000 });

  /**
   * Sends `count` copies of `text` from `from` into `chat`, then a command from a newcomer, and
   * resolves once that is answered. A chat's updates are handled in order, so by then every
   * copy has been; returns what the bot posted in the chat for them (the newcomer's answer left out).
   */
  async function flood(chat: ReturnType<typeof freshGroup>, from: { id: number }, text: string, count: number) {
    const before = new Set(
      tg()
        .messagesIn(chat.id)
        .map((m) => m.messageId),
    );
    let last = 0;
    for (let i = 0; i < count; i++) last = tg().injectMessage({ chat, from, text }).updateId;
    await fetchedPast(last);
    const marker = await tgCommand(tg(), { chat, from: freshUser(), text: '/help' });
    return tg()
      .messagesIn(chat.id)
      .filter((m) => m.messageId !== marker.messageId && !before.has(m.messageId));
  }

  it(`${FLOOD} commands from one user: ${USER_BURST} answers, one "slow down", then silence; others are served; the bucket refills at ${USER_PER_MINUTE} a minute`, async () => {
    const flooded = freshGroup();
    const flooder = freshUser();
    const mark = tg().mark();
    // Another user in another chat, mid-flood, is answered.
    const pending = flood(flooded, flooder, '/latest 1', FLOOD);
    const other = await tgCommand(tg(), { chat: freshGroup(), from: freshUser(), text: '/search 卷积' });
    assert.match(other.text, /Results for "卷积"/);
    const shown = await pending;
    assert.equal(shown.length, USER_BURST + 1, 'a burst of answers and one warning, nothing for the other 989');
    assert.ok(shown.slice(0, USER_BURST).every((m) => /newest article/.test(m.text)));
    assert.match(shown.at(-1)!.text, SLOW_DOWN);
    const failed = tg()
      .calls.slice(mark)
      .filter((c) => c.method === 'sendMessage' && c.failed);
    assert.deepEqual(failed, [], 'the flood cost no refused calls');

    // A quarter of a minute refills a quarter of the per-minute rate: 5 commands, then one warning.
    now += 15_000;
    const refilled = await flood(flooded, flooder, '/latest 1', 2 * USER_BURST);
    assert.equal(refilled.filter((m) => /newest article/.test(m.text)).length, USER_PER_MINUTE / 4);
    assert.equal(refilled.length, USER_PER_MINUTE / 4 + 1);
    assert.match(refilled.at(-1)!.text, SLOW_DOWN);

    // A minute later the flooder is a normal user again.
    now += 60_000;
    const again = await tgCommand(tg(), { chat: flooded, from: flooder, text: '/latest 1' });
    assert.match(again.text, /newest article/);
  });

  it(`${FLOOD} unknown commands addressed to the bot in a group: ${USER_BURST} answers, one "slow down", then silence`, async () => {
    const group = freshGroup();
    const shown = await flood(group, freshUser(), `/xyz@${tg().bot.username}`, FLOOD);
    assert.equal(shown.length, USER_BURST + 1);
    assert.ok(shown.slice(0, USER_BURST).every((m) => UNKNOWN.test(m.text)));
    assert.match(shown.at(-1)!.text, SLOW_DOWN);
  });

  it(`${FLOOD} unknown commands not addressed to the bot in a group are another bot's: no answer at all`, async () => {
    const group = freshGroup();
    assert.deepEqual(await flood(group, freshUser(), '/xyz', FLOOD), []);
  });

  it(`a busy channel: ${CHANNEL_BURST} answers to different users, one "slow down", then silence; it refills at ${CHANNEL_PER_MINUTE} a minute`, async () => {
    // Decided in order as each message arrives; asked through the bot's own entry point so
    // that no answer can be mistaken for another's, whatever the timing.
    const channel = `telegram:${freshGroup().id}`;
    const ask = () =>
      p.bot.handle({
        command: 'help',
        text: '',
        channel,
        caller: { id: String(++users) },
        locale: 'en',
        isPrivate: false,
        isChannelAdmin: async () => false,
      });
    const verdict = (r: Reply | null) => (r === null ? 'silent' : r.kind === 'error' ? 'slow down' : 'answer');
    const count = (rs: (Reply | null)[]) => rs.map(verdict).reduce<Record<string, number>>((n, v) => ({ ...n, [v]: (n[v] ?? 0) + 1 }), {});
    const first = await Promise.all(Array.from({ length: CHANNEL_BURST + 10 }, ask));
    assert.deepEqual(count(first), { answer: CHANNEL_BURST, 'slow down': 1, silent: 9 });
    assert.match(JSON.stringify(first[CHANNEL_BURST]), SLOW_DOWN);
    // Five seconds refill five commands at 60 a minute.
    now += 5_000;
    const later = await Promise.all(Array.from({ length: 10 }, ask));
    assert.deepEqual(count(later), { answer: (CHANNEL_PER_MINUTE * 5) / 60, 'slow down': 1, silent: 4 });
  });

  it(`${FLOOD} presses of a stale page button: ${USER_BURST} "expired" answers, one "slow down", then no answer at all`, async () => {
    const group = freshGroup();
    const presser = freshUser();
    const list = await tgCommand(tg(), { chat: group, from: freshUser(), text: '/help' });
    const ids = new Set<string>();
    let last = 0;
    for (let i = 0; i < FLOOD; i++) {
      const press = tg().injectCallbackQuery({ from: presser, message: list, data: 'pg:madeUpToken:2' });
      ids.add(press.callbackQuery.id);
      last = press.updateId;
    }
    // Presses on a message share its chat's lane: once a later command there is answered, all were handled.
    await fetchedPast(last);
    await tgCommand(tg(), { chat: group, from: freshUser(), text: '/help' });
    const answers = tg()
      .callsOf('answerCallbackQuery')
      .filter((c) => ids.has(String(c.params.callback_query_id)));
    assert.equal(answers.length, USER_BURST + 1);
    assert.ok(answers.slice(0, USER_BURST).every((c) => /expired/.test(String(c.params.text))));
    assert.match(String(answers.at(-1)!.params.text), SLOW_DOWN);
  });

  it('a 10,000-character query is refused with a clear message', async () => {
    const reply = await tgCommand(tg(), { chat: freshGroup(), from: freshUser(), text: `/search ${'扩散'.repeat(5000)}` });
    assert.match(reply.text, TOO_LONG);
  });

  it('a query of 500 space-separated terms is refused the same way', async () => {
    const terms = Array.from({ length: 500 }, (_, i) => `term${i}`).join(' ');
    const reply = await tgCommand(tg(), { chat: freshGroup(), from: freshUser(), text: `/search ${terms}` });
    assert.match(reply.text, TOO_LONG);
  });

  it(`a query is searched on its first ${QUERY_MAX_TERMS} terms; the rest are ignored`, async () => {
    const chat = freshGroup();
    // Words that match nothing, then one that matches: found as term 32, ignored as term 33.
    const junk = (n: number) => Array.from({ length: n }, (_, i) => `q${String(i).padStart(2, '0')}x`).join(' ');
    const within = await tgCommand(tg(), { chat, from: freshUser(), text: `/search ${junk(QUERY_MAX_TERMS - 1)} gan` });
    assert.match(within.text, /Results for/);
    const beyond = await tgCommand(tg(), { chat, from: freshUser(), text: `/search ${junk(QUERY_MAX_TERMS)} gan` });
    assert.match(beyond.text, /No articles found/);
    // 200 different Han characters (about 200 bigrams) are still answered.
    const han = Array.from({ length: QUERY_MAX_CHARS }, (_, i) => String.fromCodePoint(0x4e00 + i * 37)).join('');
    const reply = await tgCommand(tg(), { chat, from: freshUser(), text: `/search ${han}` });
    assert.match(reply.text, /Results for|No articles found/);
    assert.ok(reply.text.length <= 4096);
  });

  // Last: stopping the adapter is what says every queued update has been handled.
  it(`${FLOOD} unknown commands in a private chat and ${FLOOD} inline queries: bounded answers, others are served`, async () => {
    const flooder = freshUser();
    const dm = { id: flooder.id, type: 'private' as const };
    const ids = new Set<string>();
    let last = 0;
    for (let i = 0; i < FLOOD; i++) last = tg().injectMessage({ chat: dm, from: flooder, text: '/xyz' }).updateId;
    const inliner = freshUser();
    for (let i = 0; i < FLOOD; i++) {
      const { inlineQuery, updateId } = tg().injectInlineQuery({ from: inliner, query: i % 2 ? '扩散模型' : `x${'y'.repeat(5000)}` });
      ids.add(inlineQuery.id);
      last = updateId;
    }
    const bystander = tg().injectInlineQuery({ from: freshUser(), query: '扩散模型' });
    const answer = await tg().waitForCall('answerInlineQuery', (q) => q.inline_query_id === bystander.inlineQuery.id, {
      since: bystander.mark,
    });
    assert.ok((answer.params.results as unknown[]).length > 0, 'the other user gets results');

    await fetchedPast(last);
    await p.tg!.adapter.stop();
    const shown = tg().messagesIn(dm.id);
    assert.equal(shown.length, USER_BURST + 1);
    assert.ok(shown.slice(0, USER_BURST).every((m) => UNKNOWN.test(m.text)));
    assert.match(shown.at(-1)!.text, SLOW_DOWN);

    const answers = tg()
      .callsOf('answerInlineQuery')
      .filter((c) => ids.has(String(c.params.inline_query_id)));
    assert.equal(answers.length, INLINE_BURST + 1);
    const warning = answers.at(-1)!;
    assert.deepEqual(warning.params.results, []);
    assert.match(String((warning.params.button as { text?: string } | undefined)?.text), SLOW_DOWN);
    assert.ok(answers.slice(0, -1).every((c) => c.params.button === undefined && !c.failed));
  });
});

describe('abuse through Discord', { timeout: 60_000 }, () => {
  let p: Platforms;
  let now = Date.parse('2026-03-02T10:00:00Z');
  const dc = (): FakeDiscord => p.dc!.fake;

  before(async () => {
    p = await startPlatforms({ telegram: false, clock: () => now });
  });
  // The fake guild has two channels: each test starts with every bucket full again.
  beforeEach(() => {
    now += 60 * 60_000;
  });
  after(async () => {
    await p.close();
  });

  it(`${FLOOD} unknown slash commands from one user: ${USER_BURST} answers, one "slow down", the rest never answered`, async () => {
    const flooder = { id: '710000000000000001', username: 'flooder' };
    const sent: string[] = [];
    for (let i = 0; i < FLOOD; i++) sent.push((await dc().slashCommand({ name: 'xyz', channelId: CHANNEL_A, user: flooder })).id);
    // Interactions are judged in arrival order: once a later one is answered, every verdict is in.
    const answered = () => sent.filter((id) => dcBodies(dc(), id).length > 0);
    await dcAnswer(
      dc(),
      await dc().slashCommand({ name: 'help', channelId: CHANNEL_B, user: { id: '710000000000000002', username: 'other' } }),
    );
    await until(() => answered().length >= USER_BURST + 1, 'the answered part of the flood');
    // One more round trip, for any straggler to land before counting.
    await dcAnswer(
      dc(),
      await dc().slashCommand({ name: 'help', channelId: CHANNEL_B, user: { id: '710000000000000003', username: 'third' } }),
    );
    const bodies = answered().map((id) => dcBodies(dc(), id));
    assert.equal(bodies.length, USER_BURST + 1);
    assert.ok(
      bodies.every((b) => b.length === 1),
      'one message each',
    );
    assert.ok(bodies.slice(0, USER_BURST).every(([b]) => UNKNOWN.test(b!.content ?? '')));
    assert.match(bodies.at(-1)![0]!.content ?? '', SLOW_DOWN);
  });

  it(`${FLOOD} searches from one user: ${USER_BURST} results, one "slow down", and not even a "thinking…" placeholder for the rest`, async () => {
    const flooder = { id: '710000000000000007', username: 'searcher' };
    const sent: string[] = [];
    for (let i = 0; i < FLOOD; i++)
      sent.push((await dc().slashCommand({ name: 'search', options: { query: '卷积' }, channelId: CHANNEL_A, user: flooder })).id);
    const touched = () => sent.filter((id) => dc().interactionResponses(id).length > 0);
    await dcAnswer(
      dc(),
      await dc().slashCommand({ name: 'help', channelId: CHANNEL_B, user: { id: '710000000000000008', username: 'other' } }),
    );
    await until(() => sent.filter((id) => dcBodies(dc(), id).length > 0).length >= USER_BURST + 1, 'the answered part of the flood');
    await dcAnswer(
      dc(),
      await dc().slashCommand({ name: 'help', channelId: CHANNEL_B, user: { id: '710000000000000009', username: 'third' } }),
    );
    assert.equal(touched().length, USER_BURST + 1, 'no call at all for the other 989, not even a deferral');
    const bodies = touched().map((id) => dcBodies(dc(), id));
    assert.ok(bodies.slice(0, USER_BURST).every(([b]) => /Results for/.test(JSON.stringify(b))));
    assert.match(bodies.at(-1)![0]!.content ?? '', SLOW_DOWN);
  });

  it(`${FLOOD} presses of a stale page button: ${USER_BURST} "expired" answers, one "slow down", the rest never answered`, async () => {
    const presser = { id: '710000000000000004', username: 'presser' };
    const sent: string[] = [];
    for (let i = 0; i < FLOOD; i++)
      sent.push((await dc().buttonPress({ customId: 'pg:madeUpToken:2:en', channelId: CHANNEL_A, user: presser })).id);
    const answered = () => sent.filter((id) => dcBodies(dc(), id).length > 0);
    await dcAnswer(
      dc(),
      await dc().slashCommand({ name: 'help', channelId: CHANNEL_B, user: { id: '710000000000000005', username: 'other' } }),
    );
    await until(() => answered().length >= USER_BURST + 1, 'the answered part of the flood');
    await dcAnswer(
      dc(),
      await dc().slashCommand({ name: 'help', channelId: CHANNEL_B, user: { id: '710000000000000006', username: 'third' } }),
    );
    const bodies = answered().map((id) => dcBodies(dc(), id));
    assert.equal(bodies.length, USER_BURST + 1);
    assert.ok(bodies.slice(0, USER_BURST).every(([b]) => /expired/.test(b!.content ?? '')));
    assert.match(bodies.at(-1)![0]!.content ?? '', SLOW_DOWN);
  });
});
