// The binary encoding the head index is saved in (snapshot.ts frames and
// checks it): a sequence of sections, each a kind, a length and 8-byte-aligned
// data — 32-bit integers, 64-bit floats, or strings (their UTF-16 lengths,
// then all of them as one UTF-8 run). Typed arrays go in and out by memory
// copy and strings are decoded once per section, which is what makes loading
// 100k articles' index a fraction of a second (JSON would parse and
// allocate every number and key on its own).

const U32 = 1;
const F64 = 2;
const STR = 3;
const ALIGN = 8;

/** Collects sections; `finish()` gives the bytes. */
export class Writer {
  private readonly parts: Uint8Array[] = [];
  private bytes = 0;

  private section(kind: number, data: Uint8Array): void {
    const head = new Uint32Array([kind, data.byteLength]);
    this.push(new Uint8Array(head.buffer));
    this.push(data);
    const pad = (ALIGN - (data.byteLength % ALIGN)) % ALIGN;
    if (pad) this.push(new Uint8Array(pad));
  }

  private push(part: Uint8Array): void {
    this.parts.push(part);
    this.bytes += part.byteLength;
  }

  u32s(values: Uint32Array | Int32Array | readonly number[]): void {
    const a = values instanceof Uint32Array ? values : Uint32Array.from(values);
    this.section(U32, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  }

  f64s(values: Float64Array | readonly number[]): void {
    const a = values instanceof Float64Array ? values : Float64Array.from(values);
    this.section(F64, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  }

  strings(values: readonly string[]): void {
    this.u32s(values.map((s) => s.length));
    this.section(STR, Buffer.from(values.join(''), 'utf16le'));
  }

  finish(): Buffer {
    return Buffer.concat(this.parts, this.bytes);
  }
}

export class CorruptSnapshot extends Error {}

/** Reads sections back in the order they were written; any mismatch throws CorruptSnapshot. */
export class Reader {
  private at = 0;

  constructor(private readonly buf: Buffer) {}

  private section(kind: number): Buffer {
    if (this.at + 8 > this.buf.byteLength) throw new CorruptSnapshot('snapshot ends early');
    const gotKind = this.buf.readUInt32LE(this.at);
    const length = this.buf.readUInt32LE(this.at + 4);
    const start = this.at + 8;
    if (gotKind !== kind || start + length > this.buf.byteLength) throw new CorruptSnapshot('snapshot section mismatch');
    this.at = start + length + ((ALIGN - (length % ALIGN)) % ALIGN);
    return this.buf.subarray(start, start + length);
  }

  /**
   * The values: a view into the buffer read (no copy; it keeps the buffer
   * alive) when the data is aligned for it, which snapshot.ts arranges, else a copy.
   */
  u32s(): Uint32Array {
    const b = this.section(U32);
    if (b.byteOffset % 4 === 0) return new Uint32Array(b.buffer, b.byteOffset, b.byteLength / 4);
    const out = new Uint32Array(b.byteLength / 4);
    new Uint8Array(out.buffer).set(b);
    return out;
  }

  f64s(): Float64Array {
    const b = this.section(F64);
    if (b.byteOffset % 8 === 0) return new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8);
    const out = new Float64Array(b.byteLength / 8);
    new Uint8Array(out.buffer).set(b);
    return out;
  }

  /** A strings section undecoded: each string's length in UTF-16 units, and the units (a view). */
  rawStrings(): { lengths: Uint32Array; units: Buffer } {
    const lengths = this.u32s();
    return { lengths, units: this.section(STR) };
  }

  strings(): string[] {
    const lengths = this.u32s();
    const all = this.section(STR).toString('utf16le');
    const out = new Array<string>(lengths.length);
    let at = 0;
    for (let i = 0; i < lengths.length; i++) {
      out[i] = all.slice(at, at + lengths[i]!);
      at += lengths[i]!;
    }
    if (at !== all.length) throw new CorruptSnapshot('snapshot strings mismatch');
    return out;
  }

  get done(): boolean {
    return this.at >= this.buf.byteLength;
  }
}
