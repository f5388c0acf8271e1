// Loads a configured feed source, a local file path or an http(s) URL, into a decoded body.
// Parsing is left to the caller, which routes feeds and plain-text snapshots to their readers.
import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeBody } from './decode';
import { FetchError, SourceReadError } from './errors';
import { fetchFeed, formatBytes } from './fetch';

export { SourceReadError } from './errors';

export interface LoadOptions {
  timeoutMs: number;
  maxBytes: number;
  userAgent?: string;
  /** Reads a local file as text; defaults to reading bytes and decoding them like an HTTP body. */
  readText?: (path: string) => Promise<string>;
  fetch?: typeof fetchFeed;
}

export interface LoadedSource {
  body: string;
  contentType?: string;
}

/**
 * Reads at most maxBytes of a file, as fetch does of a body: a huge file, or one that never ends
 * (a FIFO, /dev/zero), is refused without being held in memory.
 */
async function readLocal(path: string, maxBytes: number): Promise<string> {
  const stream = createReadStream(path);
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) throw new Error(`file larger than ${formatBytes(maxBytes)}`);
      chunks.push(chunk);
    }
  } finally {
    stream.destroy();
  }
  return decodeBody(Buffer.concat(chunks));
}

/** Why a local file could not be read, for a message a person acts on. */
export function describeFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException | null;
  if (e?.code === 'ENOENT') return 'ENOENT (no such file)';
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return `${e.code} (permission denied)`;
  if (e?.code === 'EISDIR') return 'EISDIR (is a directory)';
  return e?.code ? `${e.code} (${e.message})` : String(err instanceof Error ? err.message : err);
}

/** True for an http(s) URL; anything else is a local file (a path or a file: URL). */
export function isHttpSource(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

/**
 * The path of a local source, or null for an http(s) URL. Other URL schemes are refused: a typo
 * or an unsupported protocol, not a file name (single letters are Windows drives).
 */
export function localPath(source: string): string | null {
  if (isHttpSource(source)) return null;
  if (/^[a-z][a-z0-9+.-]+:/i.test(source) && !/^file:/i.test(source)) {
    throw new FetchError(source, `unsupported URL scheme ${source.slice(0, source.indexOf(':') + 1)} (only http and https)`);
  }
  if (!/^file:/i.test(source)) return source;
  try {
    return fileURLToPath(source);
  } catch (err) {
    throw new SourceReadError(source, describeFsError(err));
  }
}

export async function loadSource(source: string, opts: LoadOptions): Promise<LoadedSource> {
  if (/^https?:\/\//i.test(source)) {
    const fetch = opts.fetch ?? fetchFeed;
    const res = await fetch(source, { timeoutMs: opts.timeoutMs, maxBytes: opts.maxBytes, userAgent: opts.userAgent });
    // Without validators a server has no business answering 304; treat it as the error it is.
    if (res.status === 'not-modified') throw new FetchError(source, 'HTTP 304 Not Modified without a conditional request');
    return res.contentType === undefined ? { body: res.body } : { body: res.body, contentType: res.contentType };
  }
  // A scheme other than file: is a typo or unsupported, not a file name; single letters are Windows drives.
  if (/^[a-z][a-z0-9+.-]+:/i.test(source) && !/^file:/i.test(source)) {
    throw new FetchError(source, `unsupported URL scheme ${source.slice(0, source.indexOf(':') + 1)} (only http and https)`);
  }
  let path = source;
  try {
    if (/^file:/i.test(source)) path = fileURLToPath(source);
    return { body: await (opts.readText ? opts.readText(path) : readLocal(path, opts.maxBytes)) };
  } catch (err) {
    throw new SourceReadError(path, describeFsError(err));
  }
}
