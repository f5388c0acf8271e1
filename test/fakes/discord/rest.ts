// Bot-authenticated REST routes: gateway discovery, identity, commands, channels, messages, guilds.

import { storedCommand, validateCommands } from './commands';
import { asObject, errors } from './http';
import { validateMessageBody } from './limits';
import { channelJson, memberJson, userJson } from './payloads';
import { route, type Route } from './router';
import type { FakeState } from './state';
import type { FakeMessage, Payload } from './types';

export function botRoutes(state: FakeState, gatewayUrl: () => string): Route[] {
  const channel = (id: string | undefined) => {
    const found = id === undefined ? undefined : state.channels.get(id);
    if (!found) throw errors.unknownChannel();
    return found;
  };
  const message = (channelId: string | undefined, messageId: string | undefined): FakeMessage => {
    channel(channelId);
    const found = messageId === undefined ? undefined : state.messages.get(messageId);
    if (!found || found.channel_id !== channelId) throw errors.unknownMessage();
    return found;
  };
  const guild = (id: string | undefined) => {
    const found = id === undefined ? undefined : state.guilds.get(id);
    if (!found) throw errors.unknownGuild();
    return found;
  };
  const commandList = (appId: string | undefined, guildId?: string): Payload[] => {
    if (appId !== state.applicationId) throw errors.notFound();
    if (guildId === undefined) return state.globalCommands;
    guild(guildId);
    let list = state.guildCommands.get(guildId);
    if (!list) state.guildCommands.set(guildId, (list = []));
    return list;
  };
  const overwrite = (list: Payload[], body: unknown, appId: string, guildId?: string): Payload[] => {
    const input = Array.isArray(body) ? (body as Payload[]) : [];
    validateCommands(input, true);
    const next = input.map((c) => storedCommand(c, appId, guildId, list));
    list.splice(0, list.length, ...next);
    return next;
  };
  const createOne = (list: Payload[], body: unknown, appId: string, guildId?: string) => {
    validateCommands([asObject(body)], false);
    const command = storedCommand(asObject(body), appId, guildId, list);
    const index = list.findIndex((c) => c.id === command.id);
    if (index >= 0) list[index] = command;
    else list.push(command);
    return { status: index >= 0 ? 200 : 201, body: command };
  };
  const deleteOne = (list: Payload[], commandId: string | undefined) => {
    const index = list.findIndex((c) => c.id === commandId);
    if (index < 0) throw errors.unknownCommand();
    list.splice(index, 1);
    return {};
  };

  return [
    route('GET', '/gateway/bot', () => ({
      body: {
        url: gatewayUrl(),
        shards: 1,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
      },
    })),
    route('GET', '/gateway', () => ({ body: { url: gatewayUrl() } })),
    route('GET', '/users/@me', () => ({ body: state.botUser })),
    route('GET', '/applications/@me', () => ({
      body: {
        id: state.applicationId,
        name: state.botUser.username,
        icon: null,
        description: '',
        summary: '',
        bot_public: true,
        bot_require_code_grant: false,
        verify_key: '0'.repeat(64),
        flags: 0,
        team: null,
        owner: userJson({ username: 'owner' }),
        bot: state.botUser,
        approximate_guild_count: state.guilds.size,
      },
    })),

    route('GET', '/applications/:app/commands', ({ params }) => ({ body: commandList(params.app) })),
    route('PUT', '/applications/:app/commands', ({ params, body }) => ({
      body: overwrite(commandList(params.app), body, state.applicationId),
    })),
    route('POST', '/applications/:app/commands', ({ params, body }) => createOne(commandList(params.app), body, state.applicationId)),
    route('DELETE', '/applications/:app/commands/:command', ({ params }) => deleteOne(commandList(params.app), params.command)),
    route('GET', '/applications/:app/guilds/:guild/commands', ({ params }) => ({
      body: commandList(params.app, params.guild),
    })),
    route('PUT', '/applications/:app/guilds/:guild/commands', ({ params, body }) => ({
      body: overwrite(commandList(params.app, params.guild), body, state.applicationId, params.guild),
    })),
    route('POST', '/applications/:app/guilds/:guild/commands', ({ params, body }) =>
      createOne(commandList(params.app, params.guild), body, state.applicationId, params.guild),
    ),
    route('DELETE', '/applications/:app/guilds/:guild/commands/:command', ({ params }) =>
      deleteOne(commandList(params.app, params.guild), params.command),
    ),

    route('GET', '/channels/:channel', ({ params }) => ({ body: channelJson(channel(params.channel)) })),
    route('POST', '/channels/:channel/typing', ({ params }) => (channel(params.channel), {})),
    route('GET', '/channels/:channel/messages', ({ params, query }) => {
      const limit = Math.min(Number(query.limit ?? 50), 100);
      channel(params.channel);
      return { body: state.messagesIn(params.channel!).reverse().slice(0, limit) };
    }),
    route('POST', '/channels/:channel/messages', ({ params, body, files }) => {
      channel(params.channel);
      validateMessageBody(body, { requireContent: true, hasFiles: files.length > 0 });
      return { body: state.createMessage(params.channel!, asObject(body), { author: state.botUser, files }) };
    }),
    route('POST', '/channels/:channel/threads', ({ params, body }) => {
      const forum = channel(params.channel);
      const input = asObject(body);
      // Only forum posts are modelled: a thread with its first message, in one request.
      if (forum.type !== 15) throw errors.invalidFormBody({ message: 'only forum channels take posts in this fake' });
      const name = typeof input.name === 'string' ? input.name : '';
      if (name.length < 1 || name.length > 100) throw errors.invalidFormBody({ name: 'must be 1 to 100 characters' });
      const starter = asObject(input.message);
      validateMessageBody(starter, { requireContent: true, hasFiles: false });
      const { thread, message } = state.createForumPost(forum, name, starter);
      return { status: 201, body: { ...channelJson(thread), message } };
    }),
    route('GET', '/channels/:channel/messages/:message', ({ params }) => ({
      body: message(params.channel, params.message),
    })),
    route('PATCH', '/channels/:channel/messages/:message', ({ params, body, files }) => {
      const target = message(params.channel, params.message);
      validateMessageBody(body, { requireContent: false, hasFiles: files.length > 0 });
      return { body: state.editMessage(target, asObject(body), files) };
    }),
    route('DELETE', '/channels/:channel/messages/:message', ({ params }) => {
      state.messages.delete(message(params.channel, params.message).id);
      return {};
    }),
    route('POST', '/users/@me/channels', ({ body }) => {
      const recipient = String(asObject(body).recipient_id ?? '');
      const user = [...state.interactions.values()].find((i) => i.user.id === recipient)?.user;
      return { body: channelJson(state.dmChannel(user ?? userJson({ id: recipient }))) };
    }),

    route('GET', '/guilds/:guild', ({ params }) => {
      const g = guild(params.guild);
      return { body: { id: g.config.id, name: g.name, owner_id: g.ownerId, roles: [], emojis: [], features: [] } };
    }),
    route('GET', '/guilds/:guild/channels', ({ params }) => {
      guild(params.guild);
      return { body: state.channelsOf(params.guild!).map(channelJson) };
    }),
    route('GET', '/guilds/:guild/members/:user', ({ params }) => {
      const g = guild(params.guild);
      if (params.user === state.botUser.id) {
        return { body: memberJson(state.botUser, g.joinedAt, g.botRoleId ? [g.botRoleId] : []) };
      }
      const seen = [...state.interactions.values()].find((i) => i.guildId === g.config.id && i.user.id === params.user);
      if (!seen) throw errors.unknownMember();
      return { body: memberJson(seen.user, g.joinedAt) };
    }),
  ];
}
