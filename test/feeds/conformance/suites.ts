// The four feed-parser test suites in ../shared/feed-corpora/, read in place, turned into cases:
// a feed file plus what its suite expects of the titles, links and dates we keep.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import iconv from 'iconv-lite';
import { literalOf, parsePython, pathOf, requiredEqualities, requiredNames } from './pyexpr';

export const CORPORA = join(import.meta.dirname, '../../../../shared/feed-corpora');

export type Suite = 'rss-parser' | 'gofeed' | 'feedparser' | 'node-feedparser';
export const SUITES: Suite[] = ['rss-parser', 'gofeed', 'feedparser', 'node-feedparser'];

export type Field = 'title' | 'link' | 'date';

/** One expected value: of the feed itself, or of its entry number `entry` (document order). */
export interface Check {
  field: Field;
  entry: number | 'feed';
  expected: string;
}

export interface FeedCase {
  suite: Suite;
  /** Path inside the suite's folder, for reports. */
  name: string;
  file: string;
  /** What the product is told the source is: a URL where the suite served its feeds over HTTP. */
  source: string;
  contentType?: string;
  /** In a format the project claims: RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed 1.x. */
  claimed: boolean;
  /**
   * 'expected': the suite itself calls this input no feed (invalid JSON, an unknown vocabulary);
   * 'allowed': the suite calls it ill-formed, or has no expectations (node-feedparser's broken
   * feeds), so a clear refusal is as good as a parse; 'wrong': it must be read.
   */
  refusal: 'expected' | 'allowed' | 'wrong';
  checks: Check[];
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? filesUnder(p) : [p];
    });
}

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

// ---- rss-parser: test/output/<name>.json holds {feed: {title, items: [{title, link, isoDate}]}}.

function rssParserCases(): FeedCase[] {
  const root = join(CORPORA, 'rss-parser');
  return filesUnder(join(root, 'input')).map((file) => {
    const expected = join(root, 'output', `${basename(file).replace(/\.[^.]+$/, '')}.json`);
    const checks: Check[] = [];
    if (existsSync(expected)) {
      const feed = obj(obj(readJson(expected)).feed);
      const title = str(feed.title);
      if (title) checks.push({ field: 'title', entry: 'feed', expected: title });
      arr(feed.items).forEach((raw, i) => {
        const item = obj(raw);
        const t = str(item.title);
        const link = str(item.link);
        const date = str(item.isoDate) ?? str(item.pubDate);
        if (t) checks.push({ field: 'title', entry: i, expected: t });
        if (link) checks.push({ field: 'link', entry: i, expected: link });
        if (date) checks.push({ field: 'date', entry: i, expected: date });
      });
    }
    const name = relative(root, file);
    // rss-parser's own tests expect an error for this one ("Feed not recognized as RSS 1 or 2").
    const refusal = name === 'input/unrecognized.rss' ? 'expected' : 'wrong';
    return { suite: 'rss-parser', name, file, source: file, claimed: refusal === 'wrong', refusal, checks };
  });
}

// ---- gofeed: X.xml + X.json (the rss/atom parser's struct, or the universal translator's);
// JSON feeds X.json + X_expected.json.

/** The entry link a gofeed expectation names: `link`, else the first alternate of Atom `links`, else JSON `url`. */
function gofeedLink(item: Record<string, unknown>): string | undefined {
  const direct = str(item.link);
  if (direct) return direct;
  const alternate = arr(item.links)
    .map(obj)
    .find((l) => str(l.href) && (str(l.rel) ?? 'alternate') === 'alternate');
  return str(alternate?.href) ?? str(item.url);
}

/** We keep one date per entry: its publication date, else its last update. */
function gofeedDate(item: Record<string, unknown>): string | undefined {
  return (
    str(item.publishedParsed) ??
    str(item.pubDateParsed) ??
    str(item.published) ??
    str(item.pubDate) ??
    str(item.date_published) ??
    str(item.updatedParsed) ??
    str(item.updated) ??
    str(item.date_modified)
  );
}

