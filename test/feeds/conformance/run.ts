// Runs every conformance case in a worker (restarted after a hang), judges the results against
// each suite's expectations with the project's intended differences, and tallies the figures.
import { Worker } from 'node:worker_threads';
import { cleanText, htmlToText } from '../../../src/feeds/html-text';
import { deliberate, type Deliberate } from './deliberate';
import type { Check, FeedCase, Field, Suite } from './suites';
import type { CaseResult, EntryResult } from './worker';

export const FIELDS: Field[] = ['title', 'link', 'date'];

export interface Tally {
  feeds: number;
  ingestOk: number;
  /** Refused with a clear message, where the suite expects or allows it (included in ingestOk). */
  refused: number;
  crashes: number;
  hangs: number;
  checks: Record<Field, { ok: number; total: number }>;
}

export interface Failure {
  suite: Suite;
  name: string;
  what: string;
}

export interface ConformanceReport {
  /** Per suite; feedparser's feeds in formats the project does not claim are tallied apart. */
  tallies: Map<string, Tally>;
  failures: Failure[];
  /** Every refusal message, to check they are one clean line. */
  refusals: string[];
  /** The deliberate differences that were needed, each once. */
  deliberateUsed: Set<Deliberate>;
}

const WORKER = new URL('./worker.ts', import.meta.url).href;

type Outcome = CaseResult | { status: 'hang' };

/** Runs cases one at a time in a worker; a case over `timeoutMs` is a hang and gets a fresh worker. */
async function runAll(cases: FeedCase[], timeoutMs: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let worker: Worker | undefined;
  let deaths = 0;
  // Workers do not inherit tsx's loader hooks: the worker registers tsx itself, then loads the case runner.
  const start = () =>
    new Worker(`import('tsx/esm/api').then((api) => api.tsImport(${JSON.stringify(WORKER)}, ${JSON.stringify(import.meta.url)}))`, {
      eval: true,
    });
  for (const c of cases) {
    worker ??= start();
    const w = worker;
    const outcome = await new Promise<Outcome>((resolve) => {
      const timer = setTimeout(() => {
        cleanup();
        void w.terminate();
        worker = undefined;
        resolve({ status: 'hang' });
      }, timeoutMs);
      const onMessage = (r: CaseResult) => {
        cleanup();
        deaths = 0;
        resolve(r);
      };
      const onError = (e: Error) => {
        cleanup();
        worker = undefined;
        deaths++;
        resolve({ status: 'crashed', error: `worker died: ${e.message}` });
      };
      function cleanup() {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
      }
      w.on('message', onMessage);
      w.on('error', onError);
      w.postMessage(c);
    });
    // A worker that cannot even start would fail every case slowly: stop at once instead.
    if (deaths > 3) throw new Error(`conformance worker keeps dying: ${outcome.status === 'crashed' ? outcome.error : ''}`);
    outcomes.push(outcome);
  }
  if (worker) {
    const w = worker;
    await new Promise<void>((resolve) => {
      w.once('exit', () => resolve());
      w.postMessage(null);
    });
  }
  return outcomes;
}

const norm = (s: string) => cleanText(s).normalize('NFC');

/**
 * Equal, where the expectation's U+FFFD (a suite decoding ISO-8859-1 bytes as UTF-8, as
 * rss-parser does for its encoding.rss) stands for the one character we decoded properly.
 */
function equalText(ours: string, expected: string): boolean {
  if (!expected.includes('\ufffd')) return ours === expected;
  const o = Array.from(ours);
  const e = Array.from(expected);
  return o.length === e.length && e.every((ch, i) => ch === '\ufffd' || ch === o[i]);
}

function sameTitle(ours: string | undefined, expected: string): boolean {
  const asText = norm(htmlToText(expected));
  // A title that is nothing but markup has no text to keep.
  if (asText === '') return true;
  if (ours === undefined) return false;
  const o = norm(ours);
  // Intended: titles are stored as plain text, so expected markup is compared as the text it shows.
  return equalText(o, norm(expected)) || equalText(o, asText);
}

function httpUrl(s: string): URL | undefined {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : undefined;
  } catch {
    return undefined;
  }
}

function sameLink(ours: string | undefined, expected: string): boolean {
  const e = expected.trim();
  const abs = httpUrl(e);
  if (abs) return ours !== undefined && httpUrl(ours)?.href === abs.href;
  if (/^[a-z][a-z0-9+.-]*:/i.test(e)) return ours === undefined; // intended: only http(s) links are kept
  // Intended: a relative link is stored made absolute; the suite left it relative.
  const o = ours === undefined ? undefined : httpUrl(ours);
  if (!o) return false;
  const rel = new URL(e, 'http://base.invalid/dir/');
  const tail = (u: URL) => `${u.pathname.replace(/^\/(?:dir\/)?/, '')}${u.search}${u.hash}`;
  return `${o.pathname}${o.search}${o.hash}`.endsWith(tail(rel));
}

