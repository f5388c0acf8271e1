// Who counts as a chat's admin, and the short cache in front of getChatMember.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AdminCache, adminRule } from '../../../src/adapters/telegram/admin';

const GROUP = { id: -100777, type: 'supergroup' as const };

describe('adminRule', () => {
  it('decides private chats, channels and posts made as a chat without asking', () => {
    assert.equal(adminRule({ chat: { id: 5, type: 'private' }, from: { id: 5 } }), 'yes');
    assert.equal(adminRule({ chat: { id: -100555, type: 'channel' }, senderChat: { id: -100555 } }), 'yes');
    assert.equal(adminRule({ chat: GROUP, from: { id: 1087968824 }, senderChat: { id: GROUP.id } }), 'yes', 'anonymous admin');
    assert.equal(adminRule({ chat: GROUP, from: { id: 136817688 }, senderChat: { id: -100999 } }), 'no', 'a channel posting in the group');
    assert.equal(adminRule({ chat: { id: -5, type: 'group' }, from: { id: 7 } }), 'ask');
  });
});

describe('AdminCache', () => {
  it('asks Telegram once per user and chat for a minute', async () => {
    // lru-cache reads a start time of 0 as "none": the clock starts later, as real ones do.
    let now = 1_000;
    const asked: string[] = [];
    const statuses: Record<number, string> = { 1: 'creator', 2: 'administrator', 3: 'member', 4: 'restricted' };
    const cache = new AdminCache(
      async (chat, user) => {
        asked.push(`${chat}:${user}`);
        return statuses[user]!;
      },
      () => now,
    );
    assert.deepEqual(await Promise.all([1, 2, 3, 4].map((u) => cache.isAdmin(GROUP.id, u))), [true, true, false, false]);
    now = 60_000;
    statuses[3] = 'administrator';
    assert.equal(await cache.isAdmin(GROUP.id, 3), false, 'still cached');
    now = 62_000;
    assert.equal(await cache.isAdmin(GROUP.id, 3), true, 'promotion seen after the cache expires');
    assert.equal(asked.filter((k) => k === `${GROUP.id}:3`).length, 2);
  });

  it('treats a failed lookup as "no" without caching it', async () => {
    let fail = true;
    const errors: unknown[] = [];
    const cache = new AdminCache(async () => {
      if (fail) throw new Error('network down');
      return 'administrator';
    });
    const check = cache.checkFor({ chat: GROUP, from: { id: 9 } }, (e) => errors.push(e));
    assert.equal(await check(), false);
    assert.equal(errors.length, 1);
    fail = false;
    assert.equal(await check(), true);
  });
});
