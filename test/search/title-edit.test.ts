// An article retitled with its text and tags unchanged (the ingest refines a
// derived title to tell twins apart: ArticleStore.setTitle): search follows
// the new title in every index — the old title's words no longer find the
// article, the new ones do, in a running process and after a restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { searchDb } from '../helpers/search-db';

const TEXT =
  '本文介绍一种数据管线的设计，包括缓存、批处理与调度。We describe the caching, batching and scheduling of a data pipeline. '.repeat(40);

for (const separateIndex of [false, true]) {
  test(`a retitled article is searchable by the new title, not the old (${separateIndex ? 'index in its own file' : 'index in the store'})`, async () => {
    const db = searchDb(
      [
        { guid: 'a', title: 'Zymurgy 管线笔记', text: TEXT, categories: ['工程'] },
        { guid: 'b', title: 'Another pipeline note', text: TEXT.slice(0, 500), categories: [] },
      ],
      { separateIndex },
    );
    try {
      await db.app.search.whenReady();
      const guids = (q: string) => db.app.search.search(q, { pageSize: 5 }).items.map((a) => a.guid);
      assert.deepEqual(guids('zymurgy'), ['a']);
      const a = db.app.store.all().find((x) => x.guid === 'a')!;
      db.app.store.setTitle(a.id, 'Fermentation 管线笔记', Date.now());
      await db.app.search.whenReady();
      assert.equal(db.app.store.all().find((a) => a.guid === 'a')!.title, 'Fermentation 管线笔记');
      assert.deepEqual(guids('fermentation'), ['a'], 'found by the new title');
      assert.deepEqual(guids('zymurgy'), [], 'the old title no longer finds it');
      db.reopen();
      await db.app.search.whenReady();
      assert.deepEqual(guids('zymurgy'), [], 'nor after a restart');
      assert.deepEqual(guids('fermentation'), ['a']);
    } finally {
      db.close();
    }
  });
}
