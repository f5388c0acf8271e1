// A column of strings by document number that loads without decoding: a
// snapshot's strings stay one UTF-16 buffer with their start offsets, and
// only those asked for (the few hundred candidates a query phrase-checks)
// become strings. Decoding 100k articles' leads up front was a third of
// loading the whole index; strings added later are kept as they are.
import { CorruptSnapshot, type Reader, type Writer } from './snapshot-codec';

export class TextColumn {
  /** Loaded strings: UTF-16 code units, and where each starts (one more entry than strings). */
  private units: Buffer = Buffer.alloc(0);
  private starts = new Uint32Array([0]);
  /** How many strings were loaded; those added since follow, in `added`. */
  private base = 0;
  private readonly added: string[] = [];
  /** Loaded strings changed since (an article removed, its topics changed). */
  private readonly changed = new Map<number, string>();

  get length(): number {
    return this.base + this.added.length;
  }

  get(no: number): string {
    if (no >= this.base) return this.added[no - this.base] ?? '';
    const s = this.changed.get(no);
    return s ?? this.units.toString('utf16le', this.starts[no]! * 2, this.starts[no + 1]! * 2);
  }

  push(value: string): void {
    this.added.push(value);
  }

  set(no: number, value: string): void {
    if (no >= this.base) this.added[no - this.base] = value;
    else this.changed.set(no, value);
  }

  save(w: Writer): void {
    const all: string[] = [];
    for (let no = 0; no < this.length; no++) all.push(this.get(no));
    w.strings(all);
  }

  static load(r: Reader): TextColumn {
    const c = new TextColumn();
    const { lengths, units } = r.rawStrings();
    const starts = new Uint32Array(lengths.length + 1);
    for (let i = 0; i < lengths.length; i++) starts[i + 1] = starts[i]! + lengths[i]!;
    if (starts[lengths.length]! * 2 !== units.byteLength) throw new CorruptSnapshot('text column size');
    c.units = units;
    c.starts = starts;
    c.base = lengths.length;
    return c;
  }
}
