// The head index is a derived, persisted artifact beside the database: a
// restart loads it (no article is indexed again), and it is rebuilt from the
// articles — answering as before — only when it is missing, damaged, of
// another format, or made for another database. The body index lives in the
// database and is rebuilt when its own format changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { App } from '../../src/app';
import { seedSampleIfEmpty } from '../../src/app';
import { SNAPSHOT_FORMAT } from '../../src/search/snapshot';
import { searchDb, type SearchDb } from '../helpers/search-db';

const QUERIES = ['随机擦除', 'UpsamplingBilinear2d', 'tensorflwo', 'latents', '隨機選擇', 'softmax'];

async function answers(app: App): Promise<string[][]> {
  await app.search.whenReady();
  return QUERIES.map((q) => app.search.search(q).items.map((a) => a.id));
}

/** A sample database searched once and closed (which saves the index); the answers it gave. */
async function seeded(): Promise<{ db: SearchDb; expected: string[][] }> {
  const db = searchDb();
  await seedSampleIfEmpty(db.app);
  const expected = await answers(db.app);
  assert.equal(db.app.search.stats.rebuilds, 1, 'a new database builds its index once');
  assert.ok(
    expected.every((ids) => ids.length > 0),
    'every query finds something',
  );
  db.app.close();
  return { db, expected };
}

const snapshotOf = (db: SearchDb) => `${db.dbPath}.search-index`;

test('a restart loads the saved index: nothing is indexed again', async () => {
  const { db, expected } = await seeded();
  try {
    const app = db.reopen();
    assert.deepEqual(await answers(app), expected);
    assert.deepEqual(app.search.stats, {
      snapshotLoads: 1,
      rebuilds: 0,
      headIndexed: 0,
      bodyIndexed: 0,
      bodyBusy: 0,
      bodyPrepared: 0,
    });
    assert.equal(app.search.isReady, true);
  } finally {
    db.close();
  }
});

const damages: [string, (db: SearchDb) => void][] = [
  ['deleted', (db) => rmSync(snapshotOf(db))],
  [
    'damaged',
    (db) => {
      const buf = readFileSync(snapshotOf(db));
      buf[buf.length - 100] ^= 0xff;
      writeFileSync(snapshotOf(db), buf);
    },
  ],
  ['cut short', (db) => writeFileSync(snapshotOf(db), readFileSync(snapshotOf(db)).subarray(0, 5000))],
  [
    'of another format',
    (db) =>
      writeFileSync(
        snapshotOf(db),
        readFileSync(snapshotOf(db), 'latin1').replace(`"format":${SNAPSHOT_FORMAT}`, `"format":${SNAPSHOT_FORMAT - 1}`),
        'latin1',
      ),
  ],
];

for (const [what, damage] of damages) {
  test(`a saved index ${what} is rebuilt, and answers as before`, async () => {
    const { db, expected } = await seeded();
    try {
      damage(db);
      const app = db.reopen();
      assert.deepEqual(await answers(app), expected);
      assert.equal(app.search.stats.snapshotLoads, 0);
      assert.equal(app.search.stats.rebuilds, 1);
      assert.ok(app.search.stats.headIndexed >= 39);
    } finally {
      db.close();
    }
  });
}

test("another database's saved index is never used, even where their articles look alike", async () => {
  // B: an article, then an edit of it. A, made afterwards: the same article (same id, same seq), unedited.
  const b = searchDb([{ guid: 'g1', title: 'Alpha original', text: '第一版的内容', categories: [] }]);
  b.app.ingest({ source: 'test', entries: [{ guid: 'g1', title: 'Beta edited', text: '第二版的内容', categories: [] }] });
  await new Promise((resolve) => setTimeout(resolve, 20));
  const a = searchDb([{ guid: 'g1', title: 'Alpha original', text: '第一版的内容', categories: [] }]);
  try {
    await a.app.search.whenReady();
    a.app.close();
    b.app.close();
    // A's saved index covers "B's" seq 1 and changes up to a time after B's edit: only the database id tells them apart.
    copyFileSync(snapshotOf(a), snapshotOf(b));
    const app = b.reopen();
    await app.search.whenReady();
    assert.equal(app.search.stats.snapshotLoads, 0);
    assert.equal(app.search.search('beta').items[0]?.title, 'Beta edited');
    assert.equal(app.search.search('alpha').total, 0);
  } finally {
    a.close();
    b.close();
  }
});

test('a body index of another format is rebuilt from the articles', async () => {
  const { db, expected } = await seeded();
  try {
    db.reopen().db.exec("UPDATE search_meta SET value = '0' WHERE key = 'body_format'");
    const app = db.reopen();
    assert.deepEqual(await answers(app), expected);
    assert.ok(app.search.stats.bodyIndexed >= 39, 'every article indexed again');
    assert.equal(app.search.stats.rebuilds, 0, 'the head is loaded as saved');
  } finally {
    db.close();
  }
});

test('a restart catches up on what was ingested while it was down, without a rebuild', async () => {
  const { db } = await seeded();
  try {
    const other = db.other();
    other.ingest({
      source: 'later',
      entries: [{ guid: 'n1', title: '新文章', text: `${'填充内容。'.repeat(3000)} 深处的 Quokka 与袋鼠`, categories: [] }],
    });
    other.close();
    const app = db.reopen();
    await app.search.whenReady();
    assert.equal(app.search.stats.rebuilds, 0);
    assert.equal(app.search.stats.headIndexed, 1);
    assert.equal(app.search.search('quokka').items[0]?.title, '新文章');
    assert.equal(app.search.search('袋鼠').items[0]?.title, '新文章');
  } finally {
    db.close();
  }
});
