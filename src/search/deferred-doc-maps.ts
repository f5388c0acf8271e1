// Loading a snapshot leaves MiniSearch's per-document maps to be built on first use.
import type { FieldPostings } from './field-postings';
import type { Internals } from './minisearch-internals';

const DOC_MAPS = ['_documentIds', '_idToShortId', '_fieldLength'] as const;

/**
 * MiniSearch's per-document maps (id ↔ short id, field lengths), filled from
 * the snapshot's columns the first time anything reads or replaces one of
 * them. Queries never do (scores come from the document table), only adding,
 * discarding and MiniSearch's own search do; so a start that has nothing to
 * catch up answers without building three 100k-entry maps (~0.1 s and much
 * of the loading's garbage collection at 100k articles).
 */
export function deferDocMaps(x: Internals<FieldPostings>, docs: Uint32Array, lengths: Float64Array, fields: number): void {
  const own = x as unknown as Record<string, unknown>;
  const settle = (key: string, value: unknown) =>
    Object.defineProperty(own, key, { value, writable: true, configurable: true, enumerable: true });
  let built = false;
  const build = () => {
    if (built) return;
    built = true;
    const ids = new Map<number, unknown>();
    const shortIds = new Map<unknown, number>();
    const fieldLength = new Map<number, number[]>();
    for (let i = 0; i < docs.length; i++) {
      const d = docs[i]!;
      ids.set(d, d);
      shortIds.set(d, d);
      const at = i * fields;
      const row: number[] = [];
      for (let f = 0; f < fields; f++) row.push(lengths[at + f]!);
      fieldLength.set(d, row);
    }
    settle('_documentIds', ids);
    settle('_idToShortId', shortIds);
    settle('_fieldLength', fieldLength);
  };
  for (const key of DOC_MAPS) {
    Object.defineProperty(own, key, {
      configurable: true,
      enumerable: true,
      get() {
        build();
        return own[key];
      },
      set(value: unknown) {
        build();
        settle(key, value);
      },
    });
  }
}
