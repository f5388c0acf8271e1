// Interaction callback and interaction-webhook routes; these authenticate by the interaction token in the URL.

import { DiscordHttpError, asObject, errors } from './http';
import { validateAutocomplete, validateMessageBody } from './limits';
import { route, type Route, type RouteResult } from './router';
import type { FakeState, InteractionRecord } from './state';
import type { FakeMessage, Payload } from './types';

const EPHEMERAL = 1 << 6;
const LOADING = 1 << 7;

export function interactionRoutes(state: FakeState): Route[] {
  const byWebhook = (app: string | undefined, token: string | undefined): InteractionRecord => {
    const interaction = token === undefined ? undefined : state.interactionByToken(token);
    if (app !== state.applicationId || !interaction) throw errors.unknownWebhook();
    return interaction;
  };
  const webhookMessage = (interaction: InteractionRecord, id: string | undefined): FakeMessage => {
    const messageId = id === '@original' ? interaction.originalMessageId : id;
    const found = messageId === undefined ? undefined : state.messages.get(messageId);
    const ours = found && (found.id === interaction.originalMessageId || metadataId(found) === interaction.id);
    if (!found || !ours) throw errors.unknownMessage();
    return found;
  };
  const reply = (interaction: InteractionRecord, data: Payload): FakeMessage =>
    state.createMessage(interaction.channelId, data, {
      author: state.botUser,
      webhookId: state.applicationId,
      interaction,
    });

  return [
    route(
      'POST',
      '/interactions/:id/:token/callback',
      ({ params, body, query, files }) => {
        const interaction = state.interactions.get(params.id ?? '');
        if (!interaction || interaction.token !== params.token) throw errors.unknownInteraction();
        if (interaction.responseType !== undefined) throw errors.alreadyAcknowledged();
        const { type, data: rawData } = asObject(body);
        const data = asObject(rawData);
        let message: FakeMessage | undefined;
        switch (type) {
          case 4:
            validateMessageBody(data, { requireContent: true, hasFiles: files.length > 0 });
            message = reply(interaction, data);
            break;
          case 5:
            message = reply(interaction, { content: '', flags: ((data.flags as number | undefined) ?? 0) | LOADING });
            break;
          case 6:
            message = interaction.sourceMessageId ? state.messages.get(interaction.sourceMessageId) : undefined;
            break;
          case 7: {
            validateMessageBody(data, { requireContent: false, hasFiles: files.length > 0 });
            const source = interaction.sourceMessageId ? state.messages.get(interaction.sourceMessageId) : undefined;
            message = source && state.editMessage(source, data, files);
            break;
          }
          case 8:
            if (interaction.type !== 4) throw invalidResponseType();
            validateAutocomplete(data);
            break;
          case 9:
            break;
          default:
            throw invalidResponseType();
        }
        interaction.responseType = type;
        if (message) {
          interaction.originalMessageId = message.id;
          interaction.ephemeral = (message.flags & EPHEMERAL) !== 0;
        }
        return callbackResult(interaction, type, message, query.with_response === 'true');
      },
      'url-token',
    ),

    route(
      'POST',
      '/webhooks/:app/:token',
      ({ params, body, files }) => {
        const interaction = byWebhook(params.app, params.token);
        if (interaction.responseType === undefined) throw errors.unknownWebhook();
        validateMessageBody(body, { requireContent: true, hasFiles: files.length > 0 });
        const original = interaction.originalMessageId ? state.messages.get(interaction.originalMessageId) : undefined;
        // Discord turns the first follow-up after a deferred reply into that reply, keeping its ephemerality.
        if (interaction.responseType === 5 && original && (original.flags & LOADING) !== 0) {
          original.flags &= ~LOADING;
          return { body: state.editMessage(original, asObject(body), files) };
        }
        return { body: reply(interaction, asObject(body)) };
      },
      'url-token',
    ),
    route(
      'GET',
      '/webhooks/:app/:token/messages/:message',
      ({ params }) => ({ body: webhookMessage(byWebhook(params.app, params.token), params.message) }),
      'url-token',
    ),
    route(
      'PATCH',
      '/webhooks/:app/:token/messages/:message',
      ({ params, body, files }) => {
        const target = webhookMessage(byWebhook(params.app, params.token), params.message);
        validateMessageBody(body, { requireContent: false, hasFiles: files.length > 0 });
        target.flags &= ~LOADING;
        return { body: state.editMessage(target, asObject(body), files) };
      },
      'url-token',
    ),
    route(
      'DELETE',
      '/webhooks/:app/:token/messages/:message',
      ({ params }) => {
        state.messages.delete(webhookMessage(byWebhook(params.app, params.token), params.message).id);
        return {};
      },
      'url-token',
    ),
  ];
}

function metadataId(message: FakeMessage): unknown {
  return asObject(message.interaction_metadata).id;
}

function invalidResponseType(): DiscordHttpError {
  return errors.invalidFormBody({
    type: { _errors: [{ code: 'BASE_TYPE_CHOICES', message: 'Value must be one of the valid interaction response types.' }] },
  });
}

function callbackResult(
  interaction: InteractionRecord,
  type: unknown,
  message: FakeMessage | undefined,
  withResponse: boolean,
): RouteResult {
  if (!withResponse) return {};
  return {
    body: {
      interaction: {
        id: interaction.id,
        type: interaction.type,
        response_message_id: message?.id ?? null,
        response_message_loading: message ? (message.flags & LOADING) !== 0 : null,
        response_message_ephemeral: message ? (message.flags & EPHEMERAL) !== 0 : null,
      },
      resource: { type, ...(message ? { message } : {}) },
    },
  };
}
