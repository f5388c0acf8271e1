// Prepared rows of one source, held until its write transaction: deduplicated by key in feed
// order, with the derived titles ingest may still refine before anything is written.
import type { PreparedArticle } from '../store/articles';

export interface Stage {
  /**
   * Stages a row unless one with its dedup key already is: a feed that lists one article twice
   * (a repeated guid or link) means its first, newest-first listing.
   */
  add(row: PreparedArticle): void;
  /** Rows not staged because an earlier one had their dedup key (complete once staging is done). */
  readonly repeats: number;
  readonly size: number;
  /** Distinct titles of staged rows whose title was derived from their text. */
  derivedTitles(): string[];
  /** Staged rows with this derived title. */
  withDerivedTitle(title: string): PreparedArticle[];
  /** Replaces a staged row's title (its content hash stays that of the derived title). */
  retitle(dedupKey: string, title: string): void;
  /** The rows in feed order, a page at a time. */
  pages(size: number): Iterable<PreparedArticle[]>;
  /** Frees what the stage holds. */
  dispose(): void;
}

/** A stage in memory: for feeds inside the fetch caps (at most a few thousand rows, 10 MB of text). */
export class MemoryStage implements Stage {
  private readonly rows: PreparedArticle[] = [];
  private readonly byKey = new Map<string, PreparedArticle>();
  private readonly byTitle = new Map<string, PreparedArticle[]>();
  repeats = 0;

  add(row: PreparedArticle): void {
    if (this.byKey.has(row.dedupKey)) {
      this.repeats++;
      return;
    }
    this.byKey.set(row.dedupKey, row);
    this.rows.push(row);
    if (row.titleDerived) {
      const list = this.byTitle.get(row.title);
      if (list) list.push(row);
      else this.byTitle.set(row.title, [row]);
    }
  }

  get size(): number {
    return this.rows.length;
  }

  derivedTitles(): string[] {
    return [...this.byTitle.keys()];
  }

  withDerivedTitle(title: string): PreparedArticle[] {
    return this.byTitle.get(title) ?? [];
  }

  retitle(dedupKey: string, title: string): void {
    const row = this.byKey.get(dedupKey);
    if (row) row.title = title;
  }

  *pages(size: number): Iterable<PreparedArticle[]> {
    for (let i = 0; i < this.rows.length; i += size) yield this.rows.slice(i, i + size);
  }

  dispose(): void {
    this.rows.length = 0;
    this.byKey.clear();
    this.byTitle.clear();
  }
}
