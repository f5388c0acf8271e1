// One ranking over the head index (title, lead, tags; in memory) and the body
// index (the whole text; on disk), in tiers:
//   1. head matches of every query unit, ranked as the head ranks them —
//      without typo tolerance for words the archive has as typed;
//   2. head matches of some units whose body has the rest (named in the
//      title or lead and backed up by the text), and near misses up front
//      whose text has the very word, in head order;
//   3. articles matching only in their body, by FTS5 bm25 (length-aware, so
//      a long article mentioning a term once ranks low);
//   4. head matches only through a typo-tolerant near miss (`latent` for
//      `latents`): the very word deep in a text beats a near miss up front;
//   5. the remaining head matches of some units.
// Body work is bounded: the body index is read only for `window` matches
// (ORDER BY rowid DESC LIMIT window: the newest; never a bm25 sort of every
// match), read at all only to count them when the head fills the page, and
// ranked with bm25 only when the page reaches past tier 1 and the query's
// terms are rare enough for bm25 to be cheap (bm25Affordable).
// When more than `window` articles match, the total is a lower bound
// ("1000+") and older body-only matches are not listed — documented in the
// README and configurable (SearchServiceOptions.bodyWindow).
import type { BodyHit, BodyIndex } from './body-index';
import { bandScale, type Hit } from './ranking';
import type { ArticleIndex } from './index';
import { withoutTypos, type PlanNode, type QueryPlan } from './query';
import { among, EMPTY, filter, without, type ScoreVec } from './sparse';

/** A result: the article's row (seq), and its id when the head knows it. */
export interface MergedHit {
  seq: number;
  id?: string;
  score: number;
}

export interface MergedResult {
  total: number;
  /** More articles match than `total` says (the body window was full). */
  more: boolean;
  hits: MergedHit[];
}

interface Tier {
  total: number;
  floor: number;
  page(offset: number, limit: number): MergedHit[];
}

function pageTiers(tiers: Tier[], offset: number, limit: number): MergedHit[] {
  const out: MergedHit[] = [];
  let skip = offset;
  for (const tier of tiers) {
    if (out.length >= limit) break;
    if (skip >= tier.total) {
      skip -= tier.total;
      continue;
    }
    out.push(...tier.page(skip, limit - out.length));
    skip = 0;
  }
  return out;
}

/** Two vectors with no document in common, as one (sorted by document). */
function union2(a: ScoreVec, b: ScoreVec): ScoreVec {
  if (!a.size) return b;
  if (!b.size) return a;
  const n = a.size + b.size;
  const out: ScoreVec = { docs: new Int32Array(n), scores: new Float64Array(n), prominence: new Float64Array(n), size: n };
  for (let i = 0, j = 0, k = 0; k < n; k++) {
    const fromA = j >= b.size || (i < a.size && a.docs[i]! < b.docs[j]!);
    const v = fromA ? a : b;
    const at = fromA ? i++ : j++;
    out.docs[k] = v.docs[at]!;
    out.scores[k] = v.scores[at]!;
    out.prominence[k] = v.prominence[at]!;
  }
  return out;
}

function has(vec: ScoreVec, doc: number): boolean {
  let lo = 0;
  let hi = vec.size - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const d = vec.docs[mid]!;
    if (d < doc) lo = mid + 1;
    else if (d > doc) hi = mid - 1;
    else return true;
  }
  return false;
}

/**
 * Body-only matches in display order, scored below `ceiling`: by bm25 (best
 * first, newer first on ties) when ranks are given, else as they come (newest first).
 */
export function bodyTier(hits: readonly BodyHit[], ranked: boolean, ceiling: number, idOf: (seq: number) => string | undefined): Tier {
  const sorted = ranked ? [...hits].sort((a, b) => a.rank - b.rank || b.seq - a.seq) : hits;
  // bm25 is negative, lower is better: -rank is a relevance score. Unranked: by position.
  const raw = (h: BodyHit, i: number) => (ranked ? Math.max(0, -h.rank) : 1 / (i + 1));
  const top = sorted.length ? raw(sorted[0]!, 0) : 0;
  const scale = bandScale(top, ceiling);
  return {
    total: sorted.length,
    floor: sorted.length ? raw(sorted[sorted.length - 1]!, sorted.length - 1) * scale : ceiling,
    page: (offset, limit) =>
      sorted.slice(offset, offset + limit).map((h, i) => ({ seq: h.seq, id: idOf(h.seq), score: raw(h, offset + i) * scale })),
  };
}

/**
 * Whether bm25 over the body may rank this query: FTS5's bm25 first counts
 * every article matching each of the query's phrases (for their IDF), which
 * for a common word costs tens of milliseconds at 100k articles. The head's
 * document frequencies (title, lead and tags) stand in for the body's: when
 * the query's terms are that common, body-only matches are listed newest first.
 */
export function bm25Affordable(head: ArticleIndex, plan: QueryPlan, budget: number): boolean {
  const df = (node: PlanNode): number => {
    switch (node.op) {
      case 'term':
        return head.docFrequency(node.term);
      case 'all':
        // A phrase is as common as its rarest bigram; words required together, likewise at most.
        return Math.min(...node.nodes.map(df));
      case 'any':
        return node.nodes.reduce((n, c) => n + df(c), 0);
    }
  };
  let total = 0;
  for (const u of plan.units) {
    total += df(u.node);
    if (total > budget) return false;
  }
  return true;
}

