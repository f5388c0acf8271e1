// The archive reader over the store's connection (store-archive.ts), the
// only way the search indexes read articles: pages by seq and by change
// order, leads cut by characters, lists of any length read in bounded
// chunks (work linear in the list), and a change token that moves with
// every commit, this connection's or another's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase } from '../../src/store/db';
import { StoreArchiveReader } from '../../src/search/store-archive';
import { countWork } from '../helpers/work-count';
import { searchDb, type Entry } from '../helpers/search-db';

const entries = (n: number, tag = 'a'): Entry[] =>
  Array.from({ length: n }, (_, i) => ({
    guid: `${tag}-${i}`,
    title: `${tag} 第 ${i} 篇`,
    text: `𠀀𠀁𠀂 正文 ${i} ${'内容。'.repeat(20)}`,
    categories: [`标签${i % 2}`],
  }));

test('pages of new articles in seq order, the text whole or cut to a lead of characters', () => {
  const t = searchDb(entries(5));
  try {
    const archive = new StoreArchiveReader(t.app.db);
    const all = archive.after(0, 10);
    assert.deepEqual(
      all.map((a) => a.title),
      entries(5).map((e) => e.title),
    );
    assert.deepEqual(
      archive.after(all[1]!.seq, 2).map((a) => a.seq),
      [all[2]!.seq, all[3]!.seq],
    );
    const whole = t.app.store.get(all[0]!.id)!;
    assert.equal(all[0]!.summary, whole.summary);
    assert.deepEqual(all[0]!.categories, ['标签0']);
    assert.deepEqual(all[0]!.topics, whole.topics);
    assert.equal(all[0]!.contentHash, whole.contentHash);
    // Astral characters count as one character each but two UTF-16 units: the lead never splits one.
    const lead = archive.after(0, 1, 4)[0]!.summary;
    assert.equal(lead, whole.summary.slice(0, 4));
    assert.equal(archive.countAfter(0, 3), 3, 'counting stops at the cap');
    assert.equal(archive.countAfter(all[3]!.seq, 10), 1);
    assert.deepEqual(archive.last(), { seq: all[4]!.seq, updatedAt: Math.max(...all.map((a) => a.updatedAt)) });
    assert.equal(archive.count(), 5);
    assert.equal(archive.idAt(all[2]!.seq), all[2]!.id);
    assert.equal(archive.idAt(999), undefined);
    assert.equal(archive.storeId(), t.app.db.prepare("SELECT value FROM search_meta WHERE key = 'db_id'").pluck().get());
  } finally {
    t.close();
  }
});

test('changed articles after a mark, in (updated_at, seq) order, with what they now say', () => {
  const t = searchDb(entries(4));
  try {
    const archive = new StoreArchiveReader(t.app.db);
    const last = archive.last();
    const mark = { at: last.updatedAt, seq: last.seq };
    assert.deepEqual(archive.changedAfter(mark, last.seq, 10), []);
    const [, second, , fourth] = archive.after(0, 10);
    t.app.store.setTopics(fourth!.id, ['rl'], last.updatedAt + 10);
    t.app.store.setTopics(second!.id, ['cv'], last.updatedAt + 20);
    const changed = archive.changedAfter(mark, last.seq, 10);
    assert.deepEqual(
      changed.map((a) => [a.seq, a.topics]),
      [
        [fourth!.seq, ['rl']],
        [second!.seq, ['cv']],
      ],
    );
    assert.deepEqual(
      archive.changedKeysAfter(mark, last.seq, 10).map((k) => k.id),
      [fourth!.id, second!.id],
    );
    assert.equal(archive.countChanged(mark, last.seq, 10), 2);
    assert.equal(archive.countChanged(mark, second!.seq, 10), 1, 'only up to maxSeq');
    const next = { at: changed[0]!.updatedAt, seq: changed[0]!.seq };
    assert.deepEqual(
      archive.changedAfter(next, last.seq, 10).map((a) => a.seq),
      [second!.seq],
    );
  } finally {
    t.close();
  }
});

test('ids and articles of a list of any length: all found, in the order asked, the missing left out, work linear', () => {
  const t = searchDb(entries(450));
  try {
    const archive = new StoreArchiveReader(t.app.db);
    const rows = archive.after(0, 1000);
    const seqs = [...rows.map((r) => r.seq).reverse(), 100_000];
    const ids = archive.ids(seqs);
    assert.equal(ids.size, 450);
    assert.equal(ids.get(rows[321]!.seq), rows[321]!.id);
    const asked = [rows[7]!.id, 'no-such-id', rows[300]!.id, rows[0]!.id];
    assert.deepEqual(
      archive.articles(asked).map((a) => a.id),
      [rows[7]!.id, rows[300]!.id, rows[0]!.id],
    );
    const work = (n: number) => countWork(() => archive.articles(rows.slice(0, n).map((r) => r.id))).ops;
    archive.articles(rows.map((r) => r.id));
    const small = work(50);
    const large = work(400);
    assert.ok(large < small * 8 * 1.5, `8× the ids cost ${(large / small).toFixed(1)}× the work`);
  } finally {
    t.close();
  }
});

test('the change token moves with commits on this connection and on another, and only then', () => {
  const t = searchDb(entries(2));
  try {
    const archive = new StoreArchiveReader(t.app.db);
    const before = archive.changeToken();
    assert.equal(archive.changeToken(), before);
    t.app.ingest({ source: 'test', entries: entries(1, 'b') });
    const mine = archive.changeToken();
    assert.notEqual(mine, before);
    const other = openDatabase(t.dbPath);
    try {
      other.prepare('UPDATE articles SET title = title || ? WHERE seq = 1').run('!');
    } finally {
      other.close();
    }
    assert.notEqual(archive.changeToken(), mine, "another connection's commit, with no new seq or updated_at");
  } finally {
    t.close();
  }
});

test('a worker thread is told how to open its own reader, except for an in-memory database', () => {
  const t = searchDb(entries(1));
  const memory = openDatabase(':memory:');
  try {
    assert.deepEqual(new StoreArchiveReader(t.app.db).workerSpec(), { engine: 'sqlite', path: t.dbPath });
    assert.equal(new StoreArchiveReader(memory).workerSpec(), null);
  } finally {
    memory.close();
    t.close();
  }
});
