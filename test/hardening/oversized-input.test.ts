// Oversized arguments: every option has a length limit, and an error quotes at most a short,
// clipped piece of what was typed. One bad command gets one short message, never its own text
// echoed back across several (Telegram) or in follow-ups (Discord).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FakeTelegram } from '../fakes/telegram/index';
import { CHANNEL_A, MANAGE_CHANNELS, dcAnswer, dcBodies, startPlatforms, tgCommand, type Platforms } from './platforms';

/** Longest message any of these errors may be; a quote is at most 40 characters of it. */
const SHORT = 400;
const QUOTE = 40;
const TAIL = '<'.repeat(3900);

/** The longest run of `typed` that `shown` repeats. */
function echoed(shown: string, typed: string): number {
  let best = 0;
  for (let i = 0; i < typed.length; i += 50) {
    let n = best;
    while (i + n < typed.length && shown.includes(typed.slice(i, i + n + 1))) n++;
    best = Math.max(best, n);
  }
  return best;
}

const CASES: { text: string; expect: RegExp }[] = [
  { text: `/search x topic:${'话题'.repeat(1950)}`, expect: /topic is too long \(at most 100 characters\)/ },
  { text: `/search x topic:${'<'.repeat(60)}`, expect: /There is no topic "<{39}…"/ },
  { text: `/latest 1 ${TAIL}`, expect: /Unexpected extra words: <{39}…/ },
  { text: `/latest ${TAIL}`, expect: /n must be a whole number \(got "<{39}…"\)/ },
  { text: `/topic ${TAIL}`, expect: /name is too long \(at most 100 characters\)/ },
  { text: `/subscribe ${TAIL}`, expect: /time is too long \(at most 10 characters\)/ },
  { text: `/subscribe 08:00 UTC ${TAIL}`, expect: /topics is too long \(at most 300 characters\)/ },
  { text: `/subscribe 08:00 UTC ${'<'.repeat(200)}`, expect: /Can't tell what "<{39}…" is/ },
];

describe('oversized arguments on Telegram', { timeout: 60_000 }, () => {
  let p: Platforms;
  const tg = (): FakeTelegram => p.tg!.fake;
  const ADMIN = { id: 9100, first_name: 'Admin', language_code: 'en' };
  let groups = -1009000000000;

  before(async () => {
    p = await startPlatforms({ discord: false, throttle: false });
  });
  after(async () => {
    await p.close();
  });

  for (const { text, expect } of CASES) {
    it(`${text.slice(0, 40)}… (${text.length} characters): one short message`, async () => {
      const chat = { id: --groups, type: 'supergroup' as const };
      tg().setChatMember(chat.id, ADMIN.id, 'creator');
      const reply = await tgCommand(tg(), { chat, from: ADMIN, text });
      // The chat's next command is answered only once every part of this answer was sent.
      const marker = await tgCommand(tg(), { chat, from: ADMIN, text: '/help' });
      const shown = tg()
        .messagesIn(chat.id)
        .filter((m) => m.messageId !== marker.messageId);
      assert.equal(shown.length, 1, 'one message');
      assert.match(reply.text, expect);
      assert.ok(reply.text.length <= SHORT, `${reply.text.length} characters`);
      assert.ok(echoed(reply.text, text) <= QUOTE, reply.text);
    });
  }
});

describe('oversized arguments on Discord', { timeout: 60_000 }, () => {
  let p: Platforms;
  const ADMIN = { id: '910000000000000001', username: 'admin' };

  before(async () => {
    p = await startPlatforms({ telegram: false, throttle: false });
  });
  after(async () => {
    await p.close();
  });

  const SLASH: { name: string; options: Record<string, string | number>; expect: RegExp }[] = [
    { name: 'search', options: { query: 'x', topic: '话题'.repeat(1950) }, expect: /topic is too long \(at most 100 characters\)/ },
    { name: 'search', options: { query: TAIL }, expect: /query is too long \(at most 200 characters\)/ },
    // (Letters: Discord's Markdown escaping would double a quoted "<".)
    { name: 'search', options: { query: 'x', topic: 'z'.repeat(60) }, expect: /There is no topic "z{39}…"/ },
    { name: 'topic', options: { name: TAIL }, expect: /name is too long \(at most 100 characters\)/ },
    { name: 'subscribe', options: { timezone: TAIL }, expect: /timezone is too long \(at most 64 characters\)/ },
    { name: 'subscribe', options: { topics: TAIL }, expect: /topics is too long \(at most 300 characters\)/ },
    { name: 'subscribe', options: { topics: 'z'.repeat(200) }, expect: /Can't tell what "z{39}…" is/ },
  ];

  for (const { name, options, expect } of SLASH) {
    const typed = Object.values(options).join(' ');
    it(`/${name} with ${typed.length} characters of options: one short, private message`, async () => {
      const dc = p.dc!.fake;
      const sent = await dc.slashCommand({ name, options, channelId: CHANNEL_A, user: ADMIN, permissions: MANAGE_CHANNELS });
      await dcAnswer(dc, sent);
      // Follow-ups come after the first answer: a later interaction's answer lets them land first.
      await dcAnswer(dc, await dc.slashCommand({ name: 'help', channelId: CHANNEL_A }));
      const bodies = dcBodies(dc, sent.id);
      assert.equal(bodies.length, 1, 'one message');
      const text = [bodies[0]!.content ?? '', ...(bodies[0]!.embeds ?? []).map((e) => `${e.title ?? ''} ${e.description ?? ''}`)].join(' ');
      assert.match(text, expect);
      assert.ok(text.length <= SHORT, `${text.length} characters`);
      assert.ok(echoed(text, typed) <= QUOTE, text);
    });
  }
});
