// Test helper: the bundled sample feed ingested through the real pipeline into a temp DB.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type DB } from '../../src/store/db';
import { ArticleStore } from '../../src/store/articles';
import { parseSnapshot } from '../../src/feeds/snapshot';
import { ingestFeed } from '../../src/ingest/ingest';
import { createClassifier } from '../../src/topics/classify';
import { loadTaxonomy } from '../../src/topics/taxonomy';
import { TopicRegistry } from '../../src/topics/registry';
import type { IndexDoc } from '../../src/search/index';

export const SAMPLE_DIR = join(import.meta.dirname, '../../data/sample-feed');
export const TOPICS_PATH = join(import.meta.dirname, '../../data/topics.json');

export interface SampleArchive {
  dir: string;
  dbPath: string;
  db: DB;
  store: ArticleStore;
  topics: TopicRegistry;
  docs: IndexDoc[];
  close(): void;
}

export function sampleFiles(): string[] {
  return readdirSync(SAMPLE_DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => join(SAMPLE_DIR, f));
}

export async function loadSampleArchive(): Promise<SampleArchive> {
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-sample-'));
  const dbPath = join(dir, 'feedbot.db');
  const db = openDatabase(dbPath);
  const store = new ArticleStore(db);
  const taxonomy = loadTaxonomy(TOPICS_PATH);
  const classifier = createClassifier(taxonomy);
  let t = Date.parse('2026-01-12T00:00:00Z');
  for (const file of sampleFiles()) {
    ingestFeed({ store, classifier, now: () => (t += 1000) }, parseSnapshot(readFileSync(file, 'utf8'), file));
  }
  const topics = new TopicRegistry(taxonomy, store);
  const docs: IndexDoc[] = store.all().map((a) => ({
    id: a.id,
    title: a.title,
    summary: a.summary,
    topics: a.topics,
    seq: a.seq,
    categories: a.categories,
    publishedAt: a.publishedAt,
    firstSeenAt: a.firstSeenAt,
  }));
  return {
    dir,
    dbPath,
    db,
    store,
    topics,
    docs,
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
