// Per-article data the query engine reads for every candidate, in columns
// indexed by document number (the dense id the term index uses): liveness,
// the sort key for ties, indexed field lengths for BM25, topics for the
// filter, and the match-form title and lead for the phrase check. Typed
// arrays keep 100k articles to a few megabytes and make scoring loops cheap.

export const TITLE = 0;
export const LEAD = 1;
export type FieldNo = typeof TITLE | typeof LEAD;

const NO_TOPICS: readonly string[] = [];

export class DocTable {
  /** Article id by document number ('' once removed). */
  readonly ids: string[] = [];
  /** normalizeForMatch'd title and (bounded) lead, for the phrase check. */
  readonly titleText: string[] = [];
  readonly leadText: string[] = [];
  readonly topics: (readonly string[])[] = [];
  alive = new Uint8Array(1024);
  /** Publication time when known, else when first seen: newer wins ties. */
  time = new Float64Array(1024);
  firstSeenAt = new Float64Array(1024);
  /** Distinct terms per indexed field, as BM25 wants them. */
  readonly fieldLength: [Float64Array, Float64Array] = [new Float64Array(1024), new Float64Array(1024)];
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
    const widen = <T extends Float64Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.alive = widen(this.alive, (n) => new Uint8Array(n));
    this.time = widen(this.time, (n) => new Float64Array(n));
    this.firstSeenAt = widen(this.firstSeenAt, (n) => new Float64Array(n));
    this.fieldLength[0] = widen(this.fieldLength[0], (n) => new Float64Array(n));
    this.fieldLength[1] = widen(this.fieldLength[1], (n) => new Float64Array(n));
  }

  /** Appends a document and returns its number. */
  push(row: {
    id: string;
    titleText: string;
    leadText: string;
    topics: readonly string[];
    time: number;
    firstSeenAt: number;
  }): number {
    const no = this.ids.length;
    this.grow(no + 1);
    this.ids.push(row.id);
    this.titleText.push(row.titleText);
    this.leadText.push(row.leadText);
    this.topics.push(row.topics.length ? row.topics : NO_TOPICS);
    this.alive[no] = 1;
    this.time[no] = row.time;
    this.firstSeenAt[no] = row.firstSeenAt;
    this.live++;
    return no;
  }

  setFieldLengths(no: number, lengths: readonly number[]): void {
    this.fieldLength[0][no] = lengths[0] ?? 0;
    this.fieldLength[1][no] = lengths[1] ?? 0;
  }

  /** Marks a document removed and drops its texts; its number is never reused. */
  remove(no: number): void {
    if (!this.alive[no]) return;
    this.alive[no] = 0;
    this.ids[no] = '';
    this.titleText[no] = '';
    this.leadText[no] = '';
    this.topics[no] = NO_TOPICS;
    this.live--;
  }

  hasTopic(no: number, topic: string): boolean {
    return this.topics[no]!.includes(topic);
  }

  /** Newer first: publication (or first-seen) time, then first-seen time, then id. */
  newerFirst(a: number, b: number): number {
    const ids = this.ids;
    return this.time[b]! - this.time[a]! || this.firstSeenAt[b]! - this.firstSeenAt[a]! || (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0);
  }
}
