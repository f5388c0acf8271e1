// The public search evaluation: each query must put every expected article
// (identified by a distinctive substring of its text) in the top 5, searching
// the bundled sample feed ingested through the real pipeline.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArticleIndex, type IndexDoc } from '../src/search/index';
import { loadSampleArchive } from './helpers/sample-archive';

interface PublicQuery {
  q: string;
  must: string[];
  kind: string;
}

const QUERIES: PublicQuery[] = JSON.parse(readFileSync(join(import.meta.dirname, 'public-queries.json'), 'utf8'));

let docs = new Map<string, IndexDoc>();
let index: ArticleIndex;
let close = () => {};

before(async () => {
  const archive = await loadSampleArchive();
  close = () => archive.close();
  docs = new Map(archive.docs.map((d) => [d.id, d]));
  index = new ArticleIndex();
  index.addAll(archive.docs);
});

after(() => close());

test('the sample archive has articles to search', () => {
  assert.ok(docs.size >= 30, `only ${docs.size} articles`);
});

for (const { q, must, kind } of QUERIES) {
  test(`[${kind}] ${q} → top 5 has ${must.join(' | ')}`, () => {
    const hits = index.search(q, { limit: 5 }).hits;
    assert.ok(hits.length <= 5);
    const texts = hits.map((h) => {
      const d = docs.get(h.id);
      return d ? `${d.title}\n${d.summary}` : '';
    });
    const missing = must.filter((m) => !texts.some((t) => t.includes(m)));
    const titles = hits.map((h) => docs.get(h.id)?.title ?? h.id);
    assert.deepEqual(missing, [], `missing ${JSON.stringify(missing)}; top 5 was:\n  ${titles.join('\n  ')}`);
  });
}