function sameDate(ours: string | undefined, expected: string): boolean {
  const want = Date.parse(expected.trim());
  if (Number.isNaN(want)) return ours === undefined; // the suite's own value is no date we could keep
  return ours !== undefined && Date.parse(ours) === want;
}

function judge(check: Check, feedTitle: string | undefined, entries: EntryResult[]): string | undefined {
  const entry = check.entry === 'feed' ? undefined : entries[check.entry];
  if (check.field === 'title') {
    const ours = check.entry === 'feed' ? feedTitle : entry?.title;
    return sameTitle(ours, check.expected) ? undefined : `title ${JSON.stringify(ours)} ≠ ${JSON.stringify(check.expected)}`;
  }
  if (check.field === 'link') {
    return sameLink(entry?.url, check.expected) ? undefined : `link ${JSON.stringify(entry?.url)} ≠ ${JSON.stringify(check.expected)}`;
  }
  return sameDate(entry?.publishedAt, check.expected)
    ? undefined
    : `date ${JSON.stringify(entry?.publishedAt)} ≠ ${JSON.stringify(check.expected)}`;
}

/** One line of printable text, short enough to read: what a user may be shown. */
export function isCleanMessage(message: string): boolean {
  return !/[\u0000-\u001f\u007f-\u009f\ufffd]/.test(message) && message.length <= 400;
}

function emptyTally(): Tally {
  return {
    feeds: 0,
    ingestOk: 0,
    refused: 0,
    crashes: 0,
    hangs: 0,
    checks: { title: { ok: 0, total: 0 }, link: { ok: 0, total: 0 }, date: { ok: 0, total: 0 } },
  };
}

export function tallyKey(c: FeedCase): string {
  return c.claimed || c.refusal === 'expected' ? c.suite : `${c.suite} (formats not claimed)`;
}

export async function runConformance(cases: FeedCase[], timeoutMs = 10_000): Promise<ConformanceReport> {
  const outcomes = await runAll(cases, timeoutMs);
  const tallies = new Map<string, Tally>();
  const failures: Failure[] = [];
  const refusals: string[] = [];
  const deliberateUsed = new Set<Deliberate>();
  cases.forEach((c, i) => {
    const outcome = outcomes[i]!;
    const key = tallyKey(c);
    const t = tallies.get(key) ?? emptyTally();
    tallies.set(key, t);
    t.feeds++;
    const fail = (what: string) => failures.push({ suite: c.suite, name: c.name, what });
    if (outcome.status === 'hang') {
      t.hangs++;
      fail('hang');
    } else if (outcome.status === 'crashed') {
      t.crashes++;
      fail(`crash: ${outcome.error}`);
    } else if (outcome.status === 'refused') {
      refusals.push(outcome.error);
      // Intended: what the suite calls no feed or ill-formed, and formats we do not claim, are refused clearly.
      const onPurpose = deliberate(c.suite, c.name, 'ingest');
      const intended = (c.refusal !== 'wrong' || !c.claimed || onPurpose !== undefined) && isCleanMessage(outcome.error);
      if (onPurpose) deliberateUsed.add(onPurpose);
      if (intended) {
        t.ingestOk++;
        t.refused++;
      } else fail(`refused: ${outcome.error}`);
    } else if (c.refusal === 'expected') {
      fail('parsed what the suite calls no feed');
    } else {
      t.ingestOk++;
    }
    if (!c.claimed) return;
    for (const check of c.checks) {
      const tally = t.checks[check.field];
      tally.total++;
      const problem = outcome.status === 'parsed' ? judge(check, outcome.feedTitle, outcome.entries) : `${check.field}: feed not read`;
      const onPurpose = problem === undefined ? undefined : deliberate(c.suite, c.name, check.field);
      if (onPurpose) deliberateUsed.add(onPurpose);
      if (problem === undefined || onPurpose) tally.ok++;
      else fail(`${check.entry === 'feed' ? 'feed' : `entry ${check.entry}`} ${problem}`);
    }
  });
  return { tallies, failures, refusals, deliberateUsed };
}

const pct = (ok: number, total: number) => (total === 0 ? '—' : `${((100 * ok) / total).toFixed(1)}%`);

export function formatTable(report: ConformanceReport): string {
  const rows = [
    '| suite | feeds | ingest ok | of which refused | titles ok | links ok | dates ok | crashes | hangs |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [key, t] of report.tallies) {
    const field = (f: Field) => `${pct(t.checks[f].ok, t.checks[f].total)} (${t.checks[f].ok}/${t.checks[f].total})`;
    rows.push(
      `| ${key} | ${t.feeds} | ${pct(t.ingestOk, t.feeds)} | ${t.refused} | ${field('title')} | ${field('link')} | ${field('date')} | ${t.crashes} | ${t.hangs} |`,
    );
  }
  return rows.join('\n');
}
