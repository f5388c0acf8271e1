// Slash commands, pagination buttons and autocomplete through the real discord.js client
// against the fake Discord, answered by the real bot over the sample archive.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FakeMessage, RecordedCall, SentInteraction } from '../../fakes/discord/index';
import { CHANNEL, GUILD, OTHER_CHANNEL, startHarness, type Harness } from './setup';

interface Embed {
  title?: string;
  description?: string;
  url?: string;
  author?: { name: string };
}
interface Button {
  label: string;
  custom_id: string;
  disabled?: boolean;
}
interface MessageBody {
  content?: string;
  embeds?: Embed[];
  components?: { components: Button[] }[];
  flags?: number;
  allowed_mentions?: { parse: string[] };
}
interface CallbackBody {
  type: number;
  data?: MessageBody & { choices?: { name: string; value: string }[] };
}

const MANAGE_CHANNELS = 1n << 4n;
const EPHEMERAL = 64;

describe('Discord interactions', { timeout: 20_000 }, () => {
  let h: Harness;

  before(async () => {
    h = await startHarness({ env: { DISCORD_GUILD_ID: GUILD, DISCORD_SYNC_COMMANDS: 'true' } });
  });

  after(async () => {
    await h.close();
  });

  /** The call that carries the interaction's visible answer (callback type 4/7/8, an edit, or a follow-up). */
  const answerTo = (sent: SentInteraction, since = 0): Promise<RecordedCall> =>
    h.fake.waitForCall(
      (c) => {
        if (c.path === `/interactions/${sent.id}/${sent.token}/callback`) return [4, 7, 8].includes((c.body as CallbackBody).type);
        return c.path.startsWith(`/webhooks/${h.fake.applicationId}/${sent.token}`) && c.method !== 'DELETE';
      },
      { since },
    );

  /** The body of a message-bearing answer, whether it was a callback or a webhook call. */
  const messageBody = (call: RecordedCall): MessageBody =>
    call.path.endsWith('/callback') ? ((call.body as CallbackBody).data ?? {}) : (call.body as MessageBody);

  const messageOf = (sent: SentInteraction): FakeMessage | undefined =>
    h.fake.messagesIn(CHANNEL).find((m) => (m.interaction_metadata as { id?: string } | undefined)?.id === sent.id);

  test('logs in with the Guilds intent only and registers the commands, localized, with admin defaults', async () => {
    assert.deepEqual(
      h.fake.identifies.map((i) => i.intents),
      [1],
    );
    const registered = h.fake.commands(GUILD);
    assert.deepEqual(
      registered.map((c) => c.name),
      ['search', 'topic', 'latest', 'subscribe', 'unsubscribe', 'settings', 'digest', 'watch', 'watches', 'unwatch', 'help'],
    );
    const byName = new Map(registered.map((c) => [c.name as string, c]));
    const subscribe = byName.get('subscribe')!;
    assert.equal(subscribe.default_member_permissions, String(MANAGE_CHANNELS));
    assert.equal(byName.get('unsubscribe')!.default_member_permissions, String(MANAGE_CHANNELS));
    assert.equal(byName.get('search')!.default_member_permissions, null);
    assert.deepEqual(subscribe.description_localizations, {
      'zh-CN': '为本频道订阅每日摘要(管理员)',
      'zh-TW': '為本頻道訂閱每日摘要(管理員)',
    });
    const search = byName.get('search')!.options as { name: string; required: boolean; autocomplete?: boolean }[];
    assert.deepEqual(
      search.map((o) => [o.name, o.required, o.autocomplete === true]),
      [
        ['query', true, false],
        ['topic', false, true],
        ['page', false, false],
      ],
    );
    assert.ok(!h.logs.some((l) => l.includes(h.fake.token)), 'the token never reaches the log');
  });

  test('/search query:卷积 answers with an embed list led by the dilated-convolution article', async () => {
    const sent = await h.fake.slashCommand({ name: 'search', options: { query: '卷积' }, channelId: CHANNEL });
    const call = await answerTo(sent);
    const [first] = h.fake.interactionResponses(sent.id);
    assert.equal((first!.body as CallbackBody).type, 5, 'deferred before searching');
    const body = messageBody(call);
    assert.match(body.content ?? '', /Results for "卷积"/);
    assert.match(body.embeds![0]!.title!, /^1\. 空洞卷积/);
    assert.equal(body.embeds!.length, 5);
    assert.deepEqual(body.allowed_mentions, { parse: [] });
    const shown = messageOf(sent);
    assert.match(shown!.embeds[0]!.title as string, /空洞卷积/);
  });

  test('▶ turns the page by updating the same message, for anyone in the channel', async () => {
    const sent = await h.fake.slashCommand({ name: 'search', options: { query: '卷积' }, channelId: CHANNEL });
    await answerTo(sent);
    const message = messageOf(sent)!;
    const buttons = (message.components[0] as { components: Button[] }).components;
    const next = buttons.find((b) => b.label === '▶')!;
    assert.equal(buttons.find((b) => b.label === '◀')!.disabled, true);
    assert.ok(next.custom_id.length <= 100);

    const press = await h.fake.buttonPress({
      customId: next.custom_id,
      message: message.id,
      channelId: CHANNEL,
      user: { username: 'someone-else' },
    });
    const call = await answerTo(press);
    assert.equal((call.body as CallbackBody).type, 7, 'the message is updated in place');
    const updated = h.fake.messagesIn(CHANNEL).find((m) => m.id === message.id)!;
    assert.match(updated.content, /page 2\/2/);
    assert.match(updated.embeds[0]!.title as string, /^6\. /);
    const after = (updated.components[0] as { components: Button[] }).components;
    assert.equal(after.find((b) => b.label === '◀')!.disabled, false);
    assert.equal(after.find((b) => b.label === '▶')!.disabled, true);
    assert.deepEqual(messageBody(call).allowed_mentions, { parse: [] });
  });

  test('a page button used in another channel is refused privately and changes nothing', async () => {
    const sent = await h.fake.slashCommand({ name: 'search', options: { query: '卷积' }, channelId: CHANNEL });
    await answerTo(sent);
    const message = messageOf(sent)!;
    const next = (message.components[0] as { components: Button[] }).components.find((b) => b.label === '▶')!;
    const press = await h.fake.buttonPress({ customId: next.custom_id, channelId: OTHER_CHANNEL });
    const call = await answerTo(press);
    assert.equal((call.body as CallbackBody).type, 4);
    assert.equal((call.body as CallbackBody).data!.flags, EPHEMERAL);
    assert.match((call.body as CallbackBody).data!.content!, /expired/);
    assert.match(h.fake.messagesIn(CHANNEL).find((m) => m.id === message.id)!.content, /page 1\/2/);
  });

  test('typing 大 in a topic option offers 大模型 (llm)', async () => {
    const sent = await h.fake.autocomplete({
      name: 'topic',
      options: { name: '大' },
      focused: 'name',
      channelId: CHANNEL,
      locale: 'zh-CN',
    });
    const call = await answerTo(sent);
    const choices = (call.body as CallbackBody).data!.choices!;
    assert.equal(choices[0]!.value, 'llm');
    assert.match(choices[0]!.name, /大模型/);
    assert.ok(choices.length <= 25);
  });

  test('the timezone option suggests IANA zones from a fragment', async () => {
    const sent = await h.fake.autocomplete({ name: 'subscribe', options: { timezone: 'shang' }, focused: 'timezone', channelId: CHANNEL });
    const choices = ((await answerTo(sent)).body as CallbackBody).data!.choices!;
    assert.equal(choices[0]!.value, 'Asia/Shanghai');
    assert.match(choices[0]!.name, /UTC\+08:00/);

    const empty = await h.fake.autocomplete({ name: 'subscribe', options: { timezone: '' }, focused: 'timezone', channelId: CHANNEL });
    const all = ((await answerTo(empty)).body as CallbackBody).data!.choices!;
    assert.equal(all.length, 25, 'capped at Discord’s 25');
    assert.equal(all[0]!.value, 'Asia/Shanghai', 'the configured default zone first');
  });

  test('a member without Manage Channels is refused /subscribe privately; one with it subscribes the channel', async () => {
    const refused = await h.fake.slashCommand({ name: 'subscribe', options: { time: '08:30' }, channelId: CHANNEL });
    const no = (await answerTo(refused)).body as CallbackBody;
    assert.equal(no.data!.flags, EPHEMERAL);
    assert.match(no.data!.content!, /only an admin/);
    assert.equal(h.bot.services.subscriptions.get(`discord:${CHANNEL}`), undefined);

    const accepted = await h.fake.slashCommand({
      name: 'subscribe',
      options: { time: '08:30', timezone: 'Asia/Shanghai' },
      channelId: CHANNEL,
      permissions: MANAGE_CHANNELS,
    });
    const yes = (await answerTo(accepted)).body as CallbackBody;
    assert.equal((yes.data!.flags ?? 0) & EPHEMERAL, 0);
    assert.match(yes.data!.content!, /Subscribed/);
    const sub = h.bot.services.subscriptions.get(`discord:${CHANNEL}`);
    assert.equal(sub?.time, '08:30');
    assert.equal(sub?.timezone, 'Asia/Shanghai');
  });

  test('in a DM the user is the admin: /subscribe is accepted', async () => {
    const dm = '300000000000000009';
    const sent = await h.fake.slashCommand({ name: 'subscribe', channelId: dm });
    const body = (await answerTo(sent)).body as CallbackBody;
    assert.match(body.data!.content!, /Subscribed/);
    assert.ok(h.bot.services.subscriptions.get(`discord:${dm}`));
    // …and the DM can take digests like any channel.
    await h.adapter.send(`discord:${dm}`, { kind: 'digest', title: 'Daily digest', blocks: [{ kind: 'text', text: 'Nothing new.' }] });
    assert.equal(h.fake.messagesIn(dm).at(-1)!.content, '**Daily digest**\n\nNothing new.');
  });

  test('the caller’s Discord locale picks the language: zh-CN Chinese, en-US English', async () => {
    const zh = await h.fake.slashCommand({ name: 'latest', options: { n: 2 }, channelId: CHANNEL, locale: 'zh-CN' });
    assert.match(messageBody(await answerTo(zh)).content ?? '', /最新 2 篇文章/);
    const en = await h.fake.slashCommand({ name: 'latest', options: { n: 2 }, channelId: CHANNEL, locale: 'en-US' });
    assert.match(messageBody(await answerTo(en)).content ?? '', /The 2 newest articles/);
  });

  test('a failing search (unknown topic) replaces the public placeholder with a private error', async () => {
    const sent = await h.fake.slashCommand({ name: 'search', options: { query: 'gan', topic: 'nope' }, channelId: CHANNEL });
    const call = await answerTo(sent);
    assert.equal(call.method, 'POST', 'a follow-up, not an edit of the public placeholder');
    assert.equal(messageBody(call).flags, EPHEMERAL);
    assert.match(messageBody(call).content ?? '', /There is no topic "nope"/);
    assert.ok(h.fake.interactionResponses(sent.id).some((c) => c.method === 'DELETE'));
    assert.equal(messageOf(sent), undefined, 'nothing left in the channel');
  });

  test('feed text with @everyone and role/user mentions is shown inert and pings no one', async () => {
    h.app.ingest({
      source: 't',
      entries: [{ guid: 'x', title: '@everyone look <@&1>', text: 'hello @here and <@&1> and <@2>', categories: [] }],
    });
    const mark = h.fake.mark();
    const sent = await h.fake.slashCommand({ name: 'search', options: { query: 'everyone look hello' }, channelId: CHANNEL });
    await answerTo(sent, mark);
    const bodies = h.fake.interactionResponses(sent.id).filter((c) => c.method !== 'DELETE' && (c.body as CallbackBody).type !== 5);
    assert.ok(bodies.length > 0);
    const body = messageBody(bodies.at(-1)!);
    assert.ok(
      body.embeds!.some((e) => e.title?.includes('look')),
      'the article is in the answer',
    );
    for (const call of bodies) {
      const b = messageBody(call);
      assert.deepEqual(b.allowed_mentions, { parse: [] });
      const text = JSON.stringify([b.content, b.embeds]);
      assert.doesNotMatch(text, /@everyone|@here|<@&1>|<@2>/);
    }
  });
});
