// Test doubles for digest delivery: a sender that records what it was asked to send and
// fails on cue, and a real SQLite database in a temp dir that several "processes" can open
// (time comes from ./fake-time).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeliveryError, type DeliveryFailure } from '../../src/core/errors';
import type { Logger } from '../../src/core/log';
import type { DigestSender } from '../../src/core/sender';
import type { Pacing, Reply, SendContext, SendResult } from '../../src/core/types';
import { TELEGRAM_PACING } from '../../src/adapters/telegram/delivery';
import { DISCORD_PACING } from '../../src/adapters/discord/index';
import { openDatabase, type DB } from '../../src/store/db';
import { ArticleStore } from '../../src/store/articles';
import { SubscriptionStore, type SubscribeInput, type Subscription } from '../../src/store/subscriptions';
import type { Article } from '../../src/store/types';
import { loadTaxonomy } from '../../src/topics/taxonomy';
import { TopicRegistry } from '../../src/topics/registry';
import { createDigestRuntime, type DigestRuntime, type DigestRuntimeDeps } from '../../src/digest/runtime';
import { FakeTime } from './fake-time';

export { FakeTime, flush } from './fake-time';
import { TOPICS_PATH } from '../helpers/sample-archive';

export type Fault = DeliveryError | Error | 'hang';

/** What the real adapters declare: digests to `telegram:`/`discord:` channels are paced like theirs. */
export const PLATFORM_PACING: Record<string, Pacing> = { telegram: TELEGRAM_PACING, discord: DISCORD_PACING };

export const fault = {
  rateLimited: (retryAfterMs: number) => new DeliveryError({ kind: 'rate-limited', retryAfterMs }, `429 retry after ${retryAfterMs}`),
  transient: () => new DeliveryError({ kind: 'transient' }, '502 bad gateway'),
  noAnswer: () => new DeliveryError({ kind: 'transient', noAnswer: true }, 'other side closed'),
  permanent: (reason = 'bot was kicked from the group') => new DeliveryError({ kind: 'permanent', reason }, reason),
  migrated: (newChannel: string) => new DeliveryError({ kind: 'migrated', newChannel } satisfies DeliveryFailure, 'group upgraded'),
};

export interface SendCall {
  channel: string;
  reply: Reply;
  at: number;
  outcome: 'ok' | 'failed' | 'hang';
  error?: DeliveryError | Error;
  context?: SendContext;
}

/** A DigestSender that records every call; scripted or computed faults make calls fail. */
export class RecordingSender implements DigestSender {
  readonly calls: SendCall[] = [];
  readonly sent: { channel: string; reply: Reply; at: number; messageId: string }[] = [];
  private readonly scripted = new Map<string, Fault[]>();
  private ids = 0;
  /** Consulted for every call without a scripted fault. */
  faultFor?: (call: { channel: string; reply: Reply; n: number }) => Fault | undefined;
  /** How long the platform takes to answer (virtual time); 0 when unset. */
  latencyFor?: (call: { channel: string; n: number }) => number;
  /** Most sends in flight at once, per platform prefix. */
  readonly maxInFlight = new Map<string, number>();
  private readonly inFlight = new Map<string, number>();

  constructor(
    private readonly clock: () => number,
    private readonly splitter: (reply: Reply) => Reply[] = (r) => [r],
    private readonly sleep: (ms: number) => Promise<void> = async () => {},
  ) {}

  /** The next calls to `channel` fail with these, in order. */
  failNext(channel: string, ...faults: Fault[]): void {
    this.scripted.set(channel, [...(this.scripted.get(channel) ?? []), ...faults]);
  }

  split(_channel: string, reply: Reply): Reply[] {
    return this.splitter(reply);
  }

  pacing(platform: string): Pacing | undefined {
    return PLATFORM_PACING[platform];
  }

  async send(channel: string, reply: Reply, context?: SendContext): Promise<SendResult> {
    const n = this.calls.length;
    const f = this.scripted.get(channel)?.shift() ?? this.faultFor?.({ channel, reply, n });
    const at = this.clock();
    this.calls.push({
      channel,
      reply,
      at,
      outcome: f === 'hang' ? 'hang' : f ? 'failed' : 'ok',
      ...(f && f !== 'hang' ? { error: f } : {}),
      ...(context ? { context } : {}),
    });
    if (f === 'hang') return new Promise<SendResult>(() => {}); // a process that died mid-send
    const platform = channel.split(':')[0]!;
    const busy = (this.inFlight.get(platform) ?? 0) + 1;
    this.inFlight.set(platform, busy);
    this.maxInFlight.set(platform, Math.max(busy, this.maxInFlight.get(platform) ?? 0));
    try {
      const latency = this.latencyFor?.({ channel, n }) ?? 0;
      if (latency > 0) await this.sleep(latency);
    } finally {
      this.inFlight.set(platform, this.inFlight.get(platform)! - 1);
    }
    if (f) throw f;
    const messageId = `msg-${++this.ids}`;
    this.sent.push({ channel, reply, at, messageId });
    return { messageId };
  }

  sentTo(channel: string): Reply[] {
    return this.sent.filter((s) => s.channel === channel).map((s) => s.reply);
  }
}

/** The recording sender as a process running only `platform`'s adapter sees it. */
export function servingOnly(sender: RecordingSender, platform: string): DigestSender {
  return {
    split: (channel, reply) => sender.split(channel, reply),
    send: (channel, reply, context) => sender.send(channel, reply, context),
    pacing: (p) => sender.pacing(p),
    serves: (channel) => channel.startsWith(`${platform}:`),
  };
}

