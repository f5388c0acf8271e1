// Finding a document number by article id or by database row (seq). After a
// snapshot load the id map is built only when first needed (a catch-up or a
// removal), which a start with nothing new never needs; seqs, dense small
// integers, index a typed array.

export class DocLookup {
  private ids: Map<string, number> | null = new Map();
  private seqs = new Int32Array(1024).fill(-1);

  constructor(
    /** Builds the id map from the table (after a load). */
    private readonly allIds: () => Iterable<[string, number]>,
  ) {}

  private idMap(): Map<string, number> {
    return (this.ids ??= new Map(this.allIds()));
  }

  byId(id: string): number | undefined {
    return this.idMap().get(id);
  }

  bySeq(seq: number): number | undefined {
    const no = seq >= 0 && seq < this.seqs.length ? this.seqs[seq]! : -1;
    return no < 0 ? undefined : no;
  }

  add(id: string, seq: number, no: number): void {
    this.idMap().set(id, no);
    if (seq < 0) return;
    if (seq >= this.seqs.length) {
      const grown = new Int32Array(Math.max(seq + 1, this.seqs.length * 2)).fill(-1);
      grown.set(this.seqs);
      this.seqs = grown;
    }
    this.seqs[seq] = no;
  }

  remove(id: string, seq: number, no: number): void {
    this.idMap().delete(id);
    if (this.bySeq(seq) === no) this.seqs[seq] = -1;
  }

  /** Forgets everything; `seqs` gives the live documents' (seq, no) pairs, ids come lazily. */
  reset(seqs: Iterable<[number, number]>): void {
    this.ids = null;
    this.seqs = new Int32Array(1024).fill(-1);
    for (const [seq, no] of seqs) {
      if (seq >= this.seqs.length) {
        const grown = new Int32Array(Math.max(seq + 1, this.seqs.length * 2)).fill(-1);
        grown.set(this.seqs);
        this.seqs = grown;
      }
      this.seqs[seq] = no;
    }
  }
}
