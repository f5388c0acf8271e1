// Test helper: several bot processes on one database with many digests due at once — a fake
// Telegram and a fake Discord on 127.0.0.1, `subscriptions` channels split between them, all
// due at the same minute half an hour ago (inside the catch-up window, so each process plans
// and sends them as it starts) with one new article each. Counts what each chat received at the
// fakes and reads the digest ledger, for the multi-instance test and bench/scale-out.ts.
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ingestFeed } from '../../src/ingest/ingest';
import { ArticleStore } from '../../src/store/articles';
import { openStoreDatabase, type DB } from '../../src/store/db';
import { SubscriptionStore } from '../../src/store/subscriptions';
import { createClassifier } from '../../src/topics/classify';
import { loadTaxonomy } from '../../src/topics/taxonomy';
import { startFakeDiscord, type FakeDiscord, type FakeGuild } from '../fakes/discord/index';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram/index';

const ROOT = join(import.meta.dirname, '../..');
const TG_TOKEN = '123456789:CLUSTERtest-Aa1Bb2Cc3Dd4Ee5Ff6';
const HOUR = 3_600_000;
const CHANNELS_PER_GUILD = 100;

/** Where the shared database is: a SQLite file or a postgres:// URL. */
export type StoreTarget = { path: string } | { url: string };

export const storeEnv = (target: StoreTarget): Record<string, string> =>
  'path' in target ? { DATABASE_PATH: target.path } : { DATABASE_URL: target.url };

