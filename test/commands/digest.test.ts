// /digest [date]: the next digest with its due time, and a past day's digest from the ledger
// or the reason there was none — each reason, each language, and bad dates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBotDigests } from '../../src/bot';
import { createTestBot } from '../helpers/bot';
import { createFakeAdapter } from '../helpers/fake-adapter';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CH = 'fake:history';

/** A bot whose clock the test moves, with digests delivered through a FakeAdapter. */
async function world(env: Record<string, string> = {}) {
  const clock = { now: Date.parse('2026-05-04T00:00:00Z') }; // 08:00 in Shanghai
  const t = await createTestBot(env, { clock: () => clock.now });
  const adapter = createFakeAdapter(t.bot);
  const runtime = createBotDigests(t.bot, () => [adapter], t.log, { timers: { at: () => () => {} } });
  let n = 0;
  const post = () =>
    t.app.ingest({
      source: 'history',
      entries: [{ guid: `h${++n}`, title: `History article ${n}`, text: '扩散模型笔记。', categories: [] }],
    });
  const text = (line: string, locale: 'en' | 'zh' = 'en') => t.text(line, { channel: CH, locale });
  return {
    clock,
    t,
    adapter,
    runtime,
    post,
    text,
    async close() {
      await runtime.stop();
      t.close();
    },
  };
}

test('/digest previews the next digest with its local due time; a paused subscription says none is due', async () => {
  const w = await world();
  try {
    await w.t.run('/subscribe 21:30 Europe/Berlin', { channel: CH });
    const preview = await w.text('/digest');
    assert.match(preview, /Next digest: 2026-05-04 21:30 \(Europe\/Berlin\)/);
    w.post();
    assert.match(await w.text('/digest'), /1 new article[\s\S]*History article 1/);
    assert.match(await w.text('/digest'), /History article 1/, 'a preview marks nothing as delivered');
    assert.match(await w.text('/digest', 'zh'), /下一份摘要:2026-05-04 21:30\(Europe\/Berlin\)/);
    w.t.bot.services.subscriptions.pause(CH, { code: 'removed' }, w.clock.now);
    assert.match(await w.text('/digest'), /paused \(the bot was removed from this chat\): no digest is due/);
  } finally {
    await w.close();
  }
});

test('history: delivered as sent, quiet day, not delivered, paused, not yet due, pruned, and in Chinese', async () => {
  const w = await world({ DIGEST_KEEP_DAYS: '10' });
  try {
    await w.t.run('/subscribe 09:00 Asia/Shanghai', { channel: CH });
    w.post();
    w.clock.now += HOUR; // 09:00, day 1 (2026-05-04)
    assert.equal((await w.runtime.deliverNow(CH)).kind, 'sent');
    const delivered = w.adapter.sent.at(-1)!.reply;

    w.clock.now += DAY; // day 2: nothing new
    assert.equal((await w.runtime.deliverNow(CH)).kind, 'empty');
    w.post();
    const ledger = w.runtime.ledger;
    w.clock.now += 2 * DAY; // days 3 and 4: no digest ran at all (the bot was down)
    w.clock.now += DAY; // day 5, 08:00 local: today's digest is not due yet
    w.clock.now -= HOUR;

    // As delivered: the very blocks that were sent, after a line saying when.
    const again = await w.t.run('/digest 2026-05-04', { channel: CH });
    assert.deepEqual(again.blocks.slice(1, -1), delivered.blocks);
    assert.equal(again.title, delivered.title);
    assert.match(await w.text('/digest 05-04'), /as delivered at 2026-05-04 09:00 \(Asia\/Shanghai\)/);
    assert.match(await w.text('/digest 2026-05-05'), /quiet day was skipped/);
    assert.match(await w.text('/digest 2026-05-07'), /No digest was sent on 2026-05-07/);
    assert.match(await w.text('/digest today'), /The digest of 2026-05-08 is due at 09:00/);
    assert.match(await w.text('/digest 2026-05-03'), /subscribed on 2026-05-04\./);
    assert.match(await w.text('/digest 昨天', 'zh'), /2026-05-07 没有发送摘要[\s\S]*摘要历史保留最近 10 天/);

    // Not delivered: the reason the ledger kept.
    const id = ledger.history(CH)[0]!.id;
    w.t.app.db.prepare(`UPDATE digests SET status = 'abandoned', last_error = 'Forbidden: bot was kicked' WHERE id = ?`).run(id);
    assert.match(await w.text('/digest 2026-05-04'), /was not delivered \(Forbidden: bot was kicked\)/);

    // Paused since day 5: days from then on say so.
    w.t.bot.services.subscriptions.pause(CH, { code: 'refused', detail: 'bot was kicked' }, w.clock.now);
    w.clock.now += 2 * DAY;
    assert.match(await w.text('/digest yesterday'), /subscription was paused \(the platform refused a digest: bot was kicked\)/);

    // Past the history window the ledger forgets: the runtime prunes, /digest says how long history is kept.
    w.t.bot.services.subscriptions.subscribe(
      { channel: CH, time: '09:00', timezone: 'Asia/Shanghai', topics: [], locale: 'en' },
      { seq: 0, at: 0 },
      w.clock.now,
    );
    w.clock.now += 12 * DAY;
    await w.runtime.start();
    assert.equal(ledger.find(CH, '2026-05-05'), undefined, 'pruned after DIGEST_KEEP_DAYS');
    assert.match(await w.text('/digest 2026-05-05'), /No record of 2026-05-05: digest history is kept for 10 days/);
  } finally {
    await w.close();
  }
});

test('a day that is no day, or still to come, gets a clear error in the caller’s language', async () => {
  const w = await world();
  try {
    await w.t.run('/subscribe 09:00 Asia/Shanghai', { channel: CH });
    const bad = await w.t.run('/digest 2026-02-30', { channel: CH });
    assert.equal(bad.kind, 'error');
    assert.equal(bad.messageId, 'digest.bad-date');
    assert.match(await w.text('/digest someday', 'zh'), /无法识别日期"someday"/);
    const future = await w.t.run('/digest 2026-05-05', { channel: CH });
    assert.equal(future.messageId, 'digest.future-date');
    const long = await w.t.run(`/digest ${'9'.repeat(200)}`, { channel: CH });
    assert.equal(long.kind, 'error', 'over the option’s length: refused before parsing');
  } finally {
    await w.close();
  }
});

test('without a subscription, /digest and /digest yesterday say how to subscribe', async () => {
  const w = await world();
  try {
    assert.match(await w.text('/digest'), /no digest subscription/);
    assert.match(await w.text('/digest yesterday'), /no digest subscription/);
  } finally {
    await w.close();
  }
});
