// Fetches a feed over HTTP(S) with conditional-GET validators, redirects, a byte cap enforced while
// streaming, and one deadline covering connect, redirects and a slow body alike.
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import type { Readable, Transform } from 'node:stream';
import { decodeBody } from './decode';
import { FetchError } from './errors';

export { FetchError } from './errors';

export interface FetchOptions {
  /** Validators from the previous successful fetch, sent as If-None-Match / If-Modified-Since. */
  etag?: string;
  lastModified?: string;
  /** Deadline for the whole exchange, redirects and body included. */
  timeoutMs: number;
  /** Largest (decompressed) body accepted; reading stops as soon as it is exceeded. */
  maxBytes: number;
  /** Defaults to 5. */
  maxRedirects?: number;
  userAgent?: string;
}

export type FetchResult =
  { status: 'not-modified' } | { status: 'ok'; body: string; contentType?: string; etag?: string; lastModified?: string; finalUrl: string };

const DEFAULT_USER_AGENT = 'feedbot/0.1 (RSS reader)';
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, ' +
  'application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';

/** `5242880` → `5 MB`, for messages a person reads. */
export function formatBytes(n: number): string {
  const units: [number, string][] = [
    [1024 * 1024 * 1024, 'GB'],
    [1024 * 1024, 'MB'],
    [1024, 'KB'],
  ];
  for (const [size, unit] of units) {
    if (n >= size) return `${Number((n / size).toFixed(1))} ${unit}`;
  }
  return `${n} bytes`;
}

function httpUrl(raw: string, original: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FetchError(original, `invalid URL "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError(original, `unsupported URL scheme ${url.protocol} (only http and https)`);
  }
  return url;
}

function send(url: URL, headers: Record<string, string>, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    // agent: false — one connection per fetch; polls are minutes apart, and idle keep-alive sockets
    // would only hold the process (and test servers) open.
    const req = client.request(url, { method: 'GET', headers, signal, agent: false }, resolve);
    req.on('error', reject);
    req.end();
  });
}

function decompressor(encoding: string | undefined): Transform | null {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case '':
    case 'identity':
      return null;
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      throw new Error(`unsupported Content-Encoding "${encoding}"`);
  }
}

/** Reads the body, giving up (and closing the connection) the moment it grows past maxBytes. */
function readBody(res: IncomingMessage, url: string, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  const tooLarge = () => new FetchError(url, `response larger than ${formatBytes(maxBytes)}`);
  const declared = Number(res.headers['content-length']);
  if (!res.headers['content-encoding'] && Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    let decoder: Transform | null;
    try {
      decoder = decompressor(res.headers['content-encoding']);
    } catch (err) {
      res.destroy();
      reject(err);
      return;
    }
    const stream: Readable = decoder ? res.pipe(decoder) : res;
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    const finish = (err: Error | null, body?: Buffer) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (err) {
        decoder?.destroy();
        res.destroy();
        reject(err);
      } else {
        resolve(body ?? Buffer.alloc(0));
      }
    };
    const onAbort = () => finish(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    signal.addEventListener('abort', onAbort);
    stream.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > maxBytes) finish(tooLarge());
      else chunks.push(chunk);
    });
    stream.on('end', () => finish(null, Buffer.concat(chunks)));
    if (decoder) decoder.on('error', (err) => finish(new Error(`cannot decompress the body: ${err.message}`)));
    // Mid-body, any socket error means the same thing to the reader: the feed arrived cut short.
    const cutShort = () => finish(new Error('connection closed before the body was complete'));
    res.on('error', cutShort);
    res.on('close', () => {
      if (!res.complete) cutShort();
    });
  });
}

function describe(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ECONNRESET':
      return 'connection reset';
    case 'ETIMEDOUT':
      return 'connection timed out';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}

export async function fetchFeed(url: string, opts: FetchOptions): Promise<FetchResult> {
  const maxRedirects = opts.maxRedirects ?? 5;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new FetchError(url, `timed out after ${opts.timeoutMs} ms`));
  }, opts.timeoutMs);

  const headers: Record<string, string> = {
    'User-Agent': opts.userAgent ?? DEFAULT_USER_AGENT,
    Accept: ACCEPT,
    'Accept-Encoding': 'gzip, deflate, br',
  };
  if (opts.etag) headers['If-None-Match'] = opts.etag;
  if (opts.lastModified) headers['If-Modified-Since'] = opts.lastModified;

  try {
    let current = httpUrl(url, url);
    const visited = new Set([current.href]);
    for (let hops = 0; ; hops++) {
      const res = await send(current, headers, controller.signal);
      const status = res.statusCode ?? 0;
      const via = current.href === url ? '' : ` (from ${current.href})`;
      if (REDIRECTS.has(status)) {
        res.destroy(); // its body is of no interest, and may be endless
        const location = res.headers.location;
        if (!location) throw new FetchError(url, `HTTP ${status} redirect without a Location header${via}`);
        let next: URL;
        try {
          next = new URL(location, current);
        } catch {
          throw new FetchError(url, `invalid redirect Location "${location}"${via}`);
        }
        httpUrl(next.href, url);
        if (visited.has(next.href)) throw new FetchError(url, `redirect loop (${current.href} → ${next.href})`);
        if (hops >= maxRedirects) throw new FetchError(url, `too many redirects (more than ${maxRedirects})`);
        visited.add(next.href);
        current = next;
        continue;
      }
      if (status === 304) {
        res.destroy();
        return { status: 'not-modified' };
      }
      if (status < 200 || status > 299) {
        res.destroy();
        throw new FetchError(url, `HTTP ${status} ${res.statusMessage ?? ''}`.trimEnd() + via, status);
      }
      const bytes = await readBody(res, url, opts.maxBytes, controller.signal);
      const contentType = res.headers['content-type'];
      const result: FetchResult = { status: 'ok', body: decodeBody(bytes, contentType), finalUrl: current.href };
      if (contentType) result.contentType = contentType;
      if (res.headers.etag) result.etag = res.headers.etag;
      if (res.headers['last-modified']) result.lastModified = res.headers['last-modified'];
      return result;
    }
  } catch (err) {
    if (timedOut) throw controller.signal.reason as FetchError;
    if (err instanceof FetchError) throw err;
    throw new FetchError(url, describe(err));
  } finally {
    clearTimeout(timer);
  }
}