function gofeedChecks(expected: unknown): Check[] {
  const feed = obj(expected);
  const checks: Check[] = [];
  const title = str(feed.title);
  if (title) checks.push({ field: 'title', entry: 'feed', expected: title });
  arr(feed.items ?? feed.entries).forEach((raw, i) => {
    const item = obj(raw);
    const t = str(item.title);
    const link = gofeedLink(item);
    const date = gofeedDate(item);
    if (t) checks.push({ field: 'title', entry: i, expected: t });
    if (link) checks.push({ field: 'link', entry: i, expected: link });
    if (date) checks.push({ field: 'date', entry: i, expected: date });
  });
  return checks;
}

const GOFEED_INVALID = new Set([
  'parser/universal/invalid.json',
  'parser/universal/unknown_feed.xml',
  'parser/universal/empty_feed.xml',
  'parser/json/invalid/invalid.json',
]);

function gofeedCases(): FeedCase[] {
  const root = join(CORPORA, 'gofeed');
  const cases: FeedCase[] = [];
  for (const file of filesUnder(root)) {
    const name = relative(root, file);
    if (!/\.(xml|json)$/.test(name) || name.endsWith('_expected.json')) continue;
    const xmlTwin = file.replace(/\.json$/, '.xml');
    if (name.endsWith('.json') && existsSync(xmlTwin)) continue; // the expectation of X.xml
    let expectation: string | undefined;
    if (name.endsWith('.xml')) expectation = file.replace(/\.xml$/, '.json');
    else expectation = file.replace(/\.json$/, '_expected.json');
    const checks = expectation && existsSync(expectation) ? gofeedChecks(readJson(expectation)) : [];
    const refuse = GOFEED_INVALID.has(name);
    cases.push({ suite: 'gofeed', name, file, source: file, claimed: !refuse, refusal: refuse ? 'expected' : 'wrong', checks });
  }
  return cases;
}

// ---- feedparser: `Header:` and `Expect:` lines in each feed's leading comment; served by its
// test server at http://127.0.0.1:8097/tests/<path>, which is what relative links resolve against.

/** The feed file as text, whatever its encoding, only to read its comment header. */
function headerText(bytes: Buffer): string {
  const candidates = ['utf-8', 'utf-16le', 'utf-16be', 'utf-32le', 'utf-32be'];
  for (const enc of candidates) {
    const text = iconv.decode(bytes.subarray(0, 4096), enc);
    if (/Expect:|Description:/.test(text)) return text;
  }
  return bytes.subarray(0, 4096).toString('latin1');
}

/** The root element's name and attributes, skipping the prolog; undefined for JSON or no markup. */
function rootTag(text: string): { name: string; attrs: string } | undefined {
  const rest = text.replace(/^(?:[\s\ufeff]+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^[>]*(?:\[[\s\S]*?\])?\s*>)*/i, '');
  const m = /^<([\w:.-]+)([^>]*)>/.exec(rest);
  return m ? { name: m[1]!, attrs: m[2]! } : undefined;
}

const ATOM_NAMESPACES = ['http://www.w3.org/2005/Atom', 'http://purl.org/atom/ns#'];

/** RSS (any version), RDF, Atom 1.0 or 0.3 by their namespaces, JSON Feed; not CDF or Atom's drafts. */
function claimedFormat(text: string, name: string): boolean {
  if (name.endsWith('.json')) return /jsonfeed\.org\/version\/1/.test(text);
  const root = rootTag(text);
  if (!root) return true; // empty or broken documents are judged by whether we refuse them clearly
  const local = root.name.slice(root.name.indexOf(':') + 1);
  if (local === 'rss' || local === 'RDF') return true;
  if (local !== 'feed') return false;
  // Without a default namespace a <feed> is read as Atom written sloppily; in another one it is
  // one of Atom's pre-1.0 drafts (Echo, Pie) or something else.
  const ns = /\bxmlns\s*=\s*["']([^"']*)["']/.exec(root.attrs)?.[1];
  return ns === undefined || ATOM_NAMESPACES.includes(ns);
}

