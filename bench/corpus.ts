// The deterministic benchmark corpus, in two profiles:
//  - short: articles of 300–600 characters of plain text (mixed Chinese/English,
//    built from the sample feed's sentences and ML vocabulary);
//  - realistic: HTML articles whose visible text is drawn like a technical
//    blog's (lengths.ts: median ~4,000 characters, one in ten over 15,000,
//    max ~40,000), with headings, code blocks, formulas, zh/en paragraphs.
// Both carry feed tags and publication dates spread over eleven years, the
// bundled sample-feed snapshots mixed in at fixed points (so every size also
// holds the real articles), and body-deep terms planted per deep.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSnapshot } from '../src/feeds/snapshot';
import { cleanEntryText } from '../src/text/normalize';
import { longBody } from './article-long';
import { planDeep, type DeepPlan, type DeepPlant } from './deep';
import { drawLength } from './lengths';
import { Rng } from './rng';
import * as vocabulary from './vocabulary';
import * as vocabularyLong from './vocabulary-long';
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

export const PROFILES = ['short', 'realistic'] as const;
export type Profile = (typeof PROFILES)[number];

export const SAMPLE_DIR = join(import.meta.dirname, '../data/sample-feed');
export const DEFAULT_SEED = 20260201;
const MIN_CHARS = 300;
const MAX_CHARS = 600;
const DAY_MS = 86_400_000;
const FIRST_DAY = Date.parse('2015-01-01T00:00:00Z');
const DAYS = 11 * 365;
/** Realistic articles planted with a body-deep term are at least this long, so the term sits deep. */
const DEEP_MIN_LENGTH = 1500;

/** One generated feed entry, independent of the feed format it is written in. */
export interface FeedItem {
  guid: string;
  url: string;
  title: string;
  /** Plain text (short profile) or HTML (realistic profile). */
  text?: string;
  html?: string;
  published?: string;
  tags?: string[];
  /** Visible characters once stored. */
  chars: number;
}

export function sampleFiles(): string[] {
  return readdirSync(SAMPLE_DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => join(SAMPLE_DIR, f));
}

/** Sentences of the sample articles: the raw material generated bodies borrow. */
export function sampleSentences(): string[] {
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

/** Every string generated text is made of: planted terms must not occur in it. */
function material(sentences: readonly string[]): string {
  const strings = (o: unknown): string[] =>
    typeof o === 'string'
      ? [o]
      : Array.isArray(o)
        ? o.flatMap(strings)
        : o && typeof o === 'object'
          ? Object.values(o).flatMap(strings)
          : [];
  return [...sentences, ...strings(Object.values(vocabulary)), ...strings(Object.values(vocabularyLong))].join('\n');
}

export function fill(template: string, rng: Rng, a: Subject, b: Subject, n: number): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    switch (key) {
      case 'zh':
        return a.zh;
      case 'en':
        return a.en;
      case 'zh2':
        return b.zh;
      case 'en2':
        return b.en;
      case 'n':
        return String(n);
      case 'year':
        return String(2015 + (n % 11));
      case 'aspect':
        return rng.pick(ASPECTS);
      case 'dataset':
        return rng.pick(DATASETS);
      case 'metric':
        return rng.pick(METRICS);
      case 'framework':
        return rng.pick(FRAMEWORKS);
      case 'method':
        return rng.pick(METHODS);
      case 'method2':
        return rng.pick(METHODS);
      default:
        return key;
    }
  });
}

function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max).join('');
}

/** Generates feed items; stateless per index, so any item can be rebuilt alone. */
export class ArticleGenerator {
  private readonly sentences = sampleSentences();
  private readonly seed: number;
  readonly deep: DeepPlan;

  constructor(
    readonly profile: Profile,
    /** Generated articles (the corpus size less the sample articles). */
    readonly count: number,
    opts: { seed?: number; deepPerForm?: number } = {},
  ) {
    this.seed = opts.seed ?? DEFAULT_SEED;
    this.deep = planDeep(count, opts.deepPerForm ?? 0, {
      lengthOf: (i) => this.lengthOf(i),
      minLength: profile === 'realistic' ? DEEP_MIN_LENGTH : 0,
      material: material(this.sentences),
      seed: this.seed ^ 0x5eed,
    });
  }

