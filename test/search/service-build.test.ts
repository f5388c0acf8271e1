// Without a saved head index, a large archive's head is built in the
// background; searches that arrive first are answered by the whole-text
// (FTS5) index alone — ranked, glossary included — and whatever is ingested
// meanwhile is indexed too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SearchService } from '../../src/search/service';
import { searchSources } from '../../src/search/search-sources';
import { createTestBot } from '../helpers/bot';

test('searches before the head index is built are answered by the whole-text index, then the head takes over', async () => {
  const t = await createTestBot();
  try {
    await t.app.search.whenReady();
    // No saved head, and small limits that turn the 39 sample articles into a "large" archive built in 5 steps.
    const search = new SearchService(searchSources(t.app.db), { syncLimit: 10, chunk: 8, snapshot: false });
    const early = search.search('随机擦除');
    assert.equal(search.isReady, false);
    assert.equal(early.provisional, true);
    assert.ok(early.items[0]!.title.startsWith('Random erasing'), 'the article about it first');
    assert.ok(
      search.search('random erasing').items.some((a) => a.title.startsWith('Random erasing')),
      'glossary',
    );

    t.app.ingest({
      source: 'late',
      entries: [{ guid: 'late-1', title: '量子退火入门', text: '量子退火 quantum annealing', categories: [] }],
    });
    await search.whenReady();
    assert.equal(search.isReady, true);
    const later = search.search('随机擦除');
    assert.equal(later.provisional, undefined);
    assert.ok(later.items[0]!.title.startsWith('Random erasing'));
    assert.equal(search.search('量子退火').total, 1, 'an article ingested during the build is indexed');
    assert.equal(search.size, t.app.store.count());
  } finally {
    t.close();
  }
});

test('the whole-text index alone pages and filters by topic', async () => {
  const t = await createTestBot();
  try {
    await t.app.search.whenReady();
    const search = new SearchService(searchSources(t.app.db), { syncLimit: 10, snapshot: false });
    assert.equal(search.search('模型').provisional, true);
    const all = search.search('模型', { pageSize: 3 });
    assert.ok(all.total > 3);
    const second = search.search('模型', { pageSize: 3, page: 2 });
    assert.equal(second.total, all.total);
    assert.ok(second.items.every((a) => !all.items.some((b) => b.id === a.id)));
    const cv = search.search('模型', { topic: 'cv', pageSize: 50 });
    assert.ok(cv.total > 0 && cv.total < all.total);
    assert.ok(cv.items.every((a) => a.topics.includes('cv')));
    await search.whenReady();
  } finally {
    t.close();
  }
});

test('a rebuild keeps answering from the current index until the new one is ready', async () => {
  const t = await createTestBot();
  try {
    const search = new SearchService(searchSources(t.app.db), { syncLimit: 10, chunk: 8 });
    await search.whenReady();
    search.rebuild();
    const during = search.search('卷积');
    assert.equal(during.provisional, undefined);
    assert.ok(during.total > 0);
    await search.whenReady();
    assert.deepEqual(
      search.search('卷积').items.map((a) => a.id),
      during.items.map((a) => a.id),
    );
  } finally {
    t.close();
  }
});

test('a result page never shows an article as it was before an update', async () => {
  const t = await createTestBot();
  try {
    t.app.ingest({ source: 's', entries: [{ guid: 'c1', title: 'Old title', text: 'zebrafish imaging', categories: [] }] });
    assert.equal(t.app.search.search('imaging').items[0]!.title, 'Old title');
    t.app.ingest({ source: 's', entries: [{ guid: 'c1', title: 'New title', text: 'zebrafish imaging again', categories: [] }] });
    assert.equal(t.app.search.search('imaging').items[0]!.title, 'New title');
  } finally {
    t.close();
  }
});
