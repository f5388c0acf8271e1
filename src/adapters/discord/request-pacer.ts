// Discord's global limit, kept at the moment each HTTP request leaves. discord.js counts that
// limit in fixed one-second windows: what it holds back leaves together when a window turns,
// right after a full window, so a sliding second sees up to twice the limit, and Discord
// answers with a global 429 that stops every request for a whole second (Retry-After is in
// whole seconds). Its own retries (after a 500 or a dropped connection) are not seen by the
// digests' pacing either. Every request discord.js makes passes through here, so no second
// ever holds more than the configured rate of them. Interaction answers are exempt, as they
// are from Discord's global limit, so a command's reply never waits behind a fan-out.
// When a global 429 comes all the same (requests bunched on the way), its Retry-After header
// is in whole seconds and discord.js would stop every request for that long; the body's
// retry_after gives the wait to the millisecond, and that is what discord.js is told.
import { Queue } from '@datastructures-js/queue';
import { DefaultRestOptions, type ResponseLike } from 'discord.js';
import { RateWindow } from '../../core/rate-window';

type MakeRequest = typeof DefaultRestOptions.makeRequest;

export interface RequestPacerDeps {
  clock?: () => number;
  /** The request itself (default: discord.js's own). */
  send?: MakeRequest;
}

/** Interaction callbacks and their follow-up webhooks: outside Discord's global limit. */
const EXEMPT = /\/(interactions\/\d+\/[^/]+\/callback|webhooks\/\d+\/[^/?]+)(\/|\?|$)/;

export interface RequestPacer {
  makeRequest: MakeRequest;
  /** Requests waiting for room in the window. */
  waiting(): number;
}

export function requestPacer(perSecond: number, deps: RequestPacerDeps = {}): RequestPacer {
  const clock = deps.clock ?? Date.now;
  const send = deps.send ?? DefaultRestOptions.makeRequest;
  const rate = new RateWindow(perSecond);
  const queue = new Queue<() => void>();
  let timer: NodeJS.Timeout | null = null;

  const pump = (): void => {
    timer = null;
    while (queue.size()) {
      // Read afresh for each request: it is counted at the moment it leaves.
      const now = clock();
      const free = rate.freeAt(now);
      if (free > now) {
        timer = setTimeout(pump, Math.max(1, Math.ceil(free - now)));
        return;
      }
      rate.record(now);
      queue.dequeue()!();
    }
  };

  const makeRequest: MakeRequest = (url, init) => {
    if (EXEMPT.test(url)) return send(url, init);
    return new Promise<ResponseLike>((resolve, reject) => {
      queue.enqueue(() => void send(url, init).then(preciseGlobalWait).then(resolve, reject));
      if (!timer) pump();
    });
  };
  return { makeRequest, waiting: () => queue.size() };
}

/**
 * A global 429 with its Retry-After set from the body's `retry_after` when that is sooner
 * (the header rounds up to whole seconds). Other answers are returned as they are.
 */
export async function preciseGlobalWait(res: ResponseLike): Promise<ResponseLike> {
  if (res.status !== 429 || !res.headers.has('X-RateLimit-Global')) return res;
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const seconds = (body as { retry_after?: unknown } | undefined)?.retry_after;
  const header = Number(res.headers.get('Retry-After'));
  const headers = new Headers(res.headers);
  if (typeof seconds === 'number' && seconds >= 0 && !(seconds >= header)) headers.set('Retry-After', String(seconds));
  return {
    body: null,
    bodyUsed: true,
    headers,
    status: res.status,
    statusText: res.statusText,
    ok: res.ok,
    text: async () => text,
    json: async () => JSON.parse(text) as unknown,
    arrayBuffer: async () => new TextEncoder().encode(text).buffer as ArrayBuffer,
  };
}
