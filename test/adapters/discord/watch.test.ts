// Keyword alerts through the real discord.js client against the fake Discord: /watch and
// /unwatch registered (admin-only by default, zh-CN localized), /unwatch's autocomplete
// offering the channel's own watches, and an alert posted as embeds with the matched watch.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createBotAlerts, createBotDigests } from '../../../src/bot';
import type { DigestRuntime } from '../../../src/digest/runtime';
import type { AlertRuntime } from '../../../src/watch/runtime';
import type { RecordedCall, SentInteraction } from '../../fakes/discord/index';
import { CHANNEL, GUILD, startHarness, type Harness } from './setup';

const MANAGE_CHANNELS = 1n << 4n;

interface CallbackBody {
  type: number;
  data?: { content?: string; embeds?: { description?: string }[]; choices?: { name: string; value: string }[] };
}

describe('keyword alerts through Discord', { timeout: 30_000 }, () => {
  let h: Harness;
  let digests: DigestRuntime;
  let alerts: AlertRuntime;

  before(async () => {
    h = await startHarness({ env: { DISCORD_GUILD_ID: GUILD, DISCORD_SYNC_COMMANDS: 'true' } });
    digests = createBotDigests(h.bot, () => [h.adapter], h.bot.log);
    alerts = createBotAlerts(h.bot, digests, () => [h.adapter], h.bot.log, { checkEveryMs: 3_600_000 });
    await alerts.start();
  });
  after(async () => {
    await alerts.stop();
    await digests.stop();
    await h.close();
  });

  const answerTo = (sent: SentInteraction): Promise<RecordedCall> =>
    h.fake.waitForCall(
      (c) =>
        c.path === `/interactions/${sent.id}/${sent.token}/callback` ||
        c.path.startsWith(`/webhooks/${h.fake.applicationId}/${sent.token}`),
    );
  const textOf = (call: RecordedCall) => JSON.stringify(call.body);

  test('the commands are registered: admin-only changes, localized, /unwatch with autocomplete', () => {
    const byName = new Map(h.fake.commands(GUILD).map((c) => [c.name as string, c]));
    assert.equal(byName.get('watch')!.default_member_permissions, String(MANAGE_CHANNELS));
    assert.equal(byName.get('unwatch')!.default_member_permissions, String(MANAGE_CHANNELS));
    assert.equal(byName.get('watches')!.default_member_permissions ?? null, null);
    assert.match(String((byName.get('watch')!.description_localizations as Record<string, string>)['zh-CN']), /关键词/);
    const opt = (byName.get('unwatch')!.options as { name: string; autocomplete?: boolean; max_length?: number }[])[0]!;
    assert.deepEqual([opt.name, opt.autocomplete, opt.max_length], ['watch', true, 100]);
  });

  test('/watch by a member without Manage Channels is refused; by an admin it is stored', async () => {
    const refused = await answerTo(await h.fake.slashCommand({ name: 'watch', options: { query: 'LoRA' }, channelId: CHANNEL }));
    assert.match(textOf(refused), /only an admin/);
    const ok = await answerTo(
      await h.fake.slashCommand({ name: 'watch', options: { query: 'LoRA' }, channelId: CHANNEL, permissions: MANAGE_CHANNELS }),
    );
    assert.match(textOf(ok), /Watching \\"LoRA\\"/);
    await answerTo(
      await h.fake.slashCommand({
        name: 'watch',
        options: { query: '强化学习', topic: 'rl' },
        channelId: CHANNEL,
        permissions: MANAGE_CHANNELS,
      }),
    );
    assert.deepEqual(
      h.bot.services.watches.list(`discord:${CHANNEL}`).watches.map((w) => w.query),
      ['LoRA', '强化学习'],
    );
  });

  test("/unwatch's autocomplete offers this channel's watches", async () => {
    const sent = await h.fake.autocomplete({
      name: 'unwatch',
      options: { watch: '强' },
      focused: 'watch',
      channelId: CHANNEL,
      permissions: MANAGE_CHANNELS,
    });
    const choices = ((await answerTo(sent)).body as CallbackBody).data!.choices!;
    assert.deepEqual(choices, [{ name: '2. 强化学习 (rl)', value: '2' }]);
  });

  test('a matching article is posted to the channel once, marked with the watch it matched', async () => {
    h.app.ingest({
      source: 'e2e',
      entries: [{ guid: 'dw-1', title: 'QLoRA vs LoRA on one GPU', text: 'Memory budgets.', categories: [] }],
    });
    await alerts.check();
    await alerts.check();
    const posted = h.fake.messagesIn(CHANNEL).filter((m) => m.interaction_metadata === undefined && /new article/.test(m.content));
    assert.equal(posted.length, 1);
    assert.match(posted[0]!.content, /🔔 1 new article matching your watches/);
    assert.match(String(posted[0]!.embeds[0]!.title), /QLoRA vs LoRA on one GPU/);
    assert.match(String(posted[0]!.embeds[0]!.description), /🔔 LoRA/);
    assert.deepEqual(posted[0]!.allowed_mentions, { parse: [] });
  });

  test('/unwatch 1 removes the first watch', async () => {
    const done = await answerTo(
      await h.fake.slashCommand({ name: 'unwatch', options: { watch: '1' }, channelId: CHANNEL, permissions: MANAGE_CHANNELS }),
    );
    assert.match(textOf(done), /Stopped watching \\"LoRA\\"/);
    assert.deepEqual(
      h.bot.services.watches.list(`discord:${CHANNEL}`).watches.map((w) => w.query),
      ['强化学习'],
    );
  });
});
