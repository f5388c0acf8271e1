// The public search evaluation: each query must put every expected article
// (identified by a distinctive substring of its text) in the top 5, searching
// the bundled sample feed ingested through the real pipeline, with the
// search service the bot uses (head and whole-text index). The shared
// evaluation set (../shared, which grows) is used when present, else the
// copy kept with the tests.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SearchService } from '../src/search/service';
import { searchSources } from '../src/search/search-sources';
import type { Article } from '../src/store/types';
import { loadSampleArchive } from './helpers/sample-archive';

interface PublicQuery {
  q: string;
  must: string[];
  kind: string;
}

const SHARED = join(import.meta.dirname, '../../shared/search-eval/public-queries.json');
const QUERIES_PATH = existsSync(SHARED) ? SHARED : join(import.meta.dirname, 'public-queries.json');
if (!existsSync(SHARED)) console.log(`# ${SHARED} is absent: using the copy in test/public-queries.json`);
const QUERIES: PublicQuery[] = JSON.parse(readFileSync(QUERIES_PATH, 'utf8'));

let search: SearchService;
let count = 0;
let close = () => {};

before(async () => {
  const archive = await loadSampleArchive();
  search = new SearchService(searchSources(archive.store.db), { snapshot: false });
  await search.whenReady();
  count = archive.store.count();
  close = () => {
    search.close();
    archive.close();
  };
});

after(() => close());

test('the sample archive has articles to search', () => {
  assert.ok(count >= 30, `only ${count} articles`);
});

for (const { q, must, kind } of QUERIES) {
  test(`[${kind}] ${q} → top 5 has ${must.join(' | ')}`, () => {
    const items: Article[] = search.search(q, { pageSize: 5 }).items;
    assert.ok(items.length <= 5);
    const texts = items.map((a) => `${a.title}\n${a.summary}`);
    const missing = must.filter((m) => !texts.some((t) => t.includes(m)));
    assert.deepEqual(missing, [], `missing ${JSON.stringify(missing)}; top 5 was:\n  ${items.map((a) => a.title).join('\n  ')}`);
  });
}
