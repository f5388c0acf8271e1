// An online copy of the database to a file, safe while the bot writes. The copy is built
// under a temporary name beside the destination and renamed into place only when complete,
// so a failure (full disk, unwritable folder) leaves no partial file or journal behind and
// never touches an earlier backup of the same name.
import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { asSqlite, type DB } from './db';
import { explainBackupError, StorageError } from './storage-errors';

export interface BackupProgress {
  (done: number, total: number): void;
}

/** What SQLite may create for a database file besides the file itself. */
const SIDE_FILES = ['-journal', '-wal', '-shm'];

/** What to do instead of `cli backup` when the store is on PostgreSQL. */
export const POSTGRES_BACKUP_ADVICE =
  'this store is on PostgreSQL (DATABASE_URL): back it up with pg_dump, e.g. pg_dump --format=custom --file=feedbot.dump "$DATABASE_URL", and restore with pg_restore; `backup` copies SQLite files only.';

/** Thrown for a PostgreSQL store: its backups are PostgreSQL's own tools' job. */
export class UseServerBackupError extends Error {
  constructor() {
    super(POSTGRES_BACKUP_ADVICE);
    this.name = 'UseServerBackupError';
  }
}

export async function backupDatabase(store: DB, dest: string, progress?: BackupProgress): Promise<void> {
  const db = asSqlite(store);
  if (!db) throw new UseServerBackupError();
  const target = resolve(dest);
  if (existsSync(target) && statSync(target).isDirectory()) {
    throw new StorageError(
      `backup to ${dest} failed: it is a folder. Give the backup a file name, e.g. ${join(dest, 'feedbot-backup.db')}.`,
      dest,
      'EISDIR',
    );
  }
  const folder = dirname(target);
  if (!existsSync(folder)) {
    throw new StorageError(
      `backup to ${dest} failed: the folder ${folder} does not exist. Create it first, or pick another.`,
      dest,
      'ENOENT',
    );
  }
  const temp = join(folder, `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.partial`);
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const pages = db.pragma('page_count', { simple: true }) as number;
  try {
    await db.backup(temp, {
      progress: ({ totalPages, remainingPages }) => {
        progress?.(totalPages - remainingPages, totalPages);
        return 200;
      },
    });
    renameSync(temp, target);
  } catch (err) {
    for (const f of [temp, ...SIDE_FILES.map((s) => temp + s)]) rmSync(f, { force: true });
    throw explainBackupError(err, dest, pageSize * pages);
  }
}
