// Exclusive roles among processes sharing a database: claimed once, renewed in the background,
// waited out when the holder elsewhere stopped renewing, handed over to a standby when freed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRoles, holderState, instanceName, type Roles, type RolesOptions } from '../../src/cluster/roles';
import { createLogger } from '../../src/core/log';
import type { DB } from '../../src/store/db';
import { forEachEngine } from '../helpers/engines';
import { RoleLeases } from '../../src/store/roles';

interface World {
  dbs: DB[];
  roles: Roles[];
  logs: string[];
  /** Roles for one more process on the shared database. */
  process(holder: string, over?: Partial<RolesOptions>): Roles;
}

/** Processes sharing the database `open` connects to (a connection each). */
async function withWorld(open: () => DB, fn: (w: World) => Promise<void>): Promise<void> {
  const logs: string[] = [];
  const w: World = {
    dbs: [],
    roles: [],
    logs,
    process(holder, over = {}) {
      const db = open();
      w.dbs.push(db);
      const roles = createRoles({
        leases: new RoleLeases(db),
        holder,
        clock: Date.now,
        ttlMs: 300,
        log: createLogger('debug', (l) => logs.push(l)),
        // Every holder here counts as on another host: only its renewals tell it is alive.
        stateOf: () => 'unknown',
        ...over,
      });
      w.roles.push(roles);
      return roles;
    },
  };
  try {
    await fn(w);
  } finally {
    for (const r of w.roles) r.stop();
    for (const db of w.dbs) if (db.open) db.close();
  }
}

forEachEngine('a claim is refused while its holder renews, after waiting out one lease; granted once the holder releases', async (f) => {
  await withWorld(
    () => f.open(),
    async (w) => {
      const a = w.process('A').role('telegram-polling:1');
      const b = w.process('B').role('telegram-polling:1');
      assert.deepEqual(await a.claim(() => {}), { ok: true });
      const started = Date.now();
      const refused = await b.claim(() => {});
      assert.equal(refused.ok, false);
      assert.equal(!refused.ok && refused.held.holder, 'A');
      assert.ok(Date.now() - started >= 200, 'B waited for A to renew before refusing');
      a.release();
      assert.deepEqual(await b.claim(() => {}), { ok: true });
    },
  );
});

forEachEngine('a holder that stopped renewing (a crash elsewhere) is taken over once its lease runs out', async (f) => {
  await withWorld(
    () => f.open(),
    async (w) => {
      const dead = w.process('A');
      assert.deepEqual(await dead.role('feed-poller').claim(() => {}), { ok: true });
      dead.stop(); // stops renewing...
      const leases = new RoleLeases(w.dbs[0]!);
      leases.take('feed-poller', 'A', Date.now(), 300); // ...and, unlike a clean stop, keeps its lease
      const claim = await w
        .process('B')
        .role('feed-poller')
        .claim(() => {});
      assert.deepEqual(claim, { ok: true });
    },
  );
});

forEachEngine('a standby process gains the role when the holder stops, and the old holder is told when it lost it', async (f) => {
  await withWorld(
    () => f.open(),
    async (w) => {
      const events: string[] = [];
      const a = w.process('A');
      a.standby('feed-poller', { onGain: () => events.push('A gains'), onLose: () => events.push('A loses') });
      const b = w.process('B');
      b.standby('feed-poller', { onGain: () => events.push('B gains'), onLose: () => events.push('B loses') });
      await sleep(400);
      assert.deepEqual(events, ['A gains'], 'one holder at a time');
      a.stop();
      await sleep(250);
      assert.deepEqual(events, ['A gains', 'B gains'], 'released at stop: taken at the next renewal');

      // A process that stalled past its lease finds the role taken and is told once.
      let now = Date.now();
      const c = w.process('C', { clock: () => now });
      const lost: string[] = [];
      assert.equal((await c.role('telegram-polling:2').claim(() => lost.push('C lost'))).ok, true);
      now += 10_000;
      assert.equal(new RoleLeases(w.dbs[0]!).take('telegram-polling:2', 'D', now, 300).ok, true);
      await sleep(250);
      assert.deepEqual(lost, ['C lost']);
      assert.ok(
        w.logs.some((l) => l.includes('lost a role to another process') && l.includes('telegram-polling:2')),
        w.logs.join('\n'),
      );
    },
  );
});

test('a holder on this host is alive while its process exists, gone once it has exited; one elsewhere is unknown', () => {
  const exited = spawnSync(process.execPath, ['-e', '0']).pid;
  assert.equal(holderState(instanceName(undefined, 'here', exited), 'here'), 'gone');
  assert.equal(holderState(instanceName('bot-1', 'here', process.ppid), 'here'), 'alive');
  assert.equal(holderState(instanceName('bot-1', 'there', exited), 'here'), 'unknown');
  assert.equal(holderState(instanceName('a@b#c', 'here', process.pid), 'here'), 'alive', 'an instance id with @ and # is not misread');
});
