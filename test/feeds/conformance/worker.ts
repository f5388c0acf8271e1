// Runs conformance cases through the real path, bytes → decoder → reader → ingest into SQLite,
// in a worker thread so the parent can bound each feed in time and count a hang instead of waiting.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { decodeBody } from '../../../src/feeds/decode';
import { cleanText } from '../../../src/feeds/html-text';
import { FeedParseError } from '../../../src/feeds/errors';
import { ingestFeed } from '../../../src/ingest/ingest';
import { articleId, dedupKey } from '../../../src/ingest/prepare';
import { parseBody } from '../../../src/ingest/sources';
import { ArticleStore } from '../../../src/store/articles';
import { openDatabase } from '../../../src/store/db';
import { createClassifier } from '../../../src/topics/classify';
import { loadTaxonomy } from '../../../src/topics/taxonomy';
import type { FeedCase } from './suites';

export interface EntryResult {
  title?: string;
  url?: string;
  publishedAt?: string;
  /** False for an entry ingest skipped (nothing to show): its fields are the reader's. */
  stored: boolean;
}

export type CaseResult =
  | { status: 'parsed'; feedTitle?: string; entries: EntryResult[] }
  /** A FeedParseError: the message a user would see. */
  | { status: 'refused'; error: string }
  /** Any other exception: a bug. */
  | { status: 'crashed'; error: string };

const dir = mkdtempSync(join(tmpdir(), 'feedbot-conformance-'));
const db = openDatabase(join(dir, 'conformance.db'));
const store = new ArticleStore(db);
const classifier = createClassifier(loadTaxonomy(join(import.meta.dirname, '../../../data/topics.json')));
let clock = Date.parse('2026-01-01T00:00:00Z');
const deps = { store, classifier, now: () => (clock += 1000) };

// Every case starts from an empty archive: suites reuse guids such as http://example.org/entry/1,
// and an entry ingest skips must not be mistaken for another feed's article with the same guid.
const clear = db.transaction(() => {
  db.exec('DELETE FROM article_topics; DELETE FROM articles;');
});

function run(c: FeedCase): CaseResult {
  try {
    clear();
    const body = decodeBody(readFileSync(c.file), c.contentType);
    const feed = parseBody(body, c.source, c.contentType);
    // Ingest stores a reader's text as it is (prepare.ts): it must come cleaned.
    const unclean = feed.entries.find((e) => e.text !== cleanText(e.text));
    if (unclean) return { status: 'crashed', error: `reader left text uncleaned: ${JSON.stringify(unclean.text.slice(0, 80))}` };
    ingestFeed(deps, feed);
    // Read back what was stored: the titles, links and dates a user would see.
    const entries = feed.entries.map((e): EntryResult => {
      const a = store.get(articleId(dedupKey(e)));
      const pick = a
        ? { title: a.title, url: a.url ?? undefined, publishedAt: a.publishedAt ?? undefined, stored: true }
        : { title: e.title, url: e.url, publishedAt: e.publishedAt, stored: false };
      return Object.fromEntries(Object.entries(pick).filter(([, v]) => v !== undefined)) as unknown as EntryResult;
    });
    return { status: 'parsed', ...(feed.title ? { feedTitle: feed.title } : {}), entries };
  } catch (err) {
    if (err instanceof FeedParseError) return { status: 'refused', error: err.message };
    return { status: 'crashed', error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
}

parentPort!.on('message', (c: FeedCase | null) => {
  if (c === null) {
    db.close();
    rmSync(dir, { recursive: true, force: true });
    parentPort!.close();
    return;
  }
  parentPort!.postMessage(run(c));
});
