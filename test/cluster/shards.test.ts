// Discord sharded across processes (`node src/main.ts` with DISCORD_SHARD_IDS of
// DISCORD_SHARD_COUNT) sharing one database: each process gets only its shards' servers from the
// gateway, answers their commands, and sends the digests of their channels — each exactly once.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { SubscriptionStore } from '../../src/store/subscriptions';
import { startFakeDiscord } from '../fakes/discord/index';
import { shardOfGuild } from '../fakes/discord/gateway';
import { killAll, ROOT, spawnBot, until } from '../hardening/bot-process';

after(killAll);

// Snowflakes whose timestamp bits put them on shards 0 and 1 of 2.
const GUILDS = [String(1_000_000_000n << 22n), String(1_000_000_001n << 22n)];
const CHANNELS = ['300000000000000010', '300000000000000011'];
const HOUR = 3_600_000;

/** A database whose two Discord channels were due an hour ago (inside the catch-up window) with new articles. */
function dueArchive(path: string): void {
  const start = Date.now() - 2 * HOUR;
  let now = start;
  const app = openApp(
    loadConfig({ DATABASE_PATH: path, TOPICS_PATH: join(ROOT, 'data/topics.json'), SAMPLE_FEED_DIR: join(ROOT, 'data/sample-feed') }),
    { clock: () => now },
  );
  try {
    const due = new Date(start + HOUR);
    const time = `${String(due.getUTCHours()).padStart(2, '0')}:${String(due.getUTCMinutes()).padStart(2, '0')}`;
    const subs = new SubscriptionStore(app.db);
    for (const channel of CHANNELS) {
      subs.subscribe(
        { channel: `discord:${channel}`, time, timezone: 'UTC', topics: [], locale: 'en' },
        { seq: app.store.watermarkNow().seq, at: now },
        now,
      );
    }
    now += 60_000;
    app.ingest({
      source: 'shards-test',
      entries: [{ guid: 'sharded-1', title: 'Sharding a chat bot: 分片与路由', text: 'Each process holds some shards.', categories: [] }],
    });
  } finally {
    app.close();
  }
}

describe('Discord shards split across processes', { timeout: 90_000 }, () => {
  it('each process serves its shards: their commands answered, their digests sent once', async () => {
    assert.deepEqual(
      GUILDS.map((g) => shardOfGuild(g, 2)),
      [0, 1],
    );
    const dc = await startFakeDiscord({
      guilds: GUILDS.map((id, i) => ({ id, name: `Guild ${i}`, channels: [{ id: CHANNELS[i]!, name: 'digest' }] })),
    });
    const dir = mkdtempSync(join(tmpdir(), 'feedbot-shards-'));
    try {
      const path = join(dir, 'feedbot.db');
      dueArchive(path);
      const env = (ids: string) => ({
        DISCORD_TOKEN: dc.token,
        DISCORD_API_ROOT: dc.apiRoot,
        DATABASE_PATH: path,
        DISCORD_SHARD_COUNT: '2',
        DISCORD_SHARD_IDS: ids,
      });
      const procs = [spawnBot(env('0')), spawnBot(env('1'))];
      for (const p of procs) await p.waitForOutput(/"adapter":"discord".*connected/, 30_000);
      await until(() => CHANNELS.every((c) => dc.messagesIn(c).length > 0), 'both digests');
      await new Promise((resolve) => setTimeout(resolve, 500));
      for (const [i, c] of CHANNELS.entries()) {
        assert.equal(dc.messagesIn(c).length, 1, `one digest in guild ${i}'s channel`);
        assert.match(procs[i]!.output(), new RegExp(`digest sent.*discord:${c}|discord:${c}.*digest sent`), `sent by shard ${i}'s process`);
        assert.doesNotMatch(procs[1 - i]!.output(), new RegExp(`discord:${c}`), `nothing of guild ${i} in the other process`);
      }
      assert.match(procs[0]!.output(), /"guilds":1,.*"shards":"0 of 2"/);

      // A command in guild 1 reaches the process running shard 1, which answers it.
      const sent = await dc.slashCommand({ name: 'help', guildId: GUILDS[1]!, channelId: CHANNELS[1]! });
      await dc.waitForCall((c) => c.path === `/interactions/${sent.id}/${sent.token}/callback`);
      for (const p of procs) await p.kill('SIGTERM');
    } finally {
      await dc.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
