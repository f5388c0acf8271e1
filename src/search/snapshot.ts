// The head index saved beside the database (`<db>.search-index`), so a start
// loads it instead of re-indexing the archive. The file is a magic string, a
// small JSON header — format version, the database's identity (a random id
// from search_meta, so a copied or other database never uses it), what the
// saved index covers, the payload's length and CRC-32 — then the payload
// (snapshot-codec.ts). Written to a temporary file, fsynced and renamed over
// the old one, so a crash mid-write leaves the old snapshot (or none) in
// place; read back only when every check passes.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as zlib from 'node:zlib';
import { createHash, randomBytes } from 'node:crypto';
import { Reader } from './snapshot-codec';

const MAGIC = Buffer.from('FEEDBOT-SEARCH\n', 'latin1');

/**
 * Bump whenever what the head holds or how it is encoded changes: the
 * codec, the fields, the tokenizer or normalisation (index-keys.ts,
 * tokenizer.ts, normalize.ts, term-key.ts, doc-fields.ts).
 */
export const SNAPSHOT_FORMAT = 2;

export interface SnapshotHeader {
  format: number;
  dbId: string;
  /** The body index generation the saved vocabulary belongs to. */
  bodyId: string | null;
  /** Articles up to this seq are in the head, changes up to (changedAt, changedSeq). */
  seq: number;
  changedAt: number;
  changedSeq: number;
  /** The id of the article at `seq`: a database whose row there differs is not the one indexed. */
  seqId: string;
  leadChars: number;
  bytes: number;
  crc: number;
}

// zlib.crc32 arrived in Node 20.15; older 20.x fall back to a (slower) hash.
const crc32 = (buf: Buffer): number =>
  typeof zlib.crc32 === 'function' ? zlib.crc32(buf) : createHash('sha1').update(buf).digest().readUInt32LE(0);

export class SnapshotError extends Error {}

function frame(header: Omit<SnapshotHeader, 'bytes' | 'crc'>, payload: Buffer): Buffer[] {
  const full: SnapshotHeader = { ...header, bytes: payload.byteLength, crc: crc32(payload) };
  // Padded so the payload starts 8-byte aligned: its arrays are then read in place (snapshot-codec.ts).
  const text = JSON.stringify(full);
  const pad = (8 - ((MAGIC.byteLength + 4 + Buffer.byteLength(text)) % 8)) % 8;
  const json = Buffer.from(text + ' '.repeat(pad), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(json.byteLength);
  return [MAGIC, len, json, payload];
}

const tempName = (path: string) => `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;

function syncDir(path: string): void {
  try {
    const fd = openSync(dirname(path), 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some file systems cannot fsync a directory; the rename is still atomic.
  }
}

/** Writes the snapshot at once (at shutdown): temporary file, fsync, rename. */
export function writeSnapshotSync(path: string, header: Omit<SnapshotHeader, 'bytes' | 'crc'>, payload: Buffer): void {
  const tmp = tempName(path);
  try {
    const fd = openSync(tmp, 'w');
    try {
      for (const part of frame(header, payload)) writeSync(fd, part);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
    syncDir(path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** Writes the snapshot without blocking the event loop for the disk. */
export async function writeSnapshot(path: string, header: Omit<SnapshotHeader, 'bytes' | 'crc'>, payload: Buffer): Promise<void> {
  const tmp = tempName(path);
  try {
    const file = await open(tmp, 'w');
    try {
      for (const part of frame(header, payload)) await file.write(part);
      await file.sync();
    } finally {
      await file.close();
    }
    renameSync(tmp, path);
    syncDir(path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** Reads and checks a snapshot; throws SnapshotError saying what is wrong (missing, damaged, other format). */
export function readSnapshot(path: string): { header: SnapshotHeader; reader: Reader } {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (err) {
    throw new SnapshotError((err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no snapshot' : `unreadable: ${(err as Error).message}`);
  }
  if (buf.byteLength < MAGIC.byteLength + 4 || !buf.subarray(0, MAGIC.byteLength).equals(MAGIC)) throw new SnapshotError('not a snapshot');
  const len = buf.readUInt32LE(MAGIC.byteLength);
  const start = MAGIC.byteLength + 4 + len;
  let header: SnapshotHeader;
  try {
    header = JSON.parse(buf.subarray(MAGIC.byteLength + 4, start).toString('utf8')) as SnapshotHeader;
  } catch {
    throw new SnapshotError('damaged header');
  }
  if (header.format !== SNAPSHOT_FORMAT) throw new SnapshotError(`format ${header.format}, expected ${SNAPSHOT_FORMAT}`);
  const payload = buf.subarray(start);
  if (payload.byteLength !== header.bytes || crc32(payload) !== header.crc) throw new SnapshotError('damaged (checksum)');
  return { header, reader: new Reader(payload) };
}
