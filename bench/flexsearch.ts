// Baseline 3: FlexSearch 0.8, the JavaScript full-text engine a user would
// pick instead, over title and whole text, made fair for this feed: its
// default encoder has no Chinese word breaking, so it gets one that emits
// CJK bigrams (a lone Han character as itself) and lowercased Latin words
// and numbers — what our tokenizer does, minus glossary and conversion.
// Its tokenizer is its default, "strict" (whole terms: its fastest and
// leanest index); `npm run bench -- --flexsearch-tokenize forward` indexes
// every prefix too, so prefix queries work as they do for us, at about 4×
// the build time and 2× the memory (measured on 1,500 realistic articles).
// FlexSearch has no edit-distance typo tolerance to turn on beside either
// (its "tolerant" tokenizer replaces them).
// Ids are the articles' seq numbers (integers keep its index smallest);
// rows are streamed from SQLite, so what stays in memory is the index.
import type Database from 'better-sqlite3';
import { Index } from 'flexsearch';

type DB = Database.Database;

interface Row {
  seq: number;
  id: string;
  title: string;
  summary: string;
}

const TOKENS = /\p{Script=Han}+|[\p{L}\p{N}_]+/gu;
const HAN = /^\p{Script=Han}/u;

/** CJK bigrams and lowercased Latin words, in text order. */
export function cjkEncode(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(TOKENS)) {
    const run = m[0];
    if (!HAN.test(run)) out.push(run);
    else if (run.length === 1) out.push(run);
    else for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  }
  return out;
}

export const FLEX_TOKENIZERS = ['strict', 'forward'] as const;
export type FlexTokenizer = (typeof FLEX_TOKENIZERS)[number];

export function buildFlexSearch(db: DB, tokenize: FlexTokenizer, progress: (added: number) => void): Index {
  const index = new Index({ tokenize, encode: cjkEncode });
  let added = 0;
  for (const row of db.prepare<[], Row>('SELECT seq, title, summary FROM articles ORDER BY seq').iterate()) {
    index.add(row.seq, `${row.title}\n${row.summary}`);
    if (++added % 10_000 === 0) progress(added);
  }
  return index;
}

/** A search returning the top `limit` hits with their article rows fetched, as /search would. */
export function flexSearcher(db: DB, index: Index, limit = 5): (query: string) => Row[] {
  const get = db.prepare<[number], Row>(
    'SELECT seq, id, title, summary, url, topics, published_at, first_seen_at FROM articles WHERE seq = ?',
  );
  return (query) => (index.search(query, { limit }) as number[]).map((seq) => get.get(seq)!).filter(Boolean);
}
