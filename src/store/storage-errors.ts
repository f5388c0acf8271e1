// Turning a failed database open or backup into a message an operator can act on: which
// file, the likely cause, and what to do. SQLite's own words ("disk I/O error", "unable to
// open database file") name neither the file nor the cause, so the file system is asked.
import { accessSync, constants, existsSync, statfsSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';

/** A storage failure explained; `code` is SQLite's or the file system's, kept for callers that branch on it. */
export class StorageError extends Error {
  constructor(
    message: string,
    readonly path: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

/** Less free space than this on the database's disk makes "full" the likely cause of an I/O error. */
const NEARLY_FULL_BYTES = 1024 * 1024;

const codeOf = (err: unknown): string | undefined => (err as { code?: unknown } | null)?.code?.toString();

/** True when SQLite could not write the database file: full, read-only, unreadable or damaged storage. */
export function isDatabaseRefusal(err: unknown): boolean {
  return /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|CORRUPT|NOTADB)/.test(codeOf(err) ?? '');
}

/** True for errors from SQLite or the file system, as opposed to the bot's own (a schema too new). */
export function isStorageFailure(err: unknown): boolean {
  // PostgreSQL's errors (a refused connection's ECONNREFUSED too) already name the server, not a file.
  if ((err as { name?: unknown } | null)?.name === 'PostgresError') return false;
  const code = codeOf(err);
  return !!code && (code.startsWith('SQLITE_') || /^E[A-Z]+$/.test(code));
}

/** Null when `path` may be written, else the reason the file system gives (EACCES, EPERM, EROFS). */
function notWritable(path: string): string | null {
  try {
    accessSync(path, constants.W_OK);
    return null;
  } catch (err) {
    return codeOf(err) ?? 'EACCES';
  }
}

const readOnlyMount = (why: string | null, dir: string) =>
  why === 'EROFS' ? ` (the file system holding ${dir} is mounted read-only)` : '';

function freeBytes(dir: string): number | undefined {
  try {
    const s = statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return undefined;
  }
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** The nearest folder that exists, at or above `dir`. */
function existingFolder(dir: string): string {
  let d = resolve(dir);
  while (!existsSync(d) && dirname(d) !== d) d = dirname(d);
  return d;
}

const isFull = (code: string | undefined, dir: string): boolean => {
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return true;
  const free = freeBytes(dir);
  return !!code?.startsWith('SQLITE_IOERR') && free !== undefined && free < NEARLY_FULL_BYTES;
};

/**
 * Why the database at `path` could not be opened (or migrated) or written, and what to do
 * about it. Anything that is not a storage failure comes back unchanged.
 */
export function explainStorageError(err: unknown, path: string, action: 'open' | 'write' = 'open'): Error {
  if (!isStorageFailure(err) || path === ':memory:' || err instanceof StorageError) return err as Error;
  const code = codeOf(err);
  const said = (err as Error).message;
  const dir = existingFolder(dirname(path));
  const name = basename(path);
  const what = action === 'open' ? `cannot open the database ${path}` : `cannot write to the database ${path}`;
  const fail = (cause: string, todo: string) => new StorageError(`${what}: ${cause}. ${todo} (${said})`, path, code);
  if (existsSync(path) && statSync(path).isDirectory()) {
    return fail('it is a folder, not a file', 'Point DATABASE_PATH at a file inside it, e.g. feedbot.db.');
  }
  if (code === 'ENOTDIR') {
    return fail(`${dir} is a file, so the folders below it cannot be created`, 'Point DATABASE_PATH somewhere else.');
  }
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
    return fail(
      'the file is damaged (cut short or overwritten) or is not a feedbot database',
      'The bot has not changed it. Restore it from a backup (`npm run cli -- backup <file>` makes one), or move it aside to start with an empty archive.',
    );
  }
  if (code?.startsWith('SQLITE_BUSY') || code?.startsWith('SQLITE_LOCKED')) {
    return fail(
      'another process held it locked for too long',
      'Another bot or `cli` process is writing to it (a long import, or a migration to a new version); try again once it is done.',
    );
  }
  if (isFull(code, dir)) {
    const free = freeBytes(dir);
    return fail(
      `the disk holding ${dir} is full${free !== undefined ? ` (${formatBytes(free)} free)` : ''}`,
      'Free some space there, or move DATABASE_PATH to a disk with room; what is stored is intact, nothing was lost.',
    );
  }
  const dirRefused = notWritable(dir);
  if (dirRefused) {
    return fail(
      `the folder ${dir} is not writable${readOnlyMount(dirRefused, dir)}, and SQLite must create ${name}-wal and ${name}-shm beside the database`,
      'Let the bot’s user write to that folder (the file alone is not enough), or move DATABASE_PATH to a writable folder.',
    );
  }
  if (existsSync(path) && notWritable(path)) {
    return fail('the file is read-only', 'Let the bot’s user write to it, or move DATABASE_PATH to a writable copy.');
  }
  return fail('SQLite could not use the file', 'Check that the file and its folder exist and belong to the bot’s user.');
}

/** Why a backup to `dest` failed, and what to do; `dest` and any earlier backup there were left as they were. */
export function explainBackupError(err: unknown, dest: string, needBytes: number): Error {
  const code = codeOf(err);
  const said = err instanceof Error ? err.message : String(err);
  const dir = existingFolder(dirname(dest));
  const fail = (cause: string, todo: string) =>
    new StorageError(
      `backup to ${dest} failed: ${cause}. ${todo} Nothing was left behind, and ${dest} is as it was. (${said})`,
      dest,
      code,
    );
  if (isFull(code, dir) || code?.startsWith('SQLITE_IOERR')) {
    const free = freeBytes(dir);
    return fail(
      `the disk holding ${dir} is full (the backup needs about ${formatBytes(needBytes)}${free !== undefined ? `, ${formatBytes(free)} is free` : ''})`,
      'Free some space there or back up to another disk.',
    );
  }
  const dirRefused = notWritable(dir);
  if (dirRefused)
    return fail(
      `the folder ${dir} is not writable${readOnlyMount(dirRefused, dir)}`,
      'Let this user write there, or back up to another folder.',
    );
  return fail('SQLite could not write the copy', 'Check the destination folder and disk.');
}
