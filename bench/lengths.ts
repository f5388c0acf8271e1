// Article lengths for the realistic profile, drawn like a technical blog's:
// log-normal, median ~4,000 characters, one in ten over 15,000, none over
// ~40,000 (the long tail is cut by redrawing, not by piling up at the cap),
// and a floor of 300 for the odd one-paragraph note. Parameters fitted by
// simulation: μ = ln 4,080 and σ = 1.10 give a median of ~3,970 and ~10.1%
// over 15,000 after the cut.
import type { Rng } from './rng';

export const LENGTH_MEDIAN = 4080;
export const LENGTH_SIGMA = 1.1;
export const MIN_LENGTH = 300;
/** Drawn lengths stay under this; the article builder may end a block up to ~1,000 characters past it. */
export const MAX_DRAWN_LENGTH = 39_000;

/** One standard normal variate (Box–Muller). */
function normal(rng: Rng): number {
  const u1 = 1 - rng.next();
  const u2 = rng.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** A target length in characters of visible text. */
export function drawLength(rng: Rng): number {
  for (;;) {
    const x = Math.round(LENGTH_MEDIAN * Math.exp(LENGTH_SIGMA * normal(rng)));
    if (x <= MAX_DRAWN_LENGTH) return Math.max(MIN_LENGTH, x);
  }
}