/** Splits a digest into one part per block, the title on the first: a 3-topic digest → 3 parts. */
export function perBlock(reply: Reply): Reply[] {
  return reply.blocks.map((b, i) => ({ ...reply, ...(i === 0 ? {} : { title: `(${i + 1})` }), blocks: [b] }));
}

/** How long a failed call was told to wait (0 unless it was a rate limit). */
export function retryAfterOf(call: SendCall): number {
  const f = call.error instanceof DeliveryError ? call.error.failure : undefined;
  return f?.kind === 'rate-limited' ? f.retryAfterMs : 0;
}

/** Every article id shown in a list of replies. */
export function shownIds(replies: Reply[]): string[] {
  return replies.flatMap((r) => r.blocks.flatMap((b) => (b.kind === 'articles' ? b.items.map((i) => i.id) : [])));
}

export { seeded } from '../helpers/rng';

export function textOf(replies: Reply[]): string {
  return replies.map((r) => [r.title ?? '', ...r.blocks.map((b) => (b.kind === 'text' ? b.text : ''))].join('\n')).join('\n');
}

export interface LogLine {
  level: string;
  msg: string;
  ctx?: Record<string, unknown>;
}

export function recordingLogger(lines: LogLine[] = [], bindings: Record<string, unknown> = {}): Logger & { lines: LogLine[] } {
  const at = (level: string) => (msg: string, ctx?: Record<string, unknown>) => {
    const all = { ...bindings, ...ctx };
    lines.push({ level, msg, ...(Object.keys(all).length ? { ctx: all } : {}) });
  };
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => recordingLogger(lines, { ...bindings, ...more }),
  };
}

/** One process's view of the shared database: its own connection and stores. */
export interface Proc {
  db: DB;
  store: ArticleStore;
  subs: SubscriptionStore;
  topics: TopicRegistry;
}

export interface Env extends Proc {
  dir: string;
  path: string;
  time: FakeTime;
  sender: RecordingSender;
  log: Logger & { lines: LogLine[] };
  /** Another connection to the same file, as a second bot process would have. */
  openProcess(): Proc;
  runtime(over?: Partial<DigestRuntimeDeps> & { proc?: Proc }): DigestRuntime;
  addArticles(specs: { topics: string[]; title?: string }[]): Article[];
  /** The feed republishes an article (same guid) with a new title or text. */
  editArticle(a: Article, change: { title?: string; summary?: string }, proc?: Proc): Article;
  subscribe(channel: string, over?: Partial<SubscribeInput>): Subscription;
  close(): void;
}

export interface EnvOptions {
  split?: (r: Reply) => Reply[];
  /** Opens another connection to the shared database (forEachEngine's `open`); a SQLite file in `dir` by default. */
  open?: () => DB;
}

export function makeEnv(start: string, opts: EnvOptions = {}): Env {
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-digest-'));
  const path = join(dir, 'feedbot.db');
  const taxonomy = loadTaxonomy(TOPICS_PATH);
  const conns: DB[] = [];
  const open = opts.open ?? (() => openDatabase(path));
  const openProcess = (): Proc => {
    const db = open();
    conns.push(db);
    const store = new ArticleStore(db);
    return { db, store, subs: new SubscriptionStore(db), topics: new TopicRegistry(taxonomy, store) };
  };
  const main = openProcess();
  const time = new FakeTime(start);
  const sender = new RecordingSender(time.clock, opts.split, time.sleep);
  const log = recordingLogger();
  let n = 0;
  return {
    ...main,
    dir,
    path,
    time,
    sender,
    log,
    openProcess,
    runtime(over = {}) {
      const { proc = main, ...rest } = over;
      return createDigestRuntime({
        db: proc.db,
        store: proc.store,
        subscriptions: proc.subs,
        topics: proc.topics,
        sender,
        clock: time.clock,
        log,
        catchupHours: 6,
        maxEntries: 15,
        timers: time.timers,
        sleep: time.sleep,
        ...rest,
      });
    },
    addArticles(specs) {
      return specs.map((s) => {
        const i = ++n;
        return main.store.upsert(
          {
            id: `a${i}`,
            dedupKey: `k${i}`,
            source: 'test',
            guid: `g${i}`,
            url: `https://example.com/${i}`,
            title: s.title ?? `Article ${i}`,
            summary: `Summary of article ${i} with enough words to make a snippet.`,
            contentHash: `h${i}`,
            categories: [],
            topics: s.topics,
            publishedAt: null,
          },
          time.now,
        ).article;
      });
    },
    editArticle(a, change, proc = main) {
      const title = change.title ?? a.title;
      const summary = change.summary ?? a.summary;
      return proc.store.upsert(
        {
          id: a.id,
          dedupKey: `k${a.id.slice(1)}`,
          source: a.source,
          guid: a.guid,
          url: a.url,
          title,
          summary,
          contentHash: `${title}\n${summary}`,
          categories: a.categories,
          topics: a.topics,
          publishedAt: a.publishedAt,
        },
        time.now,
      ).article;
    },
    subscribe(channel, over = {}) {
      const mark = main.store.watermarkNow();
      return main.subs.subscribe(
        { channel, time: '09:00', timezone: 'Europe/Berlin', topics: [], locale: 'en', ...over },
        { seq: mark.seq, at: mark.firstSeenAt, editSeq: main.store.editWatermarkNow() },
        time.now,
      ).sub;
    },
    close() {
      for (const db of conns) if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
