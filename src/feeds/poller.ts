// Polls a list of feed URLs on an interval with conditional GETs, handing each changed feed to
// onFeed (or its body to ingest). A body identical to the last one stored is skipped without
// being parsed, for servers that send no validators. One feed failing never stops the others,
// and polls never overlap.
import { createHash } from 'node:crypto';
import type { ParsedFeed } from './types';
import { parseFeed } from './detect';
import { fetchFeed } from './fetch';
import { redactUrl, withoutCredentials } from '../text/url-credentials';

export interface PollValidators {
  etag?: string;
  lastModified?: string;
  /** SHA-256 of the last body that was ingested. */
  bodyHash?: string;
}

/** Remembers each URL's validators between polls (the lead backs it with SQLite). */
export interface PollStateStore {
  get(url: string): PollValidators | undefined;
  set(url: string, validators: PollValidators): void;
}

export interface PollReport {
  url: string;
  /**
   * `not-modified`: the server answered 304. `unchanged`: the body is the one ingested last time.
   * `skipped`: stop() was called before this URL's turn came.
   */
  status: 'ingested' | 'not-modified' | 'unchanged' | 'failed' | 'skipped';
  /** Entries read from the feed, when ingested. */
  entries?: number;
  error?: Error;
}

export interface PollerOptions {
  urls: string[];
  intervalMs: number;
  state: PollStateStore;
  /** Receives each changed feed, parsed on the polling thread (unless `ingest` is given). */
  onFeed?: (feed: ParsedFeed) => Promise<void> | void;
  /**
   * Parses and stores a body (e.g. in an ingest worker) instead of parse + onFeed, so a large
   * feed is never parsed on the polling thread. Resolves with the number of entries read.
   */
  ingest?: (body: string, url: string, contentType?: string) => Promise<{ entries: number }>;
  onError: (url: string, err: Error) => void;
  timeoutMs: number;
  maxBytes: number;
  userAgent?: string;
  fetch?: typeof fetchFeed;
  parse?: (body: string, source: string, contentType?: string) => ParsedFeed;
  /** How many URLs are fetched at once; default 1 (feeds are few, and onFeed writes are cheap in order). */
  concurrency?: number;
  /** A repeating timer, setInterval-like; injectable so tests drive ticks by hand. */
  setTimer?: (tick: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export interface Poller {
  /** Polls now, then every intervalMs. Calling it again while running does nothing. */
  start(): void;
  /** Stops the timer, lets the in-flight poll finish its current URLs (skipping the rest) and waits for it. */
  stop(): Promise<void>;
  /** Polls every URL once; joins the poll already running instead of starting a second one. */
  pollOnce(): Promise<PollReport[]>;
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

export function createPoller(opts: PollerOptions): Poller {
  const fetch = opts.fetch ?? fetchFeed;
  const parse = opts.parse ?? parseFeed;
  const setTimer = opts.setTimer ?? ((tick, ms) => setInterval(tick, ms));
  const clearTimer = opts.clearTimer ?? ((handle) => clearInterval(handle as ReturnType<typeof setInterval>));
  let inFlight: Promise<PollReport[]> | null = null;
  let timer: unknown = null;
  let stopping = false;

  function reportError(url: string, error: Error): PollReport {
    try {
      opts.onError(url, error);
    } catch {
      // A faulty error handler must not take the remaining feeds down with it.
    }
    return { url, status: 'failed', error };
  }

  async function pollUrl(configured: string): Promise<PollReport> {
    // Only the fetch sees the configured URL: state, sources, errors and reports get it without credentials.
    const url = redactUrl(configured);
    try {
      const previous = opts.state.get(url) ?? {};
      const res = await fetch(configured, {
        etag: previous.etag,
        lastModified: previous.lastModified,
        timeoutMs: opts.timeoutMs,
        maxBytes: opts.maxBytes,
        userAgent: opts.userAgent,
      });
      if (res.status === 'not-modified') return { url, status: 'not-modified' };
      const next: PollValidators = {};
      if (res.etag) next.etag = res.etag;
      if (res.lastModified) next.lastModified = res.lastModified;
      next.bodyHash = createHash('sha256').update(res.body).digest('hex');
      if (previous.bodyHash === next.bodyHash) {
        opts.state.set(url, next);
        return { url, status: 'unchanged' };
      }
      // The configured URL, not res.finalUrl, names the source so articles keep one source across redirects.
      let entries: number;
      if (opts.ingest) entries = (await opts.ingest(res.body, url, res.contentType)).entries;
      else {
        const feed = parse(res.body, url, res.contentType);
        await opts.onFeed?.(feed);
        entries = feed.entries.length;
      }
      // Only now: saving validators for a feed that failed to ingest would make the next poll a 304 and lose it.
      opts.state.set(url, next);
      return { url, status: 'ingested', entries };
    } catch (err) {
      return reportError(url, withoutCredentials(asError(err)));
    }
  }

  async function runPoll(): Promise<PollReport[]> {
    const reports = new Array<PollReport>(opts.urls.length);
    let nextIndex = 0;
    const worker = async () => {
      while (nextIndex < opts.urls.length) {
        const i = nextIndex++;
        const url = opts.urls[i]!;
        reports[i] = stopping ? { url: redactUrl(url), status: 'skipped' } : await pollUrl(url);
      }
    };
    const workers = Math.max(1, Math.min(opts.concurrency ?? 1, opts.urls.length));
    await Promise.all(Array.from({ length: workers }, worker));
    return reports;
  }

  function pollOnce(): Promise<PollReport[]> {
    if (inFlight) return inFlight;
    const poll = runPoll().finally(() => {
      inFlight = null;
    });
    inFlight = poll;
    return poll;
  }

  function tick(): void {
    // A poll still running (slow feeds) swallows this tick rather than queueing a second poll;
    // a tick that fires after stop() (already queued by the timer) does nothing.
    if (inFlight || timer === null) return;
    void pollOnce();
  }

  return {
    start() {
      if (timer !== null) return;
      stopping = false;
      timer = setTimer(tick, opts.intervalMs);
      tick();
    },
    async stop() {
      stopping = true;
      if (timer !== null) clearTimer(timer);
      timer = null;
      if (inFlight) await inFlight;
      stopping = false;
    },
    pollOnce,
  };
}
