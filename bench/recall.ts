// Search quality at scale: the public queries (test/public-queries.json) run
// against the big corpus, where each "must" substring names the bundled
// sample article(s) it identifies. Generated articles may contain the same
// substrings, so hits are matched by article id, not by text: a must is met
// when one of its sample articles is in the top 5.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../src/store/db';
import { ArticleStore } from '../src/store/articles';
import { parseSnapshot } from '../src/feeds/snapshot';
import { ingestFeed } from '../src/ingest/ingest';
import { createClassifier } from '../src/topics/classify';
import { loadTaxonomy } from '../src/topics/taxonomy';
import { sampleFiles } from './corpus';

export const TOPICS_PATH = join(import.meta.dirname, '../data/topics.json');
const PUBLIC_QUERIES = join(import.meta.dirname, '../test/public-queries.json');

export interface RecallCase {
  q: string;
  kind: string;
  /** Per must substring, the sample article ids that contain it. */
  targets: { must: string; ids: string[] }[];
}

export interface RecallReport {
  /** Met musts / all musts. */
  recall: number;
  /** Queries with every must met. */
  passed: number;
  queries: number;
  missed: string[];
}

/** The public queries with their target sample articles (ids are content hashes, the same in every database). */
export function recallCases(): RecallCase[] {
  const db = openDatabase(':memory:');
  try {
    const store = new ArticleStore(db);
    const classifier = createClassifier(loadTaxonomy(TOPICS_PATH));
    for (const file of sampleFiles()) {
      ingestFeed({ store, classifier, now: () => 0 }, parseSnapshot(readFileSync(file, 'utf8'), file));
    }
    const samples = store.all();
    const queries = JSON.parse(readFileSync(PUBLIC_QUERIES, 'utf8')) as { q: string; must: string[]; kind: string }[];
    return queries.map(({ q, must, kind }) => ({
      q,
      kind,
      targets: must.map((m) => ({ must: m, ids: samples.filter((a) => `${a.title}\n${a.summary}`.includes(m)).map((a) => a.id) })),
    }));
  } finally {
    db.close();
  }
}

/** Runs every case through `top5` (ids of the first five hits). */
export function measureRecall(cases: readonly RecallCase[], top5: (q: string) => string[]): RecallReport {
  let met = 0;
  let musts = 0;
  let passed = 0;
  const missed: string[] = [];
  for (const c of cases) {
    const hits = new Set(top5(c.q));
    let all = true;
    for (const t of c.targets) {
      musts++;
      if (t.ids.some((id) => hits.has(id))) met++;
      else {
        all = false;
        missed.push(`${c.q} → ${t.must}`);
      }
    }
    if (all) passed++;
  }
  return { recall: musts ? met / musts : NaN, passed, queries: cases.length, missed };
}
