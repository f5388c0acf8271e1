// Digest subscriptions on both engines: one per channel, re-subscribing keeps the watermark,
// pausing records why, watermarks never move backwards.
import assert from 'node:assert/strict';
import { SubscriptionStore, type SubscribeInput } from '../../src/store/subscriptions';
import { forEachEngine } from '../helpers/engines';

const input = (channel: string, over: Partial<SubscribeInput> = {}): SubscribeInput => ({
  channel,
  time: '09:00',
  timezone: 'Asia/Shanghai',
  topics: ['llm'],
  locale: 'zh',
  ...over,
});

forEachEngine('subscribe creates one per channel; re-subscribing updates it and keeps its watermark', ({ open }) => {
  const subs = new SubscriptionStore(open());
  const changed: string[] = [];
  subs.onChange((c) => changed.push(c));
  const first = subs.subscribe(input('telegram:1', { createdBy: 'u1' }), { seq: 7, at: 700, editSeq: 2 }, 1000);
  assert.equal(first.created, true);
  assert.deepEqual(
    { ...first.sub },
    {
      channel: 'telegram:1',
      time: '09:00',
      timezone: 'Asia/Shanghai',
      topics: ['llm'],
      locale: 'zh',
      always: false,
      status: 'active',
      pausedReason: null,
      pausedCode: null,
      pausedAt: null,
      watermarkSeq: 7,
      watermarkAt: 700,
      editsSeq: 2,
      createdBy: 'u1',
      createdAt: 1000,
      updatedAt: 1000,
    },
  );
  const again = subs.subscribe(input('telegram:1', { time: '21:30', always: true, topics: [] }), { seq: 99, at: 9900 }, 2000);
  assert.equal(again.created, false);
  assert.equal(again.sub.time, '21:30');
  assert.equal(again.sub.always, true);
  assert.deepEqual(again.sub.topics, []);
  assert.equal(again.sub.watermarkSeq, 7, 'the watermark stays: nothing skipped or resent');
  assert.equal(again.sub.createdAt, 1000);
  assert.deepEqual(changed, ['telegram:1', 'telegram:1']);
});

forEachEngine('pause records why once; subscribing again resumes', ({ open }) => {
  const subs = new SubscriptionStore(open());
  subs.subscribe(input('discord:5'), { seq: 0, at: 0 }, 1000);
  assert.equal(subs.pause('discord:5', { code: 'refused', detail: 'Missing Access' }, 2000), true);
  assert.equal(subs.pause('discord:5', { code: 'deleted' }, 3000), false, 'the first reason stands');
  const paused = subs.get('discord:5')!;
  assert.deepEqual([paused.status, paused.pausedCode, paused.pausedReason, paused.pausedAt], ['paused', 'refused', 'Missing Access', 2000]);
  assert.deepEqual(subs.active(), []);
  const resumed = subs.subscribe(input('discord:5'), { seq: 0, at: 0 }, 4000).sub;
  assert.deepEqual([resumed.status, resumed.pausedCode, resumed.pausedAt], ['active', null, null]);
});

forEachEngine('reads by channel, by many channels, by prefix; move and unsubscribe', ({ open }) => {
  const subs = new SubscriptionStore(open());
  for (const c of ['discord:1', 'discord:2', 'telegram:1', 'x_%:1']) subs.subscribe(input(c), { seq: 0, at: 0 }, 1000);
  assert.deepEqual([...subs.getMany(['discord:2', 'nope', 'telegram:1']).keys()].sort(), ['discord:2', 'telegram:1']);
  assert.deepEqual([...subs.getMany([]).keys()], []);
  assert.deepEqual(subs.channelsWithPrefix('discord:'), ['discord:1', 'discord:2']);
  assert.deepEqual(subs.channelsWithPrefix('x_%'), ['x_%:1'], 'no wildcard meaning');
  subs.move('telegram:1', 'telegram:-100', 2000);
  assert.equal(subs.get('telegram:1'), undefined);
  assert.equal(subs.get('telegram:-100')!.updatedAt, 2000);
  assert.equal(subs.unsubscribe('discord:1'), true);
  assert.equal(subs.unsubscribe('discord:1'), false);
  assert.deepEqual(
    subs.all().map((s) => s.channel),
    ['discord:2', 'telegram:-100', 'x_%:1'],
  );
});

forEachEngine('watermarks only move forwards', ({ open }) => {
  const subs = new SubscriptionStore(open());
  subs.subscribe(input('c'), { seq: 5, at: 500, editSeq: 3 }, 1000);
  subs.advance('c', 9, 900, 2000);
  subs.advance('c', 6, 600, 3000);
  subs.advanceEdits('c', 8, 2000);
  subs.advanceEdits('c', 4, 3000);
  const s = subs.get('c')!;
  assert.deepEqual([s.watermarkSeq, s.watermarkAt, s.editsSeq], [9, 900, 8]);
});
