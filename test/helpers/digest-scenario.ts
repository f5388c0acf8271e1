// One user story of #15 items 2–4, run unchanged on every platform (console, Telegram fake,
// Discord fake): subscribe and get a starter at once, preview the next digest with its due
// time, receive digests, re-read yesterday's from the ledger, and see an edited article once
// under "Updated" — not again the next day. A platform supplies how a user runs a command and
// what digest messages the channel shows, both as the text a user reads.
import assert from 'node:assert/strict';
import type { App } from '../../src/app';
import type { DigestRuntime } from '../../src/digest/runtime';

export interface ScenarioDriver {
  /** An admin of the channel runs `/name` with these options; resolves with the answer's visible text. */
  command(name: string, options?: Record<string, string>): Promise<string>;
  /** The visible text of every digest message the channel has received, oldest first. */
  digestMessages(): string[];
}

export interface ScenarioWorld {
  app: App;
  /** The bot's clock, which the scenario moves (the app reads it through `clock.now`). */
  clock: { now: number };
  runtime: DigestRuntime;
  channel: string;
}

/** 08:00 in Shanghai on 2026-05-04: an hour before the digest time the scenario subscribes for. */
export const SCENARIO_START = Date.parse('2026-05-04T00:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const EDITED = 'Edited later: 目标检测综述';
const FIRST = 'Fresh one: 扩散模型采样加速';
const SECOND = 'Second day: LoRA 微调实践';

const count = (text: string, part: string) => text.split(part).length - 1;

export async function runDigestScenario(world: ScenarioWorld, driver: ScenarioDriver): Promise<void> {
  const { app, clock, runtime, channel } = world;
  const post = (guid: string, title: string, text: string) =>
    app.ingest({ source: `scenario:${channel}`, entries: [{ guid, title, text, categories: [] }] });
  clock.now = SCENARIO_START;
  post(`${channel}:edit`, EDITED, '目标检测从 R-CNN 到 YOLO 的演进。');

  // 2. The confirmation carries a starter: recent articles, labelled, not counted as delivered.
  const confirmation = await driver.command('subscribe', { time: '09:00', timezone: 'Asia/Shanghai' });
  assert.match(confirmation, /Subscribed/);
  assert.match(confirmation, /Recent articles/);
  assert.ok(confirmation.includes(EDITED), 'the newest article is in the starter');
  assert.match(confirmation, /not repeated in your digests/);

  // /digest: when the next digest is due (local time and zone) and what it would hold so far.
  const empty = await driver.command('digest');
  assert.match(empty, /Next digest: 2026-05-04 09:00 \(Asia\/Shanghai\)/);
  assert.match(empty, /0 new articles/);
  assert.ok(!empty.includes(EDITED), 'the starter is not in the next digest');
  post(`${channel}:1`, FIRST, '一种更快的扩散模型采样方法。');
  const preview = await driver.command('digest');
  assert.match(preview, /1 new article\b/);
  assert.ok(preview.includes(FIRST));
  assert.equal(driver.digestMessages().length, 0, 'a preview sends nothing');

  // Day 1, 09:00: the digest goes out.
  clock.now = SCENARIO_START + HOUR;
  assert.equal((await runtime.deliverNow(channel)).kind, 'sent');
  const day1 = driver.digestMessages();
  assert.equal(day1.length, 1);
  assert.ok(day1[0]!.includes(FIRST));
  assert.ok(!day1[0]!.includes(EDITED));

  // Day 2: the feed extends an old post and publishes a new one.
  clock.now += DAY;
  post(`${channel}:edit`, EDITED, '目标检测从 R-CNN 到 YOLO 的演进。新增一节:DETR 与端到端检测。');
  post(`${channel}:2`, SECOND, 'LoRA 微调的实践经验。');
  assert.equal((await runtime.deliverNow(channel)).kind, 'sent');
  const day2 = driver.digestMessages().slice(1).join('\n');
  assert.ok(day2.includes(SECOND));
  assert.match(day2, /Updated/);
  assert.equal(count(day2, EDITED), 1, 'the edited article is listed once');
  assert.ok(day2.indexOf(SECOND) < day2.indexOf('Updated') && day2.indexOf('Updated') < day2.indexOf(EDITED), 'after the new articles');

  // 3. Yesterday's digest, re-shown from the ledger as delivered.
  const yesterday = await driver.command('digest', { date: 'yesterday' });
  assert.match(yesterday, /The digest of 2026-05-04 as delivered at 2026-05-04 09:00 \(Asia\/Shanghai\)/);
  assert.ok(yesterday.includes(FIRST));
  assert.match(yesterday, /history covers the last 30 days/);

  // Day 3: nothing new, and the edit is not listed again.
  clock.now += DAY;
  const sentBefore = driver.digestMessages().length;
  assert.equal((await runtime.deliverNow(channel)).kind, 'empty');
  assert.equal(driver.digestMessages().length, sentBefore, 'no message on a quiet day');
  const again = await driver.command('digest', { date: 'yesterday' });
  assert.match(again, /The digest of 2026-05-05/);
  assert.equal(count(again, EDITED), 1);
  assert.match(await driver.command('digest', { date: 'today' }), /quiet day was skipped/);
  assert.match(await driver.command('digest', { date: '2026-05-01' }), /subscribed on 2026-05-04/);
  assert.match(await driver.command('digest', { date: 'someday' }), /not a day I understand/);
}
