// The body index's FTS5 write settings (body-tables.ts): set on a new index, and on one made
// before them as soon as it next indexes, without changing what it holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seedSampleIfEmpty } from '../../src/app';
import { BODY_WRITE_SETTINGS } from '../../src/search/body-index';
import { requireSqlite, type DB } from '../../src/store/db';
import { searchDb, type Entry } from '../helpers/search-db';

const later: Entry[] = Array.from({ length: 40 }, (_, i) => ({
  guid: `later-${i}`,
  title: `第 ${i} 篇：梯度裁剪 gradient clipping`,
  text: `${'長文本中的梯度爆炸與 clip_grad_norm_ 的用法。'.repeat(1 + (i % 5))} Quokka${i}`,
  categories: ['PyTorch'],
}));

const settings = (db: DB) =>
  Object.fromEntries(
    db
      .prepare<[], { k: string; v: number }>("SELECT k, v FROM search_body_config WHERE k != 'version'")
      .all()
      .map((r) => [r.k, r.v]),
  );

/** Every token instance the body index holds, and the articles it covers. */
function contents(db: DB) {
  db.exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.body_vocab USING fts5vocab(main, search_body, instance)');
  return {
    instances: db.prepare('SELECT term, doc, col, offset FROM temp.body_vocab ORDER BY term, doc, col, offset').all(),
    docs: db.prepare('SELECT seq, sig FROM search_body_docs ORDER BY seq').all(),
  };
}

test('an index made before the write settings gets them when it next indexes, and holds what a new one holds', async () => {
  const old = searchDb();
  const fresh = searchDb();
  try {
    for (const t of [old, fresh]) await seedSampleIfEmpty(t.app);
    await old.app.search.whenReady();
    const made = requireSqlite(old.app.db, 'this test');
    assert.deepEqual(settings(made), BODY_WRITE_SETTINGS, 'a new index has them');
    // As an index made by a version without them: FTS5's defaults.
    made.exec("INSERT INTO search_body (search_body, rank) VALUES ('automerge', 4)");
    made.exec("INSERT INTO search_body (search_body, rank) VALUES ('hashsize', 1048576)");
    const reopened = old.reopen();
    for (const t of [old, fresh]) t.app.ingest({ source: 'later', entries: later.map((e) => ({ ...e })) });
    await reopened.search.whenReady();
    await fresh.app.search.whenReady();
    const upgraded = requireSqlite(reopened.db, 'this test');
    assert.deepEqual(settings(upgraded), BODY_WRITE_SETTINGS);
    assert.deepEqual(contents(upgraded), contents(requireSqlite(fresh.app.db, 'this test')));
    assert.equal(reopened.search.search('Quokka7').items[0]?.title, '第 7 篇：梯度裁剪 gradient clipping');
  } finally {
    old.close();
    fresh.close();
  }
});
