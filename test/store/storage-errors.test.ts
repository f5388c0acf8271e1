// Storage failures on real file systems: a folder the database cannot write its -wal/-shm
// files in, a genuinely full disk (a small tmpfs), a damaged file, and backups that cannot be
// written. Each failure names the file, the likely cause and what to do, and leaves the
// database and any earlier backup exactly as they were.
//
// Root ignores file modes, so a read-only folder is made with `chattr +i` (as root) or by
// running as another user (`setpriv`); a full disk is a tmpfs the test mounts (root only).
// Whatever this machine cannot do is skipped with the reason printed.
import { after, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { backupDatabase } from '../../src/store/backup';
import { openDatabase } from '../../src/store/db';

const ROOT = join(import.meta.dirname, '../..');
const isRoot = process.getuid?.() === 0;
const temps: string[] = [];
const temp = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), `feedbot-${name}-`));
  temps.push(dir);
  return dir;
};

/** A database with some articles (about `kb` KB of text), closed. */
function makeDatabase(path: string, kb = 64): void {
  const db = openDatabase(path);
  const insert = db.prepare(
    `INSERT INTO articles (id, dedup_key, source, title, summary, content_hash, first_seen_at, updated_at) VALUES (?, ?, 's', 't', ?, 'h', 1, 1)`,
  );
  db.transaction(() => {
    for (let i = 0; i < kb / 4; i++) insert.run(`a${i}`, `k${i}`, '注意力机制'.repeat(270));
  })();
  db.close();
}

/** Everything in `dir`, name → bytes: what a failure must leave untouched. */
function snapshot(dir: string): Map<string, Buffer> {
  return new Map(
    readdirSync(dir)
      .sort()
      .map((f) => [f, readFileSync(join(dir, f))]),
  );
}

function assertSame(before: Map<string, Buffer>, after: Map<string, Buffer>, what: string): void {
  assert.deepEqual([...after.keys()], [...before.keys()], `${what}: no file added or removed`);
  for (const [name, bytes] of before) assert.ok(after.get(name)!.equals(bytes), `${what}: ${name} changed`);
}

const mounts: string[] = [];
/** Mounts a tmpfs of `size` at a new folder; null (with the reason) where that is not possible. */
function smallDisk(ctx: TestContext, size: string): string | null {
  if (!isRoot) {
    ctx.skip('needs root to mount a small tmpfs as a full disk');
    return null;
  }
  const dir = temp('disk');
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) {
    ctx.skip(`cannot mount a tmpfs here: ${r.stderr.trim() || r.error?.message}`);
    return null;
  }
  mounts.push(dir);
  return dir;
}

/** Fills the rest of the file system holding `dir`. */
function fill(dir: string): void {
  try {
    writeFileSync(join(dir, 'filler'), Buffer.alloc(64 * 1024 * 1024));
  } catch (err) {
    assert.equal((err as { code?: string }).code, 'ENOSPC');
  }
}

after(() => {
  for (const dir of mounts) {
    if (spawnSync('umount', [dir]).status !== 0) spawnSync('umount', ['-l', dir]);
  }
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** Makes `dir` unwritable even for root; returns the undo, or null (with the reason) if it cannot. */
function freeze(ctx: TestContext, dir: string): (() => void) | null {
  const r = spawnSync('chattr', ['+i', dir], { encoding: 'utf8' });
  if (r.status !== 0) {
    ctx.skip(`chattr +i is not available here: ${r.stderr?.trim() || r.error?.message}`);
    return null;
  }
  return () => void spawnSync('chattr', ['-i', dir]);
}

describe('opening the database', () => {
  it('a writable file in a folder that is not: names the folder and the -wal/-shm files it needs', (ctx) => {
    const dir = temp('rodir');
    const path = join(dir, 'feedbot.db');
    makeDatabase(path);
    const before = snapshot(dir);
    const thaw = freeze(ctx, dir);
    if (!thaw) return;
    try {
      assert.throws(
        () => openDatabase(path),
        (e: Error) =>
          e.message.includes(path) &&
          e.message.includes(`the folder ${dir} is not writable`) &&
          /feedbot\.db-wal and feedbot\.db-shm/.test(e.message) &&
          /Let the bot’s user write to that folder/.test(e.message),
      );
    } finally {
      thaw();
    }
    assertSame(before, snapshot(dir), 'the folder');
  });

  it('the same, for a bot running as an ordinary user in a folder of mode 555 (SQLite: "attempt to write a readonly database")', (ctx) => {
    if (!isRoot || spawnSync('setpriv', ['--version']).status !== 0)
      return ctx.skip('needs root and setpriv to run the CLI as another user');
    const asUser = ['--reuid=65534', '--regid=65534', '--clear-groups'];
    if (spawnSync('setpriv', [...asUser, 'test', '-r', join(ROOT, 'node_modules/tsx/package.json')]).status !== 0)
      return ctx.skip('the checkout is not readable by user 65534 (a clone inside a folder of mode 700?)');
    const dir = temp('rodir-user');
    const path = join(dir, 'feedbot.db');
    makeDatabase(path);
    chmodSync(path, 0o666);
    chmodSync(dir, 0o555);
    const r = spawnSync('setpriv', [...asUser, process.execPath, '--import', 'tsx', 'src/cli.ts', 'topics'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), DATABASE_PATH: path, FEED_URLS: '' },
    });
    chmodSync(dir, 0o755);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /attempt to write a readonly database/);
    assert.ok(r.stderr.includes(`the folder ${dir} is not writable`), r.stderr);
    assert.match(r.stderr, /feedbot\.db-wal and feedbot\.db-shm/);
  });

  it('an existing database on a full disk: says the disk is full, how much is free, and that nothing was lost', (ctx) => {
    const disk = smallDisk(ctx, '1m');
    if (!disk) return;
    const path = join(disk, 'feedbot.db');
    makeDatabase(path, 128);
    fill(disk);
    assert.throws(
      () => openDatabase(path),
      (e: Error) =>
        e.message.includes(path) &&
        e.message.includes(`the disk holding ${disk} is full (0 bytes free)`) &&
        /nothing was lost/.test(e.message),
    );
    rmSync(join(disk, 'filler'));
    const db = new Database(path, { readonly: true });
    assert.equal(db.prepare('SELECT count(*) FROM articles').pluck().get(), 32, 'every article is still there');
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    db.close();
  });

  it('a new database on a full disk: the same message', (ctx) => {
    const disk = smallDisk(ctx, '256k');
    if (!disk) return;
    fill(disk);
    const path = join(disk, 'data', 'feedbot.db');
    assert.throws(
      () => openDatabase(path),
      (e: Error) => e.message.includes(path) && e.message.includes(`the disk holding ${disk}`) && / is full/.test(e.message),
    );
  });

  for (const [what, damage] of [
    ['cut short', (p: string) => truncateSync(p, 6000)],
    ['overwritten with text', (p: string) => writeFileSync(p, 'not a database at all, but a note someone saved here')],
  ] as const) {
    it(`a damaged file (${what}): says so, points to backups, and leaves the file as it was`, () => {
      const dir = temp('damaged');
      const path = join(dir, 'feedbot.db');
      makeDatabase(path);
      damage(path);
      const before = snapshot(dir);
      assert.throws(
        () => openDatabase(path),
        (e: Error) => e.message.includes(path) && /damaged/.test(e.message) && /Restore it from a backup/.test(e.message),
      );
      assertSame(before, snapshot(dir), 'the folder');
    });
  }

  it('a folder where the file should be, or a file where a folder should be: says so', () => {
    const dir = temp('isdir');
    mkdirSync(join(dir, 'feedbot.db'));
    assert.throws(() => openDatabase(join(dir, 'feedbot.db')), /it is a folder, not a file/);
    writeFileSync(join(dir, 'plain'), '');
    assert.throws(
      () => openDatabase(join(dir, 'plain', 'data', 'feedbot.db')),
      (e: Error) => e.message.includes(`${join(dir, 'plain')} is a file, so the folders below it cannot be created`),
    );
  });
});

