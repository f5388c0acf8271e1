// The deterministic benchmark corpus: generated articles of 300–600 characters
// (mixed Chinese/English, built from the sample feed's sentences and ML
// vocabulary, with feed tags and publication dates spread over eleven years),
// delivered as JSON Feed documents, with the bundled sample-feed snapshots
// mixed in at fixed points so every size also holds the real articles.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSnapshot } from '../src/feeds/snapshot';
import { cleanEntryText } from '../src/text/normalize';
import { Rng } from './rng';
import {
  ASPECTS,
  BODY_TEMPLATES,
  DATASETS,
  FRAMEWORKS,
  LEAD_TEMPLATES,
  METHODS,
  METRICS,
  TAGS,
  TITLE_SUBJECTS,
  TITLE_TEMPLATES,
  type Subject,
} from './vocabulary';

export const SAMPLE_DIR = join(import.meta.dirname, '../data/sample-feed');
export const DEFAULT_SEED = 20260201;
const MIN_CHARS = 300;
const MAX_CHARS = 600;
const DAY_MS = 86_400_000;
const FIRST_DAY = Date.parse('2015-01-01T00:00:00Z');
const DAYS = 11 * 365;

/** One feed document to ingest, as a fetcher would hand it over. */
export interface FeedBody {
  source: string;
  body: string;
  /** Articles it holds. */
  entries: number;
  sample: boolean;
}

export function sampleFiles(): string[] {
  return readdirSync(SAMPLE_DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => join(SAMPLE_DIR, f));
}

/** Sentences of the sample articles: the raw material generated bodies borrow. */
function sampleSentences(): string[] {
  const out: string[] = [];
  for (const file of sampleFiles()) {
    for (const entry of parseSnapshot(readFileSync(file, 'utf8'), file).entries) {
      const text = cleanEntryText(entry.text).replace(/\.\.\.$/, '');
      for (const s of text.split(/(?<=[。!?;!?;])|(?<=\. )/u)) {
        const t = s.trim();
        if (t.length >= 8 && t.length <= 160) out.push(t);
      }
    }
  }
  return out;
}

function fill(template: string, rng: Rng, a: Subject, b: Subject, n: number): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    switch (key) {
      case 'zh': return a.zh;
      case 'en': return a.en;
      case 'zh2': return b.zh;
      case 'en2': return b.en;
      case 'n': return String(n);
      case 'year': return String(2015 + (n % 11));
      case 'aspect': return rng.pick(ASPECTS);
      case 'dataset': return rng.pick(DATASETS);
      case 'metric': return rng.pick(METRICS);
      case 'framework': return rng.pick(FRAMEWORKS);
      case 'method': return rng.pick(METHODS);
      case 'method2': return rng.pick(METHODS);
      default: return key;
    }
  });
}

function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max).join('');
}

/** Generates JSON Feed items; stateless per index, so any slice can be rebuilt alone. */
export class ArticleGenerator {
  private readonly sentences = sampleSentences();

  constructor(private readonly seed = DEFAULT_SEED) {}

  item(i: number): Record<string, unknown> {
    const rng = new Rng(this.seed).fork(i);
    const a = rng.pick(TITLE_SUBJECTS);
    let b = rng.pick(TITLE_SUBJECTS);
    if (b === a) b = TITLE_SUBJECTS[(TITLE_SUBJECTS.indexOf(a) + 1) % TITLE_SUBJECTS.length]!;
    const title = fill(rng.pick(TITLE_TEMPLATES), rng, a, b, i + 1);
    const target = rng.int(MIN_CHARS, MAX_CHARS);
    let text = fill(rng.pick(LEAD_TEMPLATES), rng, a, b, rng.int(2, 99));
    while ([...text].length < target) {
      const sentence = rng.chance(0.5) ? rng.pick(this.sentences) : fill(rng.pick(BODY_TEMPLATES), rng, a, b, rng.int(2, 99));
      text += (/[\p{Script=Han}。,!?;:)]$/u.test(text) ? '' : ' ') + sentence;
    }
    const day = rng.int(0, DAYS);
    return {
      id: `bench:${i}`,
      url: `https://example.com/bench/${i}`,
      title,
      content_text: cut(text, MAX_CHARS),
      ...(rng.chance(0.9) ? { date_published: new Date(FIRST_DAY + day * DAY_MS).toISOString() } : {}),
      ...(rng.chance(0.3) ? { tags: [rng.pick(TAGS)] } : {}),
    };
  }
}

/**
 * Feed documents totalling `size` articles: JSON Feeds of `batch` generated
 * items, with the sample-feed files (whose articles count toward the total)
 * placed at fixed fractions of the stream.
 */
export function* corpusFeeds(size: number, opts: { seed?: number; batch?: number } = {}): Generator<FeedBody> {
  const batch = opts.batch ?? 1000;
  const gen = new ArticleGenerator(opts.seed ?? DEFAULT_SEED);
  const samples = sampleFiles().map((file) => {
    const body = readFileSync(file, 'utf8');
    return { source: file, body, entries: parseSnapshot(body, file).entries.length, sample: true };
  });
  const sampleTotal = samples.reduce((n, s) => n + s.entries, 0);
  const generated = Math.max(0, size - sampleTotal);
  // Sample files go in at 10%, 30%, … of the stream: not all first (oldest) nor last (newest).
  const at = samples.map((_, k) => Math.floor((generated * (2 * k + 1)) / (2 * samples.length)));
  let next = 0;
  for (let start = 0; start < generated || next < samples.length; start += batch) {
    while (next < samples.length && at[next]! <= start) yield samples[next++]!;
    if (start >= generated) continue;
    const items: Record<string, unknown>[] = [];
    for (let i = start; i < Math.min(generated, start + batch); i++) items.push(gen.item(i));
    const body = JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'bench', items });
    yield { source: `bench-feed-${start / batch}`, body, entries: items.length, sample: false };
  }
}

/** The vocabulary a generated title is made of; used to check titles stay off the sample's subjects. */
export function titleVocabulary(): string[] {
  return [
    ...TITLE_SUBJECTS.flatMap((s) => [s.zh, s.en]),
    ...TITLE_TEMPLATES.map((t) => t.replace(/\{\w+\}/g, ' ')),
    ...ASPECTS,
    ...DATASETS,
  ];
}