export interface ClusterWorld {
  tg: FakeTelegram;
  dc: FakeDiscord;
  /** Every subscribed channel as the bot names it (`telegram:<chat>`, `discord:<channel>`). */
  channels: string[];
  /** The article every digest must list. */
  title: string;
  /** Settings of instance `i` (its name is `i<i>`, its search index in `dir`), plus `extra`. */
  env(i: number, extra?: Record<string, string>): Promise<Record<string, string>>;
  /** Digest messages a channel has received at its fake, oldest first, with their platform ids. */
  received(channel: string): { id: string; text: string }[];
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

/**
 * Seeds `target` with `subscriptions` channels (first half Telegram supergroups, the rest Discord
 * channels in servers of 100) due at one minute 30 minutes ago, and starts the fakes.
 */
export async function startClusterWorld(target: StoreTarget, dir: string, subscriptions: number): Promise<ClusterWorld> {
  const tgCount = Math.ceil(subscriptions / 2);
  const tgChats = Array.from({ length: tgCount }, (_, i) => -1_001_000_000_000 - i);
  const dcChannels = Array.from({ length: subscriptions - tgCount }, (_, i) => String(310_000_000_000_000_000n + BigInt(i)));
  const guilds: FakeGuild[] = [];
  for (let g = 0; g * CHANNELS_PER_GUILD < dcChannels.length; g++) {
    guilds.push({
      id: String(200_000_000_000_000_000n + BigInt(g)),
      name: `Readers ${g}`,
      channels: dcChannels.slice(g * CHANNELS_PER_GUILD, (g + 1) * CHANNELS_PER_GUILD).map((id) => ({ id, name: `digest-${id}` })),
    });
  }
  const channels = [...tgChats.map((c) => `telegram:${c}`), ...dcChannels.map((c) => `discord:${c}`)];
  const title = 'Scaling out: 多实例共享一个数据库';
  seedDue(target, channels, title);

  const tg = await startFakeTelegram({ token: TG_TOKEN, botUsername: 'FeedBot' });
  const dc = await startFakeDiscord({ guilds });
  return {
    tg,
    dc,
    channels,
    title,
    async env(i, extra = {}) {
      return {
        ...storeEnv(target),
        BOT_INSTANCE_ID: `i${i}`,
        SEARCH_INDEX_PATH: join(dir, `search-i${i}.db`),
        TELEGRAM_BOT_TOKEN: TG_TOKEN,
        TELEGRAM_API_ROOT: tg.apiRoot,
        // Several processes serve one Telegram bot only in webhook mode (behind one address).
        TELEGRAM_WEBHOOK_URL: 'https://bot.example.test/tg/hook',
        TELEGRAM_WEBHOOK_PORT: String(await freePort()),
        TELEGRAM_WEBHOOK_SECRET: 'cluster-secret_1',
        DISCORD_TOKEN: dc.token,
        DISCORD_API_ROOT: dc.apiRoot,
        LOG_LEVEL: 'info',
        ...extra,
      };
    },
    received(channel) {
      const [platform, id] = channel.split(':') as [string, string];
      if (platform === 'telegram') return tg.messagesIn(Number(id)).map((m) => ({ id: String(m.messageId), text: m.text }));
      return dc.messagesIn(id).map((m) => ({ id: m.id, text: `${m.content}\n${JSON.stringify(m.embeds)}` }));
    },
    async close() {
      await tg.close();
      await dc.close();
    },
  };
}

/** Straight into the store (either engine), as the bot's own ingest and /subscribe would write it. */
function seedDue(target: StoreTarget, channels: readonly string[], title: string): void {
  let now = Date.now() - 2 * HOUR;
  const db = openStoreDatabase('path' in target ? target.path : target.url);
  try {
    const store = new ArticleStore(db);
    const due = new Date(Date.now() - HOUR / 2);
    const time = `${String(due.getUTCHours()).padStart(2, '0')}:${String(due.getUTCMinutes()).padStart(2, '0')}`;
    const subs = new SubscriptionStore(db);
    const mark = { seq: store.watermarkNow().seq, at: now };
    db.transaction(() => {
      for (const channel of channels) subs.subscribe({ channel, time, timezone: 'UTC', topics: [], locale: 'en' }, mark, now);
    })();
    now += 60_000;
    const classifier = createClassifier(loadTaxonomy(join(ROOT, 'data/topics.json')));
    ingestFeed(
      { store, classifier, now: () => now },
      {
        source: 'cluster-test',
        entries: [{ guid: 'cluster-1', title, text: 'Three processes, one database: every digest once.', categories: [] }],
      },
    );
  } finally {
    db.close();
  }
}

export interface LedgerState {
  /** Digests per status. */
  byStatus: Record<string, number>;
  /** Digests still leased (pending or not), by holder. */
  leased: Record<string, number>;
  /** Confirmed message ids by channel (one-part digests: one each). */
  confirmed: Map<string, string[]>;
  /** Parts not confirmed, and digests without parts: both must be zero once all is sent. */
  unconfirmedParts: number;
  digestsWithoutParts: number;
}

/** The digest ledger as the processes left it (same SQL on both engines). */
export function readLedger(db: DB): LedgerState {
  const byStatus: Record<string, number> = {};
  for (const r of db.prepare<[], { status: string; n: number }>('SELECT status, count(*) AS n FROM digests GROUP BY status').all())
    byStatus[r.status] = r.n;
  const leased: Record<string, number> = {};
  for (const r of db
    .prepare<[], { holder: string; n: number }>(
      'SELECT lease_holder AS holder, count(*) AS n FROM digests WHERE lease_holder IS NOT NULL GROUP BY lease_holder',
    )
    .all())
    leased[r.holder] = r.n;
  const confirmed = new Map<string, string[]>();
  for (const r of db
    .prepare<[], { channel: string; messageId: string }>(
      `SELECT d.channel AS channel, p.message_id AS "messageId" FROM digest_parts p JOIN digests d ON d.id = p.digest_id
        WHERE p.message_id IS NOT NULL ORDER BY d.id, p.idx`,
    )
    .all())
    confirmed.set(r.channel, [...(confirmed.get(r.channel) ?? []), r.messageId]);
  const unconfirmedParts = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM digest_parts WHERE message_id IS NULL').get()!.n;
  const digestsWithoutParts = db
    .prepare<[], { n: number }>(
      `SELECT count(*) AS n FROM digests d WHERE d.status = 'sent' AND NOT EXISTS (SELECT 1 FROM digest_parts p WHERE p.digest_id = d.id)`,
    )
    .get()!.n;
  return { byStatus, leased, confirmed, unconfirmedParts, digestsWithoutParts };
}

/** Channels whose pending digest `holder` had leased (what a survivor must take over once it dies). */
export function leasedBy(db: DB, holder: string): string[] {
  return db
    .prepare<[string], { channel: string }>(`SELECT channel FROM digests WHERE status = 'pending' AND lease_holder = ? ORDER BY id`)
    .all(holder)
    .map((r) => r.channel);
}
