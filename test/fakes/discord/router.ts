// Request pipeline for the fake REST API: version prefix, auth, fault injection, routing, recording.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { DiscordHttpError, errors, readBody, sendJson } from './http';
import type { CallRecorder } from './recorder';
import type { FaultInjector } from './faults';
import { failureToError } from './faults';
import type { DiscordLimiter } from './rate-limits';
import type { FaultDraw } from '../rate-window';
import type { RecordedFile } from './types';

export interface RouteContext {
  method: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  files: RecordedFile[];
}

export interface RouteResult {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  method: string;
  pattern: RegExp;
  /** Interaction callbacks and webhooks authenticate by their token in the URL, not the bot token. */
  auth: 'bot' | 'url-token';
  handle(ctx: RouteContext): RouteResult | Promise<RouteResult>;
}

export function route(method: string, template: string, handle: Route['handle'], auth: Route['auth'] = 'bot'): Route {
  const source = template
    .split('/')
    .map((part) => (part.startsWith(':') ? `(?<${part.slice(1)}>[^/]+)` : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return { method, pattern: new RegExp(`^${source}$`), auth, handle };
}

export interface PipelineDeps {
  routes: Route[];
  token: string;
  recorder: CallRecorder;
  faults: FaultInjector;
  /** Opt-in: Discord's global and per-route limits (bot-authenticated routes). */
  limiter?: DiscordLimiter;
  /** Opt-in: random faults on message posts. */
  drawFault?: () => FaultDraw;
  timeoutMs?: number;
}

const MESSAGE_POST = /^\/channels\/[^/]+\/messages$/;

const API_PREFIX = /^\/api\/v10(?=\/)/;

export function createRestHandler(deps: PipelineDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://fake.discord');
    const method = (req.method ?? 'GET').toUpperCase();
    const query = Object.fromEntries(url.searchParams);
    const routePath = url.pathname.replace(API_PREFIX, '');
    // Segments arrive percent-encoded (`%40original`); recorded paths read like Discord's docs.
    const path = routePath.split('/').map(safeDecode).join('/');
    let body: unknown;
    let files: RecordedFile[] = [];
    let status: number;
    let payload: unknown;
    let headers: Record<string, string>;
    let failure: DiscordHttpError | undefined;
    try {
      if (routePath === url.pathname) throw errors.notFound();
      ({ body, files } = await readBody(req));
      let params: Record<string, string> = {};
      const found = deps.routes.find((r) => {
        if (r.method !== method) return false;
        const m = r.pattern.exec(path);
        if (m) params = { ...m.groups };
        return m !== null;
      });
      if (found?.auth !== 'url-token' && req.headers.authorization !== `Bot ${deps.token}`) throw errors.unauthorized();
      const injected = deps.faults.take(method, path);
      if (injected) throw injected;
      if (!found) throw errors.notFound();
      let limitHeaders: Record<string, string> = {};
      if (found.auth === 'bot') {
        if (method === 'POST' && MESSAGE_POST.test(path) && deps.drawFault) {
          const fault = deps.drawFault();
          if (fault === 'timeout') {
            // Never answered and never done: the connection drops once the client has waited.
            setTimeout(() => res.destroy(), deps.timeoutMs ?? 2000).unref();
            deps.recorder.record({
              method,
              path,
              query,
              body,
              files,
              status: 0,
              failed: { kind: 'server-error', status: 0, injected: true },
            });
            return;
          }
          if (fault === 'rate-limited') throw failureToError({ kind: 'rate-limit', retryAfter: 0.2 });
          if (fault === 'server-error') throw failureToError({ kind: 'server-error' });
        }
        if (deps.limiter) limitHeaders = deps.limiter.admit(method, path, Date.now());
      }
      const result = await found.handle({ method, params, query, body, files });
      status = result.status ?? (result.body === undefined ? 204 : 200);
      payload = result.body;
      headers = { ...limitHeaders, ...(result.headers ?? {}) };
    } catch (error) {
      // A bug in the fake must surface as a visible failure, not an unhandled rejection that hangs the client.
      failure =
        error instanceof DiscordHttpError
          ? error
          : new DiscordHttpError(500, { message: `fake Discord bug: ${String(error)}`, code: 0 }, 'rejected');
      status = failure.status;
      payload = failure.body;
      headers = failure.headers;
    }
    deps.recorder.record({
      method,
      path,
      query,
      body,
      files,
      status,
      ...(failure && {
        failed: {
          kind: failure.kind,
          status: failure.status,
          code: typeof failure.body.code === 'number' ? failure.body.code : undefined,
          injected: failure.injected,
        },
      }),
    });
    sendJson(res, status, payload, headers);
  };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
