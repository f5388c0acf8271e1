// Harness for the hostile-feed corpus: a real app on a temp SQLite file, one 127.0.0.1 server
// serving every HTTP case, case files written to a temp dir, and the checks every case shares.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, pipeline } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { openApp, type App } from '../../../src/app';
import { loadConfig } from '../../../src/config';
import type { IngestReport } from '../../../src/ingest/ingest';
import type { Article } from '../../../src/store/types';
import { startServer, type TestServer } from '../../feeds/http-server';

export const TOPICS_PATH = join(import.meta.dirname, '../../../data/topics.json');

export interface CorpusContext {
  /** `http://127.0.0.1:PORT` of the corpus server. */
  origin: string;
  /** Temp dir holding the file cases and the secret. */
  dir: string;
  /** A local file an XXE payload would try to read; its content must never reach the store. */
  secretFile: string;
  secret: string;
  /** Requests the server saw under `/hit/<name>`: an external entity or DTD being fetched. */
  hits: Map<string, number>;
  /** Bytes each streaming case actually generated: proof the reader stopped early. */
  produced: Map<string, number>;
}

type Body = string | Buffer;
type Lazy<T> = T | ((ctx: CorpusContext) => T);

export type Serve =
  /** Written to `<dir>/<id>.<ext>`; the source is that path (or its file: URL). */
  | { file: Lazy<Body>; ext?: string; asFileUrl?: boolean }
  /** A local path used as is (a missing file, a directory, /dev/zero). */
  | { path: (ctx: CorpusContext) => string }
  /** Served at `/case/<id>`. */
  | { status?: number; headers?: Record<string, string>; body?: Lazy<Body> }
  /** Served at `/case/<id>` (and below it) by a custom handler: redirects, stalls, resets, streams. */
  | { handle: (req: IncomingMessage, res: ServerResponse, ctx: CorpusContext) => void };

export interface ExpectedArticle {
  title: string;
  summary?: string;
  url?: string | null;
  guid?: string | null;
  publishedAt?: string | null;
  categories?: string[];
}

export type Expectation =
  | { articles: ExpectedArticle[]; skipped?: number }
  /** The error message must also name the source (URL or path). */
  | { error: RegExp };

export interface FeedCase {
  id: string;
  name: string;
  serve: Serve;
  expect: Expectation;
  /** Further checks on this source's stored articles (ok cases). */
  check?: (articles: Article[], ctx: CorpusContext) => void;
  /** Checks on what the server saw, whatever the outcome. */
  after?: (ctx: CorpusContext) => void;
  /** Skip when the platform lacks what the case needs (e.g. /dev/zero). */
  skip?: () => string | false;
}

export const isHttp = (c: FeedCase): boolean => !('file' in c.serve) && !('path' in c.serve);

export function sourceOf(c: FeedCase, ctx: CorpusContext): string {
  if ('path' in c.serve) return c.serve.path(ctx);
  if ('file' in c.serve) {
    const path = join(ctx.dir, `${c.id}.${c.serve.ext ?? 'xml'}`);
    return c.serve.asFileUrl ? pathToFileURL(path).href : path;
  }
  return `${ctx.origin}/case/${c.id}`;
}

const lazy = <T>(v: Lazy<T>, ctx: CorpusContext): T => (typeof v === 'function' ? (v as (c: CorpusContext) => T)(ctx) : v);

/**
 * Streams a generator's chunks with backpressure: nothing is produced faster than the client
 * reads, and nothing more once it hangs up. Counts what was produced under ctx.produced[id].
 */
export function streamChunks(res: ServerResponse, ctx: CorpusContext, id: string, chunks: Iterable<Buffer>): void {
  function* counted() {
    for (const chunk of chunks) {
      ctx.produced.set(id, (ctx.produced.get(id) ?? 0) + chunk.length);
      yield chunk;
    }
  }
  pipeline(Readable.from(counted(), { objectMode: false, highWaterMark: 64 * 1024 }), res, () => {});
}

/** `total` bytes in 64 KB chunks of `fill`, generated on demand. */
export function* repeated(total: number, fill: string, prefix = '', chunkSize = 64 * 1024): Generator<Buffer> {
  let left = total;
  if (prefix) {
    yield Buffer.from(prefix);
    left -= Buffer.byteLength(prefix);
  }
  const chunk = Buffer.alloc(chunkSize, fill);
  while (left > 0) {
    yield left >= chunk.length ? chunk : chunk.subarray(0, left);
    left -= chunk.length;
  }
}

export interface Corpus {
  ctx: CorpusContext;
  server: TestServer;
  close(): Promise<void>;
}

