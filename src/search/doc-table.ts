// Per-article data the query engine reads for every candidate, in columns
// indexed by document number (the dense id the term index uses): liveness,
// the sort key for ties, indexed field lengths for BM25, topics for the
// filter, the match-form title, lead and tags for the phrase check, and the
// database row (seq) and content hash the service keeps the index in step
// by. Typed arrays keep 100k articles to a few megabytes, make scoring loops
// cheap and save and load by memory copy (save/load, for the snapshot).
import { CorruptSnapshot, type Reader, type Writer } from './snapshot-codec';
import { TextColumn } from './text-column';

export const TITLE = 0;
export const LEAD = 1;
export const TAGS = 2;
export const FIELD_COUNT = 3;

export interface DocRow {
  id: string;
  seq: number;
  titleText: string;
  leadText: string;
  tagText: string;
  topics: readonly string[];
  time: number;
  firstSeenAt: number;
  sig: number;
}

const newLengths = (n: number) => Array.from({ length: FIELD_COUNT }, () => new Float64Array(n));

export class DocTable {
  /** Article id by document number ('' once removed). */
  ids: string[] = [];
  /** normalizeForMatch'd title, (bounded) lead and tags, for the phrase check. */
  titleText = new TextColumn();
  leadText = new TextColumn();
  tagText = new TextColumn();
  /** Topic ids, one per line: a topic filter is a rare search, so they stay text until asked. */
  private topicLines = new TextColumn();
  alive = new Uint8Array(1024);
  /** Publication time when known, else when first seen: newer wins ties. */
  time = new Float64Array(1024);
  firstSeenAt = new Float64Array(1024);
  seq = new Float64Array(1024);
  sig = new Uint32Array(1024);
  /** Distinct terms per indexed field, as BM25 wants them. */
  fieldLength: Float64Array[] = newLengths(1024);
  private live = 0;

  /** Document numbers handed out so far (live or not). */
  get capacity(): number {
    return this.ids.length;
  }

  get size(): number {
    return this.live;
  }

  private grow(min: number): void {
    if (min <= this.alive.length) return;
    const cap = Math.max(min, this.alive.length * 2);
    const widen = <T extends Float64Array | Uint8Array | Uint32Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.alive = widen(this.alive, (n) => new Uint8Array(n));
    this.time = widen(this.time, (n) => new Float64Array(n));
    this.firstSeenAt = widen(this.firstSeenAt, (n) => new Float64Array(n));
    this.seq = widen(this.seq, (n) => new Float64Array(n));
    this.sig = widen(this.sig, (n) => new Uint32Array(n));
    this.fieldLength = this.fieldLength.map((a) => widen(a, (n) => new Float64Array(n)));
  }

  /** Appends a document and returns its number. */
  push(row: DocRow): number {
    const no = this.ids.length;
    this.grow(no + 1);
    this.ids.push(row.id);
    this.titleText.push(row.titleText);
    this.leadText.push(row.leadText);
    this.tagText.push(row.tagText);
    this.topicLines.push('');
    this.alive[no] = 1;
    this.setMeta(no, row);
    this.seq[no] = row.seq;
    this.sig[no] = row.sig;
    this.live++;
    return no;
  }

  /** Updates what is not indexed: topics and dates. */
  setMeta(no: number, row: Pick<DocRow, 'topics' | 'time' | 'firstSeenAt'>): void {
    this.topicLines.set(no, row.topics.join('\n'));
    this.time[no] = row.time;
    this.firstSeenAt[no] = row.firstSeenAt;
  }

  setFieldLengths(no: number, lengths: readonly number[]): void {
    for (let f = 0; f < FIELD_COUNT; f++) this.fieldLength[f]![no] = lengths[f] ?? 0;
  }

  /** Marks a document removed and drops its texts; its number is never reused. */
  remove(no: number): void {
    if (!this.alive[no]) return;
    this.alive[no] = 0;
    this.ids[no] = '';
    for (const column of [this.titleText, this.leadText, this.tagText, this.topicLines]) column.set(no, '');
    this.live--;
  }

  hasTopic(no: number, topic: string): boolean {
    const lines = this.topicLines.get(no);
    return lines === topic || lines.startsWith(`${topic}\n`) || lines.endsWith(`\n${topic}`) || lines.includes(`\n${topic}\n`);
  }

  /** Newer first: publication (or first-seen) time, then first-seen time, then id. */
  newerFirst(a: number, b: number): number {
    const ids = this.ids;
    return (
      this.time[b]! - this.time[a]! || this.firstSeenAt[b]! - this.firstSeenAt[a]! || (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0)
    );
  }

  save(w: Writer): void {
    const n = this.capacity;
    w.strings(this.ids);
    // Topic ids never contain a newline (they are taxonomy ids or slugs of category labels).
    for (const column of [this.titleText, this.leadText, this.tagText, this.topicLines]) column.save(w);
    w.u32s(Uint32Array.from(this.alive.subarray(0, n)));
    w.f64s(this.time.subarray(0, n));
    w.f64s(this.firstSeenAt.subarray(0, n));
    w.f64s(this.seq.subarray(0, n));
    w.u32s(this.sig.subarray(0, n));
    for (const lengths of this.fieldLength) w.f64s(lengths.subarray(0, n));
  }

  static load(r: Reader): DocTable {
    const t = new DocTable();
    t.ids = r.strings();
    const n = t.ids.length;
    t.titleText = TextColumn.load(r);
    t.leadText = TextColumn.load(r);
    t.tagText = TextColumn.load(r);
    t.topicLines = TextColumn.load(r);
    t.grow(n);
    const alive = r.u32s();
    const columns = [r.f64s(), r.f64s(), r.f64s()];
    const sig = r.u32s();
    const lengths = Array.from({ length: FIELD_COUNT }, () => r.f64s());
    const sizes = [t.titleText, t.leadText, t.tagText, t.topicLines, alive, sig, ...columns, ...lengths].map((c) => c.length);
    if (sizes.some((s) => s !== n)) throw new CorruptSnapshot('document table columns differ in length');
    for (let i = 0; i < n; i++) {
      t.alive[i] = alive[i]! ? 1 : 0;
      t.live += t.alive[i]!;
    }
    t.time.set(columns[0]!);
    t.firstSeenAt.set(columns[1]!);
    t.seq.set(columns[2]!);
    t.sig.set(sig);
    lengths.forEach((l, f) => t.fieldLength[f]!.set(l));
    return t;
  }
}
