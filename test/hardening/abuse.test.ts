// Abuse: the bot as main wires it (the platform throttle in front of every command, inline
// queries limited in the Telegram adapter), through the real telegraf client and the fake.
// A flooder gets a few answers, one polite "slow down", then silence, while everyone else is
// served; oversized queries get a clear answer and a bounded search. The clock is frozen so
// no bucket refills while a flood is being handled, which keeps every count exact.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_LIMITS, INLINE_LIMITS } from '../../src/core/throttle';
import { MAX_QUERY_LENGTH } from '../../src/search/service';
import { MAX_QUERY_TERMS, tokenizeQuery } from '../../src/search/tokenizer';
import type { FakeTelegram } from '../fakes/telegram/index';
import { startPlatforms, tgCommand, type Platforms } from './platforms';

const FLOOD = 1000;
const SLOW_DOWN = /slow down/i;

describe('abuse through Telegram', { timeout: 60_000 }, () => {
  let p: Platforms;
  let now = Date.parse('2026-03-02T10:00:00Z');
  const tg = (): FakeTelegram => p.tg!.fake;
  let users = 8000;
  const freshUser = () => ({ id: ++users, first_name: `User ${users}`, language_code: 'en' });

  before(async () => {
    p = await startPlatforms({ discord: false, clock: () => now });
  });
  after(async () => {
    await p.close();
  });

  /** Resolves once telegraf has fetched (and so handed to the chat lanes) every update up to `updateId`. */
  const fetchedPast = (updateId: number) =>
    tg().waitForCall('getUpdates', (q) => Number(q.offset) > updateId, { timeoutMs: 20_000 });

  it(`${FLOOD} commands from one user: ${DEFAULT_LIMITS.userBurst} answers, one "slow down", then silence; others are served`, async () => {
    const flooded = { id: -1005000000001, type: 'supergroup' as const, title: 'Flooded' };
    const elsewhere = { id: -1005000000002, type: 'supergroup' as const, title: 'Elsewhere' };
    const flooder = freshUser();
    let last = 0;
    for (let i = 0; i < FLOOD; i++) last = tg().injectMessage({ chat: flooded, from: flooder, text: '/latest 1' }).updateId;

    // Another user in another chat, mid-flood, is answered.
    const other = await tgCommand(tg(), { chat: elsewhere, from: freshUser(), text: '/search 卷积' });
    assert.match(other.text, /Results for "卷积"/);

    // A chat's updates are handled in order: once a second member's command there is answered, the whole flood has been.
    await fetchedPast(last);
    const marker = await tgCommand(tg(), { chat: flooded, from: freshUser(), text: '/help' });
    const shown = tg().messagesIn(flooded.id).filter((m) => m.messageId !== marker.messageId);
    assert.equal(shown.length, DEFAULT_LIMITS.userBurst + 1, 'a burst of answers and one warning, nothing for the other 989');
    assert.ok(shown.slice(0, DEFAULT_LIMITS.userBurst).every((m) => /newest article/.test(m.text)));
    assert.match(shown.at(-1)!.text, SLOW_DOWN);
    assert.equal(tg().messagesIn(flooded.id).filter((m) => SLOW_DOWN.test(m.text)).length, 1, 'told once');
    const failed = tg().callsOf('sendMessage').filter((c) => c.failed);
    assert.deepEqual(failed, [], 'the flood cost no refused calls');

    // A minute later the flooder is a normal user again.
    now += 60_000;
    const again = await tgCommand(tg(), { chat: flooded, from: flooder, text: '/latest 1' });
    assert.match(again.text, /newest article/);
  });

  it('a 10,000-character query is refused with a clear message', async () => {
    const chat = { id: -1005000000003, type: 'supergroup' as const };
    const reply = await tgCommand(tg(), { chat, from: freshUser(), text: `/search ${'扩散'.repeat(5000)}` });
    assert.match(reply.text, new RegExp(`too long \\(at most ${MAX_QUERY_LENGTH} characters\\)`));
  });

  it('a query of 500 space-separated terms is refused the same way', async () => {
    const chat = { id: -1005000000004, type: 'supergroup' as const };
    const terms = Array.from({ length: 500 }, (_, i) => `term${i}`).join(' ');
    const reply = await tgCommand(tg(), { chat, from: freshUser(), text: `/search ${terms}` });
    assert.match(reply.text, new RegExp(`too long \\(at most ${MAX_QUERY_LENGTH} characters\\)`));
  });

  it(`queries within the length limit but with more than ${MAX_QUERY_TERMS} terms are searched on the first ${MAX_QUERY_TERMS} and answered`, async () => {
    const chat = { id: -1005000000005, type: 'supergroup' as const };
    const latin = Array.from({ length: 49 }, (_, i) => `w${String(i).padStart(2, '0')}`).join(' ') + ' gan';
    // 200 different Han characters: about 200 different bigrams.
    const han = Array.from({ length: MAX_QUERY_LENGTH }, (_, i) => String.fromCodePoint(0x4e00 + i * 37)).join('');
    for (const q of [latin, han]) {
      assert.ok([...q].length <= MAX_QUERY_LENGTH);
      const tokens = tokenizeQuery(q);
      assert.equal(tokens.terms.length, MAX_QUERY_TERMS, 'the term cap applies');
      const reply = await tgCommand(tg(), { chat, from: freshUser(), text: `/search ${q}` });
      assert.match(reply.text, /Results for|No articles found/);
      assert.ok(reply.text.length <= 4096);
    }
  });

  it(`${FLOOD} inline queries from one user: ${INLINE_LIMITS.userBurst} answers, one "slow down", then silence; others are served`, async () => {
    const flooder = freshUser();
    const ids = new Set<string>();
    let last = 0;
    for (let i = 0; i < FLOOD; i++) {
      const { inlineQuery, updateId } = tg().injectInlineQuery({ from: flooder, query: i % 2 ? '扩散模型' : `x${'y'.repeat(5000)}` });
      ids.add(inlineQuery.id);
      last = updateId;
    }
    const bystander = tg().injectInlineQuery({ from: freshUser(), query: '扩散模型' });
    const answer = await tg().waitForCall('answerInlineQuery', (q) => q.inline_query_id === bystander.inlineQuery.id, { since: bystander.mark });
    assert.ok((answer.params.results as unknown[]).length > 0, 'the other user gets results');

    // Stopping the adapter waits for every queued update to be handled: then the count is final.
    await fetchedPast(last);
    await p.tg!.adapter.stop();
    const answers = tg().callsOf('answerInlineQuery').filter((c) => ids.has(String(c.params.inline_query_id)));
    assert.equal(answers.length, INLINE_LIMITS.userBurst + 1);
    const warning = answers.at(-1)!;
    assert.deepEqual(warning.params.results, []);
    assert.match(String((warning.params.button as { text?: string } | undefined)?.text), SLOW_DOWN);
    assert.ok(answers.slice(0, -1).every((c) => c.params.button === undefined && !c.failed));
  });
});