/** Writes the file cases and starts the server for the HTTP ones, plus the good feeds. */
export async function startCorpus(
  cases: FeedCase[],
  extra: Record<string, { contentType: string; body: Lazy<Body> }> = {},
): Promise<Corpus> {
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-hostile-'));
  const secret = `TOP-SECRET-${Math.random().toString(36).slice(2)}`;
  const secretFile = join(dir, 'secret.txt');
  writeFileSync(secretFile, secret);
  const ctx: CorpusContext = { origin: '', dir, secretFile, secret, hits: new Map(), produced: new Map() };
  const byId = new Map(cases.map((c) => [c.id, c]));
  const server = await startServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const hit = /^\/hit\/([\w-]+)/.exec(path);
    if (hit) {
      ctx.hits.set(hit[1]!, (ctx.hits.get(hit[1]!) ?? 0) + 1);
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end(`<!ENTITY leaked "PWNED-${hit[1]}">PWNED-${hit[1]}`);
      return;
    }
    const fixed = extra[path];
    if (fixed) {
      res.writeHead(200, { 'Content-Type': fixed.contentType }).end(lazy(fixed.body, ctx));
      return;
    }
    const c = byId.get(/^\/case\/([\w-]+)/.exec(path)?.[1] ?? '');
    if (!c || 'file' in c.serve || 'path' in c.serve) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('no such case');
      return;
    }
    if ('handle' in c.serve) {
      c.serve.handle(req, res, ctx);
      return;
    }
    res.writeHead(c.serve.status ?? 200, c.serve.headers ?? { 'Content-Type': 'application/rss+xml; charset=utf-8' });
    res.end(c.serve.body === undefined ? undefined : lazy(c.serve.body, ctx));
  });
  ctx.origin = server.origin;
  for (const c of cases) {
    if ('file' in c.serve) writeFileSync(join(dir, `${c.id}.${c.serve.ext ?? 'xml'}`), lazy(c.serve.file, ctx));
  }
  return {
    ctx,
    server,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TempApp {
  app: App;
  close(): void;
}

/** A real app on a fresh SQLite file: 1 s feed timeout, 1 MB size caps (bodies and files) unless overridden. */
export function openTempApp(env: Record<string, string> = {}): TempApp {
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-hostile-db-'));
  const config = loadConfig({
    DATABASE_PATH: join(dir, 'feedbot.db'),
    TOPICS_PATH,
    BOT_LOCALE: 'en',
    FEED_TIMEOUT_SECONDS: '1',
    FEED_MAX_MB: '1',
    IMPORT_MAX_MB: '1',
    ...env,
  });
  const app = openApp(config);
  return {
    app,
    close() {
      app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type Outcome = { source: string; report: IngestReport } | { source: string; error: Error };

/** What `cli ingest a b c` does: every source in turn, one failing never stopping the next. */
export async function ingestAll(app: App, sources: string[]): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const source of sources) {
    try {
      out.push({ source, report: await app.ingestSource(source) });
    } catch (err) {
      out.push({ source, error: err instanceof Error ? err : new Error(String(err)) });
    }
  }
  return out;
}

/** Every stored row, articles and their topic links: to prove a failed source touched nothing. */
export function dumpRows(app: App): { articles: unknown[]; topics: unknown[] } {
  return {
    articles: app.db.prepare('SELECT * FROM articles ORDER BY seq').all(),
    topics: app.db.prepare('SELECT * FROM article_topics ORDER BY seq, topic').all(),
  };
}

export function integrityCheck(app: App): string {
  return (app.db.prepare('PRAGMA integrity_check').pluck().all() as string[]).join('; ');
}

export function articlesOf(app: App, source: string): Article[] {
  return app.store.all().filter((a) => a.source === source);
}

/** Text a user could be shown for any stored article: title, summary, url, categories. */
export function storedText(app: App): string {
  return app.store
    .all()
    .map((a) => [a.title, a.summary, a.url ?? '', a.guid ?? '', ...a.categories].join('\n'))
    .join('\n');
}

/** Stored articles (in seq order) against the expected ones: titles exactly, other fields where given. */
export function assertArticles(actual: Article[], expected: ExpectedArticle[], label: string): void {
  assert.deepEqual(
    actual.map((a) => a.title),
    expected.map((e) => e.title),
    `${label}: stored titles`,
  );
  expected.forEach((e, i) => {
    const a = actual[i]!;
    for (const key of ['summary', 'url', 'guid', 'publishedAt', 'categories'] as const) {
      if (e[key] !== undefined) assert.deepEqual(a[key], e[key], `${label}: article ${i + 1} (${e.title}) ${key}`);
    }
  });
}
