// When the head snapshot is loaded and saved: loaded once at start (a reason
// logged when it cannot be used), saved in the background a second after a
// build or after enough changes, and at close when anything changed since.
// Leftover temporary files of writes that never finished (a killed process)
// are removed once they are old enough not to be another process's write.
import { readdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Logger } from '../core/log';
import type { ArchiveReader } from './archive-reader';
import type { IndexDb } from './body-tables';
import type { BodyVocab } from './body-vocab';
import { saveHead, saveHeadSync, type Head, type Identity } from './head-sync';
import type { ArticleIndexOptions } from './index';

const DEBOUNCE_MS = 1000;
const STALE_TEMP_MS = 60 * 60 * 1000;

export class SnapshotKeeper {
  private dirty = 0;
  private timer: NodeJS.Timeout | null = null;
  private saving: Promise<void> | null = null;
  /** Snapshots written by this process. */
  writes = 0;

  constructor(
    readonly path: string | false,
    private readonly archive: ArchiveReader,
    /** The index's database: once it is closed, the process is ending and a failed save is not news. */
    private readonly db: IndexDb,
    private readonly log: Logger,
    private readonly every: number,
    private readonly options: ArticleIndexOptions = {},
  ) {}

  /** Runs `load` on the snapshot path; null (and a log line saying why) when there is none or it cannot be used. */
  load<T>(load: (path: string) => T): T | null {
    if (!this.path) return null;
    this.removeStaleTemps(this.path);
    try {
      const t0 = performance.now();
      const out = load(this.path);
      this.log.info('search: loaded the saved index', { ms: Math.round(performance.now() - t0) });
      return out;
    } catch (err) {
      this.log.info('search: the saved index is not used; rebuilding', { reason: (err as Error).message });
      return null;
    }
  }

  changed(n: number): void {
    this.dirty += n;
  }

  /** Saves in the background once enough changed. */
  maybeSave(head: Head, vocab: BodyVocab | null, who: Identity | null): void {
    if (this.dirty >= this.every) this.saveSoon(head, vocab, who);
  }

  /** Saves in the background a moment from now (several calls, one save). */
  saveSoon(head: Head, vocab: BodyVocab | null, who: Identity | null): void {
    if (!this.path || !who || this.timer || this.dirty === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.saving) return this.saveSoon(head, vocab, who);
      const path = this.path as string;
      this.dirty = 0;
      // Encoding reads the store at once: a store that is unreachable (a PostgreSQL outage)
      // throws here, in a timer, where nothing would catch it.
      let save: Promise<void>;
      try {
        save = saveHead(path, this.archive, head, vocab, who, this.options);
      } catch (err) {
        save = Promise.reject(err);
      }
      this.saving = save
        .then(() => {
          this.writes++;
        })
        .catch((err: unknown) => {
          this.dirty = Math.max(this.dirty, 1); // still unsaved: a later save, or the one at close, tries again
          if (this.db.open) this.log.warn('search: saving the index failed', { error: err as Error });
        })
        .finally(() => {
          this.saving = null;
        });
    }, DEBOUNCE_MS);
    this.timer.unref();
  }

  /** Saves now if anything changed since the last save (at shutdown). */
  saveNow(head: Head, vocab: BodyVocab | null, who: Identity | null): void {
    this.stop();
    if (!this.path || !who || this.dirty === 0 || !this.db.open) return;
    try {
      saveHeadSync(this.path, this.archive, head, vocab, who, this.options);
      this.dirty = 0;
      this.writes++;
    } catch (err) {
      this.log.warn('search: saving the index failed', { error: err as Error });
    }
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private removeStaleTemps(path: string): void {
    const prefix = `${basename(path)}.tmp-`;
    try {
      for (const name of readdirSync(dirname(path))) {
        if (!name.startsWith(prefix)) continue;
        const file = join(dirname(path), name);
        if (Date.now() - statSync(file).mtimeMs > STALE_TEMP_MS) rmSync(file, { force: true });
      }
    } catch {
      // Nothing to tidy, or not allowed to: harmless.
    }
  }
}
