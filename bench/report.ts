// The benchmark report: one Markdown table per corpus size (ours beside the
// FTS5 and default-MiniSearch baselines, with our figure as a ratio to
// FTS5's and the target), per-class latencies, and the same data as JSON.
import type { Latency } from './stats';

export interface SystemFigures {
  /** Articles per second through parse → SQLite → this system's index. */
  ingestPerSecond: number;
  /** Seconds from process start to the first answered search. */
  coldAnswer: number;
  /** Seconds from process start to a complete index. */
  coldReady: number;
  latency: { all: Latency; classes: Record<string, Latency> };
  heapMB: number;
  rssMB: number;
  recall: { recall: number; passed: number; queries: number; missed: string[] };
}

export interface SizeReport {
  size: number;
  articles: number;
  queries: number;
  ingest: { parse: number; store: number; index: number; fts5Build: number; minisearchBuild?: number };
  ours: SystemFigures & { provisionalFirstAnswer: boolean; coldRuns: { answered: number; ready: number }[] };
  fts5: SystemFigures;
  minisearch?: SystemFigures;
  digest: { subscriptions: number; candidates: number; perSubscription: number; sharedRead: number; selectOnly: number };
}

const fmt = (x: number | undefined, digits = 1): string =>
  x === undefined || Number.isNaN(x) ? '—' : x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ratio = (a: number, b: number): string => (b > 0 && Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : '—');
const pct = (r: SystemFigures['recall'] | undefined): string =>
  r ? `${(100 * r.recall).toFixed(0)}% (${r.passed}/${r.queries} queries)` : '—';

export function markdown(r: SizeReport): string {
  const o = r.ours;
  const f = r.fts5;
  const m = r.minisearch;
  const row = (name: string, ours: number, fts: number, mini: number | undefined, target: string, digits = 1) =>
    `| ${name} | ${fmt(ours, digits)} | ${fmt(fts, digits)} | ${ratio(ours, fts)} | ${fmt(mini, digits)} | ${target} |`;
  const lines = [
    `### ${r.articles.toLocaleString('en-US')} articles (${r.queries} queries)`,
    '',
    '| metric | ours | FTS5 trigram | ours ÷ FTS5 | MiniSearch default | target (100k) |',
    '|---|---:|---:|---:|---:|---|',
    row('ingest, articles/s (parse → SQLite → index)', o.ingestPerSecond, f.ingestPerSecond, m?.ingestPerSecond, '≥ 5,000', 0),
    row('cold start to first answer, s', o.coldAnswer, f.coldAnswer, m?.coldAnswer, '≤ 3', 2),
    row('cold start to complete index, s', o.coldReady, f.coldReady, m?.coldReady, '—', 2),
    row('search p50, ms', o.latency.all.p50, f.latency.all.p50, m?.latency.all.p50, '≤ 5, ahead of FTS5', 2),
    row('search p99, ms', o.latency.all.p99, f.latency.all.p99, m?.latency.all.p99, '≤ 50, ahead of FTS5', 2),
    row('search max, ms', o.latency.all.max, f.latency.all.max, m?.latency.all.max, '—', 2),
    row('heap after load, MB', o.heapMB, f.heapMB, m?.heapMB, '≤ 500', 0),
    row('RSS after load, MB', o.rssMB, f.rssMB, m?.rssMB, '—', 0),
    `| recall@5, public queries | ${pct(o.recall)} | ${pct(f.recall)} | — | ${pct(m?.recall)} | all pass |`,
    `| digest planning, ${r.digest.subscriptions.toLocaleString('en-US')} subscriptions, s | ${fmt(r.digest.perSubscription, 2)} | — | — | — | ≤ 1 |`,
    '',
    `Digest planning: planDigest per subscription (as the runtime runs it) ${fmt(r.digest.perSubscription, 2)} s over ${r.digest.candidates.toLocaleString('en-US')} candidate rows; with one shared candidate read ${fmt(r.digest.sharedRead, 2)} s; selectDigest alone over that read ${fmt(r.digest.selectOnly, 2)} s.`,
    '',
    `Ingest breakdown: parse ${fmt(r.ingest.parse, 2)} s, SQLite ${fmt(r.ingest.store, 2)} s, our index ${fmt(r.ingest.index, 2)} s; FTS5 build ${fmt(r.ingest.fts5Build, 2)} s${r.ingest.minisearchBuild === undefined ? '' : `; default MiniSearch build ${fmt(r.ingest.minisearchBuild, 2)} s`}. ` +
      `First answer ${o.provisionalFirstAnswer ? 'came from the SQLite fallback (index still building)' : 'came from the index'}; cold runs (answer/index s): ${o.coldRuns.map((c) => `${fmt(c.answered, 2)}/${fmt(c.ready, 2)}`).join(', ')}.`,
    '',
    '| query class | ours p50 / p99 ms | FTS5 p50 / p99 ms | MiniSearch default p50 / p99 ms |',
    '|---|---:|---:|---:|',
    ...Object.keys(o.latency.classes).sort().map((cls) => {
      const pair = (s: SystemFigures | undefined) => {
        const l = s?.latency.classes[cls];
        return l ? `${fmt(l.p50, 2)} / ${fmt(l.p99, 2)}` : '—';
      };
      return `| ${cls} | ${pair(o)} | ${pair(f)} | ${pair(m)} |`;
    }),
  ];
  if (o.recall.missed.length) lines.push('', `Ours missed: ${o.recall.missed.join('; ')}`);
  return lines.join('\n');
}
