// Role leases in the database: one holder at a time, taken over only when the lease ran out
// or its holder is known to be gone, given up at once on release.
import assert from 'node:assert/strict';
import { RoleLeases } from '../../src/store/roles';
import { forEachEngine, type EngineFixture } from '../helpers/engines';

/** Two connections to one database: two processes sharing it. */
function twoConnections({ open }: EngineFixture): [RoleLeases, RoleLeases] {
  return [new RoleLeases(open()), new RoleLeases(open())];
}

forEachEngine('a role held by one process is refused to another until its lease runs out', (f) => {
  const [a, b] = twoConnections(f);
  assert.deepEqual(a.take('feed-poller', 'A', 1000, 300), { ok: true });
  assert.deepEqual(b.take('feed-poller', 'B', 1100, 300), { ok: false, held: { holder: 'A', until: 1300 } });
  assert.ok(a.renew('feed-poller', 'A', 1200, 300), 'the holder renews');
  assert.equal(b.take('feed-poller', 'B', 1400, 300).ok, false, 'renewed: still held at 1400');
  assert.deepEqual(b.take('feed-poller', 'B', 1500, 300), { ok: true }, 'expired at 1500');
  assert.equal(a.renew('feed-poller', 'A', 1510, 300), false, 'the old holder learns it lost the role');
  assert.equal(a.holding('feed-poller')?.holder, 'B');
});

forEachEngine('a holder known to be gone loses its role at once; a release frees it at once; roles are independent', (f) => {
  const [a, b] = twoConnections(f);
  a.take('feed-poller', 'A', 1000, 60_000);
  a.take('telegram-polling:1', 'A', 1000, 60_000);
  assert.equal(b.take('feed-poller', 'B', 1001, 60_000, (h) => h === 'A').ok, true);
  assert.equal(b.take('telegram-polling:1', 'B', 1001, 60_000).ok, false);
  a.release('telegram-polling:1', 'A');
  assert.equal(b.take('telegram-polling:1', 'B', 1002, 60_000).ok, true);
  a.release('telegram-polling:1', 'A');
  assert.equal(a.holding('telegram-polling:1')?.holder, 'B', 'releasing what another holds does nothing');
});
