// HTTP plumbing for the fake REST API: Discord-shaped errors, body parsing (JSON and multipart), replies.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallFailure, Payload, RecordedFile } from './types';

/** A refusal the fake answers with; carries what gets recorded as the call's failure marker. */
export class DiscordHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Payload,
    readonly kind: CallFailure['kind'],
    readonly headers: Record<string, string> = {},
    readonly injected = false,
  ) {
    super(String(body.message ?? status));
  }
}

export const errors = {
  unauthorized: () => new DiscordHttpError(401, { message: '401: Unauthorized', code: 0 }, 'unauthorized'),
  notFound: () => new DiscordHttpError(404, { message: '404: Not Found', code: 0 }, 'not-found'),
  unknownChannel: () => new DiscordHttpError(404, { message: 'Unknown Channel', code: 10003 }, 'not-found'),
  unknownGuild: () => new DiscordHttpError(404, { message: 'Unknown Guild', code: 10004 }, 'not-found'),
  unknownMessage: () => new DiscordHttpError(404, { message: 'Unknown Message', code: 10008 }, 'not-found'),
  unknownMember: () => new DiscordHttpError(404, { message: 'Unknown Member', code: 10007 }, 'not-found'),
  unknownWebhook: () => new DiscordHttpError(404, { message: 'Unknown Webhook', code: 10015 }, 'not-found'),
  unknownCommand: () => new DiscordHttpError(404, { message: 'Unknown application command', code: 10063 }, 'not-found'),
  unknownInteraction: () => new DiscordHttpError(404, { message: 'Unknown interaction', code: 10062 }, 'not-found'),
  alreadyAcknowledged: () => new DiscordHttpError(400, { message: 'Interaction has already been acknowledged.', code: 40060 }, 'rejected'),
  emptyMessage: () => new DiscordHttpError(400, { message: 'Cannot send an empty message', code: 50006 }, 'invalid-body'),
  invalidWebhookToken: () => new DiscordHttpError(401, { message: 'Invalid Webhook Token', code: 50027 }, 'unauthorized'),
  invalidFormBody: (details: Payload) =>
    new DiscordHttpError(400, { message: 'Invalid Form Body', code: 50035, errors: details }, 'invalid-body'),
};

export interface ParsedBody {
  body: unknown;
  files: RecordedFile[];
}

export async function readBody(req: IncomingMessage): Promise<ParsedBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  if (raw.length === 0) return { body: undefined, files: [] };
  const contentType = req.headers['content-type'] ?? '';
  if (contentType.startsWith('multipart/form-data')) return parseMultipart(raw, contentType);
  try {
    return { body: JSON.parse(raw.toString('utf8')), files: [] };
  } catch {
    throw new DiscordHttpError(400, { message: '400: Bad Request', code: 50109 }, 'invalid-body');
  }
}

/** discord.js sends files as multipart with the JSON in `payload_json`; undici's Response parses it for us. */
async function parseMultipart(raw: Buffer, contentType: string): Promise<ParsedBody> {
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  let body: unknown;
  const files: RecordedFile[] = [];
  for (const [field, value] of form.entries()) {
    if (typeof value === 'string') {
      if (field === 'payload_json') body = JSON.parse(value);
      continue;
    }
    files.push({ field, filename: value.name, contentType: value.type, size: value.size });
  }
  return { body, files };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (status === 204 || body === undefined) {
    res.writeHead(status === 200 ? 204 : status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text).toString(),
    ...headers,
  });
  res.end(text);
}

export function asObject(value: unknown): Payload {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Payload) : {};
}