  /** Article i's drawn length: the first draw of its own stream. */
  lengthOf(i: number): number {
    return this.profile === 'realistic' ? drawLength(new Rng(this.seed).fork(i)) : MIN_CHARS;
  }

  item(i: number): FeedItem {
    const rng = new Rng(this.seed).fork(i);
    const target = this.profile === 'realistic' ? drawLength(rng) : rng.int(MIN_CHARS, MAX_CHARS);
    const a = rng.pick(TITLE_SUBJECTS);
    let b = rng.pick(TITLE_SUBJECTS);
    if (b === a) b = TITLE_SUBJECTS[(TITLE_SUBJECTS.indexOf(a) + 1) % TITLE_SUBJECTS.length]!;
    const title = fill(rng.pick(TITLE_TEMPLATES), rng, a, b, i + 1);
    const plant = this.deep.plants.get(i);
    const body = this.profile === 'realistic' ? this.longText(rng, a, b, target, plant) : this.shortText(rng, a, b, target, plant);
    const day = rng.int(0, DAYS);
    return {
      guid: `bench:${i}`,
      url: `https://example.com/bench/${i}`,
      title,
      ...body,
      ...(rng.chance(0.9) ? { published: new Date(FIRST_DAY + day * DAY_MS).toISOString() } : {}),
      ...(rng.chance(0.3) ? { tags: [rng.pick(TAGS)] } : {}),
    };
  }

  private shortText(rng: Rng, a: Subject, b: Subject, target: number, plant?: DeepPlant): { text: string; chars: number } {
    let text = fill(rng.pick(LEAD_TEMPLATES), rng, a, b, rng.int(2, 99));
    while ([...text].length < target) {
      const sentence = rng.chance(0.5) ? rng.pick(this.sentences) : fill(rng.pick(BODY_TEMPLATES), rng, a, b, rng.int(2, 99));
      text += (/[\p{Script=Han}。,!?;:)]$/u.test(text) ? '' : ' ') + sentence;
    }
    text = cut(text, MAX_CHARS);
    // Short articles have no depth to speak of: the term goes last, past the first 300 characters.
    if (plant) text += ` ${plant.sentence}`;
    return { text, chars: [...text].length };
  }

  private longText(rng: Rng, a: Subject, b: Subject, target: number, plant?: DeepPlant): { html: string; chars: number } {
    return longBody({ rng, a, b, fill, sentences: this.sentences }, target, plant);
  }
}

/** What the corpus stream yields: a sample-feed file to ingest as it is, or a generated item. */
export type CorpusPart = { sample: string; entries: number } | { item: FeedItem };

export function sampleEntries(): { file: string; entries: number }[] {
  return sampleFiles().map((file) => ({ file, entries: parseSnapshot(readFileSync(file, 'utf8'), file).entries.length }));
}

/**
 * The corpus in ingest order: generated items, with the sample-feed files
 * (whose articles count toward the total) placed at fixed fractions of the
 * stream — not all first (oldest) nor last (newest).
 */
export function* corpusParts(gen: ArticleGenerator, samples = sampleEntries()): Generator<CorpusPart> {
  const at = samples.map((_, k) => Math.floor((gen.count * (2 * k + 1)) / (2 * samples.length)));
  let next = 0;
  for (let i = 0; i <= gen.count; i++) {
    while (next < samples.length && at[next]! <= i) {
      const s = samples[next++]!;
      yield { sample: s.file, entries: s.entries };
    }
    if (i < gen.count) yield { item: gen.item(i) };
  }
}

/** A generator for a corpus of `size` articles in all (sample articles included). */
export function corpusGenerator(profile: Profile, size: number, opts: { seed?: number; deepPerForm?: number } = {}): ArticleGenerator {
  const sampleTotal = sampleEntries().reduce((n, s) => n + s.entries, 0);
  return new ArticleGenerator(profile, Math.max(0, size - sampleTotal), opts);
}
