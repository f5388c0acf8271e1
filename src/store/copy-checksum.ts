// A table's fingerprint for `cli migrate-store`: its row count and a checksum computed the same
// way whichever engine the rows were read from. Values are normalised to text in JS (SQLite and
// PostgreSQL both hand back numbers, strings, null and Buffers here); each row is hashed on its
// own and the row hashes are added modulo 2^256, so the sum does not depend on the order rows
// were read in: the two engines may order text keys differently (PostgreSQL's collation is the
// server's locale, SQLite's is bytewise), and a copy must still compare equal.
import { createHash, type Hash } from 'node:crypto';

const MOD = 1n << 256n;

function feed(h: Hash, v: unknown): void {
  // Tagged and length-prefixed, so no two different rows share an encoding.
  if (v === null || v === undefined) h.update('N;');
  else if (typeof v === 'number' || typeof v === 'bigint') h.update(`n${String(v)};`);
  else if (typeof v === 'boolean') h.update(`n${v ? 1 : 0};`);
  else if (typeof v === 'string') h.update(`s${Buffer.byteLength(v)}:`).update(v);
  else if (v instanceof Uint8Array) h.update(`b${v.byteLength}:`).update(v);
  else throw new TypeError(`cannot checksum a value of type ${typeof v}`);
}

export class TableSum {
  rows = 0;
  private sum = 0n;

  /** Adds one row, its values in the table's column order. */
  add(values: readonly unknown[]): void {
    const h = createHash('sha256');
    for (const v of values) feed(h, v);
    this.sum = (this.sum + BigInt(`0x${h.digest('hex')}`)) % MOD;
    this.rows++;
  }

  /** 64 hex digits. */
  get checksum(): string {
    return this.sum.toString(16).padStart(64, '0');
  }
}
