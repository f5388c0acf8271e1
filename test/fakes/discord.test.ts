// The fake Discord as the real discord.js client sees it: login, command registration and interactions.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DiscordAPIError, GatewayIntentBits, MessageFlags, SlashCommandBuilder, type Client, type TextChannel } from 'discord.js';
import { startFakeDiscord, type FakeDiscord } from './discord/index';
import { connectClient, nextInteraction as next } from './discord/harness';

import { CHANNEL, GUILD, mlReaders, OTHER_CHANNEL } from '../helpers/discord-guild';

describe('fake Discord with the real discord.js client', { timeout: 15_000 }, () => {
  let fake: FakeDiscord;
  let client: Client;
  const nextInteraction = () => next(client);

  before(async () => {
    fake = await startFakeDiscord({
      guilds: [mlReaders()],
    });
    client = await connectClient(fake);
  });

  after(async () => {
    await client.destroy();
    await fake.close();
  });

  test('login caches the guild as available, with its channels and the bot member', async () => {
    await fake.ready;
    const guild = client.guilds.cache.get(GUILD);
    assert.ok(guild, 'guild cached');
    // An incomplete GUILD_CREATE leaves the guild unavailable after waitGuildTimeout.
    assert.equal(guild.available, true);
    assert.equal(guild.name, 'ML Readers');
    assert.deepEqual([...guild.channels.cache.keys()].sort(), [CHANNEL, OTHER_CHANNEL]);
    assert.equal(guild.members.me?.id, fake.applicationId);
    assert.equal(client.user?.id, fake.applicationId);
    assert.equal(client.application?.id, fake.applicationId);
    assert.deepEqual(
      fake.identifies.map((i) => i.intents),
      [GatewayIntentBits.Guilds],
    );
    assert.equal(fake.callsTo(/^GET \/gateway\/bot$/).length, 1);
  });

  test('guild command registration is recorded and returned with ids', async () => {
    const search = new SlashCommandBuilder()
      .setName('search')
      .setDescription('Search articles')
      .setDescriptionLocalizations({ 'zh-CN': '搜索文章' })
      .addStringOption((o) => o.setName('query').setDescription('words').setRequired(true).setAutocomplete(true))
      .addIntegerOption((o) => o.setName('limit').setDescription('how many'));
    const topic = new SlashCommandBuilder().setName('topic').setDescription('Follow a topic');
    const created = await client.application!.commands.set([search.toJSON(), topic.toJSON()], GUILD);

    assert.deepEqual([...created.values()].map((c) => c.name).sort(), ['search', 'topic']);
    assert.ok([...created.keys()].every((id) => /^\d+$/.test(id)));
    const [call] = fake.callsTo(new RegExp(`^PUT /applications/${fake.applicationId}/guilds/${GUILD}/commands$`));
    assert.ok(call);
    assert.deepEqual(
      (call.body as { name: string }[]).map((c) => c.name),
      ['search', 'topic'],
    );
    assert.deepEqual(
      fake.commands(GUILD).map((c) => c.description_localizations),
      [{ 'zh-CN': '搜索文章' }, null],
    );
  });

  test('invalid command JSON is rejected like Discord does', async () => {
    await assert.rejects(
      client.application!.commands.set([{ name: 'Bad Name', description: 'x' }], GUILD),
      (error: unknown) => error instanceof DiscordAPIError && error.code === 50035,
    );
  });

  test('a slash command arrives with readable options and an ephemeral reply is recorded', async () => {
    const got = nextInteraction();
    const sent = await fake.slashCommand({
      name: 'search',
      options: { query: 'transformer', limit: 3 },
      channelId: CHANNEL,
      locale: 'zh-CN',
      user: { username: 'alice' },
    });
    const interaction = await got;
    assert.ok(interaction.isChatInputCommand());
    assert.equal(interaction.id, sent.id);
    assert.equal(interaction.commandName, 'search');
    assert.equal(interaction.options.getString('query'), 'transformer');
    assert.equal(interaction.options.getInteger('limit'), 3);
    assert.equal(interaction.locale, 'zh-CN');
    assert.equal(interaction.guildId, GUILD);
    assert.equal(interaction.user.username, 'alice');
    assert.equal(interaction.memberPermissions?.has('ManageGuild'), false);

    await interaction.reply({ content: '找到 3 篇', flags: MessageFlags.Ephemeral });
    const responses = fake.interactionResponses(sent.id);
    assert.equal(responses.length, 1);
    assert.deepEqual(responses[0]?.body, {
      type: 4,
      data: { content: '找到 3 篇', flags: 64, tts: false, enforce_nonce: false },
    });
    assert.equal(
      fake.messagesIn(CHANNEL).some((m) => m.content === '找到 3 篇'),
      false,
      'ephemeral replies are not visible in the channel',
    );
  });

  test('admin permissions given to slashCommand reach the interaction', async () => {
    const got = nextInteraction();
    await fake.slashCommand({ name: 'topic', channelId: CHANNEL, permissions: 8n });
    const interaction = await got;
    assert.equal(interaction.memberPermissions?.has('Administrator'), true);
    assert.ok(interaction.isChatInputCommand());
    const response = await interaction.reply({ content: 'topics: llm', withResponse: true });
    assert.equal(response.resource?.message?.content, 'topics: llm');
    assert.equal(response.resource?.message?.interactionMetadata?.user.id, interaction.user.id);
  });

  test('deferReply then editReply edits the @original message', async () => {
    const got = nextInteraction();
    const sent = await fake.slashCommand({ name: 'search', options: { query: 'diffusion' }, channelId: CHANNEL });
    const interaction = await got;
    assert.ok(interaction.isChatInputCommand());
    await interaction.deferReply();
    const edited = await interaction.editReply({ content: 'Top results for diffusion' });

    const [callback, patch] = fake.interactionResponses(sent.id);
    assert.equal((callback?.body as { type: number }).type, 5);
    assert.equal(patch?.method, 'PATCH');
    assert.equal(patch?.path, `/webhooks/${fake.applicationId}/${sent.token}/messages/@original`);
    assert.equal(edited.content, 'Top results for diffusion');
    const visible = fake.messagesIn(CHANNEL).find((m) => m.id === edited.id);
    assert.equal(visible?.content, 'Top results for diffusion');

    await interaction.followUp({ content: 'only for you', flags: MessageFlags.Ephemeral });
    const followUp = fake.interactionResponses(sent.id)[2];
    assert.equal(followUp?.method, 'POST');
    assert.equal(followUp?.path, `/webhooks/${fake.applicationId}/${sent.token}`);
    assert.equal(
      fake.messagesIn(CHANNEL).some((m) => m.content === 'only for you'),
      false,
    );
  });

  test('a button press can update the message it was on', async () => {
    const channel = (await client.channels.fetch(CHANNEL)) as TextChannel;
    const posted = await channel.send({
      content: 'page 1',
      components: [{ type: 1, components: [{ type: 2, style: 1, label: 'Next', custom_id: 'page:2' }] }],
    });
    const got = nextInteraction();
    const sent = await fake.buttonPress({ customId: 'page:2', message: posted.id, channelId: CHANNEL });
    const interaction = await got;
    assert.ok(interaction.isButton());
    assert.equal(interaction.customId, 'page:2');
    assert.equal(interaction.message.id, posted.id);

    await interaction.update({ content: 'page 2' });
    const [callback] = fake.interactionResponses(sent.id);
    assert.equal((callback?.body as { type: number }).type, 7);
    assert.equal(fake.messagesIn(CHANNEL).find((m) => m.id === posted.id)?.content, 'page 2');
  });

  test('autocomplete sees the focused option and its choices are recorded', async () => {
    const got = nextInteraction();
    const sent = await fake.autocomplete({ name: 'search', options: { query: 'trans' }, focused: 'query', channelId: CHANNEL });
    const interaction = await got;
    assert.ok(interaction.isAutocomplete());
    assert.deepEqual(interaction.options.getFocused(true), { name: 'query', type: 3, value: 'trans', focused: true });
    await interaction.respond([{ name: 'transformer', value: 'transformer' }]);
    const [callback] = fake.interactionResponses(sent.id);
    assert.deepEqual(callback?.body, { type: 8, data: { choices: [{ name: 'transformer', value: 'transformer' }] } });
  });

  test('too many autocomplete choices are rejected', async () => {
    const got = nextInteraction();
    await fake.autocomplete({ name: 'search', options: { query: 'a' }, focused: 'query', channelId: CHANNEL });
    const interaction = await got;
    assert.ok(interaction.isAutocomplete());
    const choices = Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `c${i}` }));
    await assert.rejects(interaction.respond(choices), (e: unknown) => e instanceof DiscordAPIError && e.code === 50035);
  });

  test('a slash command from a DM has no guild, and the reply lands in the DM channel', async () => {
    const got = nextInteraction();
    await fake.slashCommand({ name: 'topic', channelId: '300000000000000001' });
    const interaction = await got;
    assert.equal(interaction.inGuild(), false);
    assert.equal(interaction.user.id, fake.defaultUser.id);
    assert.ok(interaction.isRepliable());
    await interaction.reply({ content: 'subscribed' });
    assert.deepEqual(
      fake.messagesIn('300000000000000001').map((m) => m.content),
      ['subscribed'],
    );
  });
});
