// Hostile text: articles whose titles, text, links and categories carry mass mentions, role
// and user mentions, Telegram HTML (a javascript: link, unbalanced tags), Markdown control
// characters and a 5,000-character title go through /search, inline search and a digest on
// both platforms. What the fakes received must be accepted by them, show the text literally,
// link nowhere but http(s), and ping no one.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Reply } from '../../src/core/types';
import type { FeedEntry } from '../../src/feeds/types';
import { parseTelegramHtml, type Call, type SentMessage } from '../fakes/telegram/index';
import type { RecordedCall } from '../fakes/discord/index';
import {
  CHANNEL_A,
  CHANNEL_B,
  dcAnswer,
  dcBodies,
  dcBody,
  MANAGE_CHANNELS,
  startPlatforms,
  tgCommand,
  type MessageBody,
  type Platforms,
} from './platforms';

const HOSTILE: FeedEntry[] = [
  {
    guid: 'h-mentions',
    url: 'https://example.com/h1',
    title: '@everyone hostile <@&123> <@456> @here',
    text: 'hostile ping @everyone @here <@&123> <@456> <#789> & <@!42> done',
    categories: ['@everyone', '<@&123>'],
  },
  {
    guid: 'h-html',
    url: 'javascript:alert(1)',
    title: 'hostile <a href="javascript:alert(1)">x</a> </b>',
    text: 'hostile html <a href="javascript:alert(1)">click</a> unbalanced </b> <i> & &amp; &lt;tag&gt; <script>alert(1)</script>',
    categories: ['<b>bold</b>'],
  },
  {
    guid: 'h-markdown',
    url: 'https://example.com/h3',
    title: 'hostile *a* _b_ ~c~ |d| `e` ||spoiler||',
    text: 'hostile md **x** __u__ ~~s~~ ||spoiler|| ```block``` > quote # heading [link](https://evil.example) `tick`',
    categories: [],
  },
  {
    guid: 'h-long',
    url: 'https://example.com/h4',
    title: 'hostile ' + 'X'.repeat(5000),
    text: 'hostile long ' + '长'.repeat(5000),
    categories: [],
  },
];

/** What users must see literally, wherever these articles are shown. */
const LITERAL = [
  '@everyone hostile <@&123> <@456> @here',
  'hostile <a href="javascript:alert(1)">x</a> </b>',
  'hostile *a* _b_ ~c~ |d| `e` ||spoiler||',
  'unbalanced </b> <i> & &amp; &lt;tag&gt;',
];

/** A Discord mention that would ping (or render as a pill) if sent as is. */
const LIVE_MENTION = /@(everyone|here)|<@[!&]?\d+>|<#\d+>/;

/** Markdown that must only appear escaped in Discord text built from feed data. */
function assertMarkdownInert(text: string): void {
  // The bot's own formatting uses ** and * (bold titles, italic meta), never these.
  for (const [i, ch] of [...text].entries()) {
    if ((ch === '`' || ch === '|' || ch === '~') && text[i - 1] !== '\\') {
      assert.fail(`unescaped ${ch} in ${JSON.stringify(text.slice(Math.max(0, i - 40), i + 40))}`);
    }
  }
}

/** A 5,000-character title and snippet and mention-laden headings, sent straight through an adapter. */
const OVERSIZED: Reply = {
  kind: 'digest',
  title: 'T'.repeat(5000),
  blocks: [
    {
      kind: 'articles',
      heading: '@everyone <@&1> '.repeat(300),
      items: [
        {
          id: 'oversized',
          title: '@everyone ' + 'Y'.repeat(5000),
          url: 'https://example.com/' + 'p'.repeat(3000),
          snippet: '<@&1> ||s|| '.repeat(600),
          topics: ['<@456>'.repeat(700)],
        },
      ],
    },
  ],
};