export interface MergeInput {
  head: ArticleIndex;
  body: BodyIndex | null;
  plan: QueryPlan;
  /** The plan as an FTS5 MATCH expression (body-query.ts); null: no body search. */
  match: string | null;
  topic?: string;
  offset: number;
  limit: number;
  /** How many body matches are read at most to list them (the newest). */
  window: number;
  /** How many body matches are read at most just to count them (when the head fills the page). */
  countCap: number;
  /** The head-frequency budget under which bm25 ranks body-only matches (see bm25Affordable). */
  bm25Budget: number;
  /** Whether the body has this Latin word as typed (its vocabulary). */
  inBody?: (term: string) => boolean;
}

export function mergedSearch(input: MergeInput): MergedResult {
  const { head, body, plan, match, topic, offset, limit, window } = input;
  // Typo-tolerant matches of words the archive has as typed go below exact matches anywhere.
  const strict = body && match !== null ? withoutTypos(plan, (t) => head.docFrequency(t) > 0 || (input.inBody?.(t) ?? false)) : null;
  const m = head.matches(plan, topic, strict);
  if (!m) return { total: 0, more: false, hits: [] };
  const table = head.docs;
  const fromHead = (hits: Hit[]): MergedHit[] => hits.map((h) => ({ seq: table.seq[h.doc]!, id: table.ids[h.doc]!, score: h.score }));
  const exact = m.exact;
  const nearMiss = strict ? without(m.full, exact) : EMPTY;
  const full = head.ranked(plan, exact);
  const idOf = (seq: number) => {
    const doc = head.docOfSeq(seq);
    return doc === undefined ? undefined : table.ids[doc];
  };
  const inHead = (seq: number) => {
    const doc = head.docOfSeq(seq);
    return doc !== undefined && (has(m.full, doc) || has(m.partial, doc));
  };
  if (!body || match === null) {
    const rest = head.ranked(plan, m.partial, full.floor);
    const tiers: Tier[] = [asTier(full, fromHead), asTier(rest, fromHead)];
    return { total: full.total + rest.total, more: false, hits: pageTiers(tiers, offset, limit) };
  }
  if (full.total >= offset + limit) {
    // The head fills the page: the body only counts, up to `countCap` matches (unranked, in index
    // order); with a cap of 0 not at all, and the total is a lower bound.
    const seqs = input.countCap > 0 ? body.seqs(match, input.countCap, topic) : [];
    let bodyOnly = 0;
    for (const seq of seqs) if (!inHead(seq)) bodyOnly++;
    return {
      total: m.full.size + m.partial.size + bodyOnly,
      more: seqs.length >= input.countCap,
      hits: fromHead(full.page(offset, limit)),
    };
  }
  const win = body.window(match, window, false, topic);
  const promoted = new Set<number>();
  let bodyOnly: BodyHit[] = [];
  for (const h of win) {
    const doc = head.docOfSeq(h.seq);
    if (doc !== undefined && has(exact, doc)) continue;
    // Some words up front, the rest in the text; or a near miss up front and the very word in the text.
    if (doc !== undefined && (has(m.partial, doc) || has(nearMiss, doc))) promoted.add(doc);
    else bodyOnly.push(h);
  }
  const ranked = bodyOnly.length > 1 && bm25Affordable(head, plan, input.bm25Budget);
  if (ranked)
    bodyOnly = body.ranks(
      match,
      bodyOnly.map((h) => h.seq),
    );
  const promotedDocs = Int32Array.from(promoted).sort();
  const backedNear = among(nearMiss, promotedDocs);
  const backedPartial = among(m.partial, promotedDocs);
  const backed = head.ranked(plan, union2(backedNear, backedPartial), full.floor);
  const body3 = bodyTier(bodyOnly, ranked, backed.floor, idOf);
  // The last tiers are large (every head match of some words) and mostly never shown: ranked when a page reaches them.
  const near = lazyTier(nearMiss.size - backedNear.size, () =>
    asTier(
      head.ranked(
        plan,
        filter(nearMiss, (doc) => !promoted.has(doc)),
        body3.floor,
      ),
      fromHead,
    ),
  );
  const rest = lazyTier(m.partial.size - backedPartial.size, () =>
    asTier(
      head.ranked(
        plan,
        filter(m.partial, (doc) => !promoted.has(doc)),
        near.floor,
      ),
      fromHead,
    ),
  );
  const tiers: Tier[] = [asTier(full, fromHead), asTier(backed, fromHead), body3, near, rest];
  return { total: tiers.reduce((n, t) => n + t.total, 0), more: win.length >= window, hits: pageTiers(tiers, offset, limit) };
}

/** A tier of `total` entries made by `build` only when its floor or a page of it is first asked for. */
function lazyTier(total: number, build: () => Tier): Tier {
  let tier: Tier | undefined;
  const built = () => (tier ??= build());
  return {
    total,
    get floor() {
      return built().floor;
    },
    page: (offset, limit) => built().page(offset, limit),
  };
}

function asTier(
  list: { total: number; floor: number; page(offset: number, limit: number): Hit[] },
  map: (hits: Hit[]) => MergedHit[],
): Tier {
  return { total: list.total, floor: list.floor, page: (offset, limit) => map(list.page(offset, limit)) };
}

/**
 * Without the head (while it is rebuilt): the body alone, its newest
 * `window` matches ranked by bm25 with title, body and tags weighted.
 */
export function bodyOnlySearch(
  body: BodyIndex,
  match: string | null,
  opts: { topic?: string; offset: number; limit: number; window: number },
  idOf: (seq: number) => string | undefined,
): MergedResult {
  if (match === null) return { total: 0, more: false, hits: [] };
  const win = body.window(match, opts.window, true, opts.topic);
  const tier = bodyTier(win, true, Infinity, idOf);
  return { total: tier.total, more: win.length >= opts.window, hits: tier.page(opts.offset, opts.limit) };
}
