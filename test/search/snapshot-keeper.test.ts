// The background save of the search snapshot reads the store as it starts: when the store is
// unreachable (a PostgreSQL outage) that read throws inside a timer. The bot must log it and
// carry on, and the save is still owed (the one at close tries again).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as wait } from 'node:timers/promises';
import type { ArchiveReader } from '../../src/search/archive-reader';
import type { IndexDb } from '../../src/search/body-tables';
import type { Head } from '../../src/search/head-sync';
import { SnapshotKeeper } from '../../src/search/snapshot-keeper';
import { recordingLogger } from '../digest/helpers';

test('a background save while the store is unreachable is logged, not a crash, and still owed at close', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-keeper-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const archive = {
    idAt: () => {
      throw new Error('Connection terminated unexpectedly (PostgreSQL at postgres://127.0.0.1/feedbot)');
    },
  } as unknown as ArchiveReader;
  // Only what the snapshot's header and an empty payload read.
  const head = { cov: { seq: 1, changed: { at: 0, seq: 0 } } } as unknown as Head;
  const log = recordingLogger();
  const path = join(dir, 'search.snapshot');
  const keeper = new SnapshotKeeper(path, archive, { open: true } as IndexDb, log, 1);
  keeper.changed(1);
  keeper.saveSoon(head, null, { dbId: 'db', bodyId: null });
  await wait(1500);
  assert.deepEqual(
    log.lines.filter((l) => l.level === 'warn').map((l) => l.msg),
    ['search: saving the index failed'],
  );
  assert.equal(keeper.writes, 0);
  // Still unsaved: the save at close tries again (and, the store still down, says so again).
  keeper.saveNow(head, null, { dbId: 'db', bodyId: null });
  assert.equal(log.lines.filter((l) => l.level === 'warn').length, 2);
  assert.equal(existsSync(path), false);
});
