// Search quality at scale. The public queries (../shared/search-eval when
// present, else test/public-queries.json) run against the big corpus, where
// each "must" substring names the bundled sample article(s) it identifies.
// Generated articles may contain the same substrings, so hits are matched by
// article id, not by text: a must is met when one of its sample articles is
// in the top 5. Body-deep cases (deep.ts) are checked the same way, each
// against the one article its term was planted in.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../src/store/db';
import { ArticleStore } from '../src/store/articles';
import { parseSnapshot } from '../src/feeds/snapshot';
import { ingestFeed } from '../src/ingest/ingest';
import { createClassifier } from '../src/topics/classify';
import { loadTaxonomy } from '../src/topics/taxonomy';
import { sampleFiles } from './corpus';
import { TOPICS_PATH } from './env';
import type { DeepCase } from './deep';

const SHARED_QUERIES = join(import.meta.dirname, '../../shared/search-eval/public-queries.json');
const REPO_QUERIES = join(import.meta.dirname, '../test/public-queries.json');

/** The shared evaluation set when it is there (it is the newer one), else the repository's copy. */
export function publicQueriesPath(): string {
  return existsSync(SHARED_QUERIES) ? SHARED_QUERIES : REPO_QUERIES;
}

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
  /** Met / all musts per query kind. */
  byKind: Record<string, { met: number; musts: number }>;
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
    const queries = JSON.parse(readFileSync(publicQueriesPath(), 'utf8')) as { q: string; must: string[]; kind: string }[];
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
  const byKind: RecallReport['byKind'] = {};
  for (const c of cases) {
    const hits = new Set(top5(c.q));
    const kind = (byKind[c.kind] ??= { met: 0, musts: 0 });
    let all = true;
    for (const t of c.targets) {
      musts++;
      kind.musts++;
      if (t.ids.some((id) => hits.has(id))) {
        met++;
        kind.met++;
      } else {
        all = false;
        missed.push(`${c.q} → ${t.must}`);
      }
    }
    if (all) passed++;
  }
  return { recall: musts ? met / musts : NaN, passed, queries: cases.length, missed, byKind };
}

/** Body-deep cases as recall cases: each query's answer is the article its term was planted in (guid bench:<index>). */
export function deepRecallCases(dbPath: string, cases: readonly DeepCase[]): RecallCase[] {
  const db = openDatabase(dbPath, { readonly: true });
  try {
    const byGuid = db.prepare<[string], string>('SELECT id FROM articles WHERE guid = ?').pluck();
    return cases.map((c) => {
      const id = byGuid.get(`bench:${c.index}`);
      if (!id) throw new Error(`body-deep answer bench:${c.index} is not in the database`);
      return { q: c.q, kind: c.form, targets: [{ must: `bench:${c.index}`, ids: [id] }] };
    });
  } finally {
    db.close();
  }
}