describe('hostile text in articles', { timeout: 60_000 }, () => {
  let p: Platforms;
  const GROUP = { id: -1007000000001, type: 'supergroup' as const, title: 'Readers' };
  const ADMIN = { id: 7100, first_name: 'Admin', language_code: 'en' };

  before(async () => {
    p = await startPlatforms({ throttle: false });
    // Both channels subscribe before the hostile articles arrive, so their digest holds exactly those.
    const mark = p.app.store.watermarkNow();
    const now = p.app.clock();
    for (const channel of [`telegram:${GROUP.id}`, `discord:${CHANNEL_A}`]) {
      p.bot.services.subscriptions.subscribe(
        { channel, time: '09:00', timezone: 'UTC', topics: [], locale: 'en' },
        { seq: mark.seq, at: mark.firstSeenAt },
        now,
      );
    }
    p.app.ingest({ source: 'hostile', entries: HOSTILE });
  });
  after(async () => {
    await p.close();
  });

  describe('Telegram', () => {
    const tg = () => p.tg!.fake;
    const callsTo = (chat: number) =>
      tg()
        .callsOf('sendMessage')
        .filter((c) => String(c.params.chat_id) === String(chat));

    function assertSafeMessages(messages: SentMessage[], calls: Call[]): void {
      assert.ok(messages.length > 0);
      for (const c of calls) assert.equal(c.failed, undefined, `Telegram refused a message: ${c.failed?.description}`);
      for (const m of messages) {
        assert.equal(m.parseMode, 'HTML');
        for (const e of m.entities) {
          if (e.url !== undefined) assert.match(e.url, /^https?:\/\//, 'links only to http(s)');
          assert.ok(!['spoiler', 'code', 'pre', 'custom_emoji'].includes(e.type), `feed text became a ${e.type} entity`);
        }
        // Feed markup arrives escaped (&lt;a href=…): no tag the bot sent links to javascript:.
        assert.doesNotMatch(m.source, /<a\s[^>]*href\s*=\s*["']?\s*javascript:/i);
        assert.ok(m.text.length <= 4096);
      }
    }

    it('/search shows every hostile title and text literally, as HTML Telegram accepts', async () => {
      const reply = await tgCommand(tg(), { chat: GROUP, from: ADMIN, text: '/search hostile' });
      const shown = tg()
        .messagesIn(GROUP.id)
        .filter((m) => m.messageId >= reply.messageId);
      assertSafeMessages(shown, callsTo(GROUP.id));
      const text = shown.map((m) => m.text).join('\n');
      for (const s of LITERAL) assert.ok(text.includes(s), `shown literally: ${s}`);
      assert.ok(text.includes('@everyone'), 'category names are shown too, as text');
      // The javascript: article is listed, but its title is plain text, not a link.
      const html = shown.find((m) => m.text.includes('hostile <a href='))!;
      const titleAt = html.text.indexOf('hostile <a href=');
      assert.ok(!html.entities.some((e) => e.type === 'text_link' && e.offset <= titleAt && titleAt < e.offset + e.length));
    });

    it('a hostile query is echoed back literally', async () => {
      const reply = await tgCommand(tg(), { chat: GROUP, from: ADMIN, text: '/search <b>nothing&nobody</b> ||zz||' });
      assertSafeMessages([reply], callsTo(GROUP.id));
      assert.ok(reply.text.includes('<b>nothing&nobody</b> ||zz||'), reply.text);
    });

    it('the digest holds the hostile articles, literally, in messages Telegram accepts', async () => {
      const before = tg().messagesIn(GROUP.id).length;
      const outcome = await p.digests.deliverNow(`telegram:${GROUP.id}`);
      assert.equal(outcome.kind, 'sent');
      const digest = tg().messagesIn(GROUP.id).slice(before);
      assertSafeMessages(digest, callsTo(GROUP.id));
      const text = digest.map((m) => m.text).join('\n');
      assert.match(text, /Daily digest/);
      for (const s of LITERAL) assert.ok(text.includes(s), `shown literally: ${s}`);
    });

    it('inline results carry valid HTML, literal text and only http(s) links', async () => {
      const { inlineQuery, mark } = tg().injectInlineQuery({ query: 'hostile' });
      const answer = await tg().waitForCall('answerInlineQuery', (q) => q.inline_query_id === inlineQuery.id, { since: mark });
      assert.equal(answer.failed, undefined);
      const results = answer.params.results as {
        title: string;
        url?: string;
        input_message_content: { message_text: string; parse_mode: string };
      }[];
      assert.equal(results.length, HOSTILE.length);
      const texts: string[] = [];
      for (const r of results) {
        if (r.url !== undefined) assert.match(r.url, /^https?:\/\//);
        assert.ok(r.title.length <= 256);
        const parsed = parseTelegramHtml(r.input_message_content.message_text);
        assert.ok(parsed.ok, `Telegram would refuse: ${parsed.ok ? '' : parsed.error}`);
        assert.ok(parsed.text.length <= 4096);
        for (const e of parsed.entities) if (e.url !== undefined) assert.match(e.url, /^https?:\/\//);
        texts.push(parsed.text);
      }
      for (const s of LITERAL) assert.ok(texts.join('\n').includes(s), `shown literally: ${s}`);
    });

    it('/topic lists hostile category names literally', async () => {
      const reply = await tgCommand(tg(), { chat: GROUP, from: ADMIN, text: '/topic' });
      assertSafeMessages([reply], callsTo(GROUP.id));
      assert.ok(reply.text.includes('<@&123> (cat-123)'), reply.text);
      assert.ok(reply.text.includes('<b>bold</b> (cat-b-bold-b)'), reply.text);
    });

    it('a 5,000-character title and heading still go out as messages within 4096 characters', async () => {
      const chat = -1007000000002;
      await p.tg!.adapter.send(`telegram:${chat}`, OVERSIZED);
      assertSafeMessages(tg().messagesIn(chat), callsTo(chat));
    });
  });

  describe('Discord', () => {
    const dc = () => p.dc!.fake;

    function assertInert(bodies: MessageBody[]): void {
      assert.ok(bodies.length > 0);
      for (const b of bodies) {
        assert.deepEqual(b.allowed_mentions, { parse: [] }, 'no mention may ping');
        const texts = [b.content ?? '', ...(b.embeds ?? []).flatMap((e) => [e.title ?? '', e.description ?? '', e.author?.name ?? ''])];
        for (const t of texts) {
          assert.doesNotMatch(t, LIVE_MENTION);
          assertMarkdownInert(t);
        }
        for (const e of b.embeds ?? []) if (e.url !== undefined) assert.match(e.url, /^https?:\/\//);
      }
    }

    const refused = () => dc().calls.filter((c: RecordedCall) => c.failed);
    const visible = (bodies: MessageBody[]) =>
      bodies
        .flatMap((b) => [b.content ?? '', ...(b.embeds ?? []).flatMap((e) => [e.title ?? '', e.description ?? '', e.author?.name ?? ''])])
        .join('\n')
        // What a reader sees: escapes and the zero-width breaks taken out.
        .replace(/\\(.)/g, '$1')
        .replace(/\u200b/g, '');

    it('/search shows the hostile articles inert and within Discord’s limits', async () => {
      const sent = await dc().slashCommand({ name: 'search', options: { query: 'hostile' }, channelId: CHANNEL_A });
      await dcAnswer(dc(), sent);
      const bodies = dcBodies(dc(), sent.id);
      assertInert(bodies);
      const seen = visible(bodies);
      for (const s of LITERAL.slice(0, 3)) assert.ok(seen.includes(s), `readable as written: ${s}`);
      assert.deepEqual(refused(), [], 'Discord accepted every call (no 50035)');
    });

    it('a hostile query echoed back pings no one', async () => {
      const sent = await dc().slashCommand({ name: 'search', options: { query: '@everyone <@&123> ||zz|| `x`' }, channelId: CHANNEL_A });
      await dcAnswer(dc(), sent);
      assertInert(dcBodies(dc(), sent.id));
      assert.deepEqual(refused(), []);
    });

    it('the digest pings no one and stays within limits', async () => {
      const since = dc().mark();
      const outcome = await p.digests.deliverNow(`discord:${CHANNEL_A}`);
      assert.equal(outcome.kind, 'sent');
      const posts = dc()
        .callsTo(new RegExp(`^POST /channels/${CHANNEL_A}/messages$`))
        .filter((c) => c.seq >= since);
      const bodies = posts.map(dcBody);
      assertInert(bodies);
      assert.match(visible(bodies), /Daily digest/);
      assert.ok(visible(bodies).includes(LITERAL[0]!));
      assert.deepEqual(refused(), []);
    });

    it('a 5,000-character title, heading and snippet still go out within every Discord limit', async () => {
      const since = dc().mark();
      await p.dc!.adapter.send(`discord:${CHANNEL_A}`, OVERSIZED);
      const bodies = dc()
        .callsTo(new RegExp(`^POST /channels/${CHANNEL_A}/messages$`))
        .filter((c) => c.seq >= since)
        .map(dcBody);
      assertInert(bodies);
      assert.deepEqual(refused(), []);
    });

    it('hostile category names, as topics in /topic and in an admin’s /subscribe reply, ping no one', async () => {
      const list = await dc().slashCommand({ name: 'topic', channelId: CHANNEL_B });
      await dcAnswer(dc(), list);
      const sub = await dc().slashCommand({
        name: 'subscribe',
        options: { topics: 'cat-everyone' },
        channelId: CHANNEL_B,
        permissions: MANAGE_CHANNELS,
      });
      await dcAnswer(dc(), sub);
      const bodies = [...dcBodies(dc(), list.id), ...dcBodies(dc(), sub.id)];
      assertInert(bodies);
      assert.match(visible(dcBodies(dc(), list.id)), /<@&123> \(cat-123\)/);
      assert.match(visible(dcBodies(dc(), sub.id)), /Subscribed[\s\S]*@everyone/);
      assert.deepEqual(refused(), []);
    });
  });
});
