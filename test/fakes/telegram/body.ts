// Decodes Bot API request parameters from every transport Telegram accepts (query string,
// JSON, urlencoded, multipart) into one plain object, so recorded calls look the same no
// matter how the client sent them.

import type { IncomingMessage } from 'node:http';
import { badRequest } from './errors';

export type Params = Record<string, unknown>;

/** Fields Telegram expects as JSON-serialised strings in non-JSON transports. */
const JSON_FIELDS = new Set([
  'reply_markup',
  'results',
  'commands',
  'scope',
  'allowed_updates',
  'entities',
  'caption_entities',
  'link_preview_options',
  'reply_parameters',
  'button',
  'media',
]);

/** Placeholder recorded for an uploaded file part. */
export interface UploadedFile {
  filename: string;
  size: number;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseMultipart(body: Buffer, boundary: string): Params {
  const params: Params = {};
  const text = body.toString('latin1'); // byte-preserving, so file sizes stay right
  for (const rawPart of text.split(`--${boundary}`)) {
    const part = rawPart.replace(/^\r\n/, '');
    if (part === '' || part.startsWith('--')) continue;
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) continue;
    const headers = part.slice(0, headerEnd);
    const content = part.slice(headerEnd + 4).replace(/\r\n$/, '');
    const name = /name="([^"]*)"/i.exec(headers)?.[1];
    if (name === undefined) continue;
    const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
    params[name] =
      filename !== undefined
        ? ({ filename, size: Buffer.byteLength(content, 'latin1') } satisfies UploadedFile)
        : Buffer.from(content, 'latin1').toString('utf8');
  }
  return params;
}

function decodeJsonFields(params: Params): Params {
  for (const [key, value] of Object.entries(params)) {
    if (JSON_FIELDS.has(key) && typeof value === 'string') {
      try {
        params[key] = JSON.parse(value) as unknown;
      } catch {
        throw badRequest(`can't parse ${key} JSON object`);
      }
    }
  }
  return params;
}

/** Reads and merges query-string and body parameters; throws ApiError on a malformed body. */
export async function readParams(req: IncomingMessage, url: URL): Promise<Params> {
  const params: Params = Object.fromEntries(url.searchParams);
  const body = await readBody(req);
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (body.length > 0) {
    if (type.startsWith('application/json')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        throw badRequest("can't parse request JSON object");
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw badRequest('request JSON object expected');
      }
      Object.assign(params, parsed);
    } else if (type.startsWith('application/x-www-form-urlencoded')) {
      Object.assign(params, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
    } else if (type.startsWith('multipart/form-data')) {
      const boundary = /boundary=("?)([^";]+)\1/i.exec(req.headers['content-type'] ?? '')?.[2];
      if (boundary) Object.assign(params, parseMultipart(body, boundary));
    }
  }
  return decodeJsonFields(params);
}

// Coercion helpers: non-JSON transports deliver every scalar as a string.

export function optInt(params: Params, key: string): number | undefined {
  const value = params[key];
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n)) throw badRequest(`invalid ${key} specified`);
  return n;
}

export function optString(params: Params, key: string): string | undefined {
  const value = params[key];
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : String(value);
}

export function optBool(params: Params, key: string): boolean {
  const value = params[key];
  return value === true || value === 'true' || value === '1' || value === 1;
}
