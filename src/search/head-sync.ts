// Keeping the in-memory head index in step with the articles table: what it
// covers (new articles up to a seq, changes up to an (updated_at, seq) mark),
// catching up on what came since, a page at a time, and saving/loading it as
// a snapshot that records that coverage. Pure bookkeeping over the archive
// reader and the index; service.ts decides when each step runs. The head reads
// only the lead of each text (its first leadChars characters).
import type { ArchiveReader, ChangeMark } from './archive-reader';
import { ArticleIndex, type ArticleIndexOptions } from './index';
import { DEFAULT_LEAD_CHARS } from './doc-fields';
import { readSnapshot, SNAPSHOT_FORMAT, SnapshotError, writeSnapshot, writeSnapshotSync, type SnapshotHeader } from './snapshot';
import { Writer } from './snapshot-codec';
import { BodyVocab } from './body-vocab';

export interface Coverage {
  seq: number;
  changed: ChangeMark;
}

/** The head index with what it covers. */
export class Head {
  constructor(
    readonly index: ArticleIndex,
    public cov: Coverage,
  ) {}

  /**
   * Catch-up steps: new articles (by seq), then changed ones (by updated_at;
   * unchanged indexed fields only refresh topics and dates). Each step reads
   * up to `chunk` articles and yields how many it read and (re-)indexed.
   */
  *catchUp(archive: ArchiveReader, chunk: number, leadChars: number): Generator<{ read: number; indexed: number }> {
    // New articles only add: batches share their term lookups (ArticleIndex.bulkLoad).
    this.index.bulkLoad(true);
    try {
      for (;;) {
        const rows = archive.after(this.cov.seq, chunk, leadChars);
        if (!rows.length) break;
        // An id seen before under an older seq (a row deleted and stored again) is replaced, not added twice.
        if (rows.some((r) => this.index.has(r.id))) this.index.replaceAll(rows);
        else this.index.addAll(rows);
        this.cov = { ...this.cov, seq: rows[rows.length - 1]!.seq };
        yield { read: rows.length, indexed: rows.length };
      }
    } finally {
      this.index.bulkLoad(false);
    }
    for (;;) {
      const rows = archive.changedAfter(this.cov.changed, this.cov.seq, chunk, leadChars);
      if (!rows.length) break;
      const indexed = this.index.replaceAll(rows);
      const last = rows[rows.length - 1]!;
      this.cov = { ...this.cov, changed: { at: last.updatedAt, seq: last.seq } };
      yield { read: rows.length, indexed };
    }
  }

  /** Articles not yet reflected, counting no further than `cap`. */
  pending(archive: ArchiveReader, cap: number): number {
    const fresh = archive.countAfter(this.cov.seq, cap);
    return fresh >= cap ? fresh : fresh + archive.countChanged(this.cov.changed, this.cov.seq, cap - fresh);
  }
}

/** An empty head that will take the archive from the start; changes before now are read with their articles. */
export function emptyHead(archive: ArchiveReader, options: ArticleIndexOptions): Head {
  const last = archive.last();
  return new Head(new ArticleIndex(options), { seq: 0, changed: { at: last.updatedAt, seq: last.seq } });
}

/** What ties a snapshot to one store and one state of its body index. */
export interface Identity {
  /** The store's id (ArchiveReader.storeId). */
  dbId: string;
  /** The body index's generation (its vocabulary's term ids are only valid within it), if any. */
  bodyId: string | null;
}

const leadOf = (options: ArticleIndexOptions) => options.maxSummaryChars ?? DEFAULT_LEAD_CHARS;

function headerOf(archive: ArchiveReader, head: Head, who: Identity, options: ArticleIndexOptions): Omit<SnapshotHeader, 'bytes' | 'crc'> {
  const seqId = head.cov.seq ? (archive.idAt(head.cov.seq) ?? '') : '';
  return {
    format: SNAPSHOT_FORMAT,
    dbId: who.dbId,
    bodyId: who.bodyId,
    seq: head.cov.seq,
    changedAt: head.cov.changed.at,
    changedSeq: head.cov.changed.seq,
    seqId,
    leadChars: leadOf(options),
  };
}

function payloadOf(head: Head, vocab: BodyVocab | null): Buffer {
  const w = new Writer();
  head.index.save(w);
  w.f64s([vocab ? 1 : 0]);
  vocab?.save(w);
  return w.finish();
}

export function saveHeadSync(
  path: string,
  archive: ArchiveReader,
  head: Head,
  vocab: BodyVocab | null,
  who: Identity,
  options: ArticleIndexOptions,
): void {
  writeSnapshotSync(path, headerOf(archive, head, who, options), payloadOf(head, vocab));
}

export function saveHead(
  path: string,
  archive: ArchiveReader,
  head: Head,
  vocab: BodyVocab | null,
  who: Identity,
  options: ArticleIndexOptions,
): Promise<void> {
  // Encoded now (a consistent state), written while other work goes on.
  return writeSnapshot(path, headerOf(archive, head, who, options), payloadOf(head, vocab));
}

/**
 * The saved head, if it is this database's, of this format, and no further
 * along than the database itself; throws SnapshotError (or CorruptSnapshot)
 * saying why not. The vocabulary comes back only if the body index is the
 * one it was saved with.
 */
export function loadHead(
  path: string,
  archive: ArchiveReader,
  who: Identity,
  options: ArticleIndexOptions,
): { head: Head; vocab: BodyVocab | null } {
  const { header, reader } = readSnapshot(path);
  const h = header;
  if (h.dbId !== who.dbId) throw new SnapshotError('made for another store');
  if (h.leadChars !== leadOf(options)) throw new SnapshotError(`lead of ${h.leadChars} characters, expected ${leadOf(options)}`);
  if (h.seq && archive.idAt(h.seq) !== h.seqId) {
    throw new SnapshotError('covers articles the store does not have');
  }
  const index = new ArticleIndex(options);
  index.load(reader);
  const hasVocab = reader.f64s()[0] === 1;
  const vocab = hasVocab ? BodyVocab.load(reader) : null;
  return {
    head: new Head(index, { seq: h.seq, changed: { at: h.changedAt, seq: h.changedSeq } }),
    vocab: vocab && who.bodyId !== null && h.bodyId === who.bodyId ? vocab : null,
  };
}