const DATE_FIELDS = ['published', 'updated', 'created', 'issued', 'modified', 'date'];

/** What one `path == literal` of an Expect line says about a field we keep, if anything. */
function feedparserCheck(path: (string | number)[], value: unknown): Check | undefined {
  const [head, ...rest] = path;
  let entry: number | 'feed';
  let keys: (string | number)[];
  if (head === 'feed') {
    entry = 'feed';
    keys = rest;
  } else if (head === 'entries' && typeof rest[0] === 'number' && rest[0] >= 0) {
    entry = rest[0];
    keys = rest.slice(1);
  } else return undefined;
  const key = keys.join('.');
  if ((key === 'title' || key === 'title_detail.value') && typeof value === 'string') return { field: 'title', entry, expected: value };
  // Feed-level links and dates are not kept; only entries' are.
  if (entry === 'feed') return undefined;
  if (key === 'link' && typeof value === 'string') return { field: 'link', entry, expected: value };
  const dateKey = key.replace(/_parsed$/, '');
  if (keys.length === 1 && DATE_FIELDS.includes(dateKey)) {
    if (typeof value === 'string') return { field: 'date', entry, expected: value };
    if (Array.isArray(value) && value.length >= 6 && value.every((n) => typeof n === 'number')) {
      const [y, mo, d, h, mi, s] = value as number[];
      return { field: 'date', entry, expected: new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!)).toISOString() };
    }
  }
  return undefined;
}

function feedparserCases(): FeedCase[] {
  const root = join(CORPORA, 'feedparser');
  const cases: FeedCase[] = [];
  for (const file of filesUnder(root)) {
    const name = relative(root, file);
    if (!/\.(xml|json)$/.test(name)) continue;
    const text = headerText(readFileSync(file));
    const expect = /Expect:\s*(.*?)\s*(?:-->|"\s*,?\s*$|$)/m.exec(text)?.[1] ?? '';
    const header = /Header:\s*Content-type:\s*(.*)$/im.exec(text)?.[1]?.trim();
    const checks: Check[] = [];
    let parsed;
    try {
      parsed = parsePython(expect);
    } catch {
      parsed = undefined;
    }
    const illFormed = parsed !== undefined && requiredNames(parsed).includes('bozo');
    for (const eq of parsed ? requiredEqualities(parsed) : []) {
      const path = pathOf(eq.left);
      const check = path && feedparserCheck(path, literalOf(eq.right));
      if (check) checks.push(check);
    }
    cases.push({
      suite: 'feedparser',
      name,
      file,
      source: `http://127.0.0.1:8097/tests/${name.split('\\').join('/')}`,
      ...(header ? { contentType: header } : {}),
      claimed: claimedFormat(text, name),
      refusal: illFormed ? 'allowed' : 'wrong',
      checks,
    });
  }
  return cases;
}

// ---- node-feedparser: real-world and broken feeds without expectations: ingest only.

function nodeFeedparserCases(): FeedCase[] {
  const root = join(CORPORA, 'node-feedparser');
  return filesUnder(join(root, 'feeds')).map((file) => ({
    suite: 'node-feedparser',
    name: relative(root, file),
    file,
    source: file,
    claimed: true,
    refusal: 'allowed' as const,
    checks: [],
  }));
}

export function corporaPresent(): boolean {
  return existsSync(CORPORA) && SUITES.every((s) => existsSync(join(CORPORA, s)));
}

export function loadCases(): FeedCase[] {
  return [...rssParserCases(), ...gofeedCases(), ...feedparserCases(), ...nodeFeedparserCases()];
}