describe('backup', () => {
  const source = () => {
    const dir = temp('bk-src');
    makeDatabase(join(dir, 'feedbot.db'));
    return openDatabase(join(dir, 'feedbot.db'));
  };

  it('succeeds leaving only the backup, which opens and is complete', async () => {
    const db = source();
    const dir = temp('bk-ok');
    await backupDatabase(db, join(dir, 'b.db'));
    assert.deepEqual(readdirSync(dir), ['b.db']);
    const copy = new Database(join(dir, 'b.db'), { readonly: true });
    assert.equal(copy.prepare('SELECT count(*) FROM articles').pluck().get(), 16);
    copy.close();
    db.close();
  });

  it('to a folder: asks for a file name, writes nothing', async () => {
    const db = source();
    const dir = temp('bk-dir');
    await assert.rejects(
      backupDatabase(db, dir),
      (e: Error) => e.message.includes(`backup to ${dir} failed: it is a folder`) && /Give the backup a file name/.test(e.message),
    );
    assert.deepEqual(readdirSync(dir), []);
    db.close();
  });

  it('to a folder that cannot be written: says so, and leaves the earlier backup there untouched', async (ctx) => {
    const db = source();
    const dir = temp('bk-ro');
    await backupDatabase(db, join(dir, 'b.db'));
    const before = snapshot(dir);
    const thaw = freeze(ctx, dir);
    if (!thaw) {
      db.close();
      return;
    }
    try {
      await assert.rejects(
        backupDatabase(db, join(dir, 'b.db')),
        (e: Error) => e.message.includes(`the folder ${dir} is not writable`) && /is as it was/.test(e.message),
      );
    } finally {
      thaw();
      db.close();
    }
    assertSame(before, snapshot(dir), 'the backup folder');
  });

  it('to a full disk: says so with the space needed, leaves no partial file or journal, and never touches the earlier backup', async (ctx) => {
    const disk = smallDisk(ctx, '1m');
    if (!disk) return;
    const dir = temp('bk-big');
    const path = join(dir, 'feedbot.db');
    makeDatabase(path, 128);
    const db = openDatabase(path);
    await backupDatabase(db, join(disk, 'b.db'));
    // The archive grows past what the disk can hold.
    const insert = db.prepare(
      `INSERT INTO articles (id, dedup_key, source, title, summary, content_hash, first_seen_at, updated_at) VALUES (?, ?, 's', 't', ?, 'h', 1, 1)`,
    );
    db.transaction(() => {
      for (let i = 0; i < 300; i++) insert.run(`b${i}`, `kb${i}`, '扩散模型'.repeat(340));
    })();
    const before = snapshot(disk);
    await assert.rejects(
      backupDatabase(db, join(disk, 'b.db')),
      (e: Error) =>
        e.message.includes(`the disk holding ${disk} is full (the backup needs about`) && /Nothing was left behind/.test(e.message),
    );
    assertSame(before, snapshot(disk), 'the backup disk');
    const earlier = new Database(join(disk, 'b.db'), { readonly: true });
    assert.equal(earlier.pragma('integrity_check', { simple: true }), 'ok');
    assert.equal(earlier.prepare('SELECT count(*) FROM articles').pluck().get(), 32);
    earlier.close();
    db.close();
  });
});
