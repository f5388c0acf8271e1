// The stage contract large imports rely on, for the stage in a temporary table and the one in
// memory alike: first listing of a key kept (repeats counted), derived titles found and
// retitled, rows paged back in feed order, whole.
import assert from 'node:assert/strict';
import type { PreparedArticle } from '../../src/store/articles';
import { MemoryStage, type Stage } from '../../src/ingest/stage';
import { TableStage } from '../../src/ingest/table-stage';
import { forEachEngine } from '../helpers/engines';

const row = (i: number, over: Partial<PreparedArticle> = {}): PreparedArticle => ({
  id: `a${i}`,
  dedupKey: `k${i}`,
  source: 'big.json',
  guid: `g${i}`,
  url: `https://big.example/${i}`,
  title: `标题 ${i}`,
  summary: `正文 ${i} ${'长文本'.repeat(i % 7)}`,
  contentHash: `h${i}`,
  categories: ['NLP'],
  topics: ['nlp'],
  publishedAt: null,
  ...over,
});

function exercise(stage: Stage, n: number) {
  for (let i = 0; i < n; i++) {
    stage.add(i % 5 === 0 ? row(i, { title: `derived ${i % 3}`, titleDerived: true }) : row(i));
    // Every 10th key is listed again later with other text: the first listing wins.
    if (i % 10 === 9) stage.add(row(i - 9, { summary: 'a later listing' }));
  }
  const titles = stage.derivedTitles().sort();
  const derived0 = stage.withDerivedTitle('derived 0').map((r) => r.id);
  stage.retitle('k0', 'derived 0 (the first)');
  const rows = [...stage.pages(7)].flat();
  return { repeats: stage.repeats, size: stage.size, titles, derived0, rows };
}

forEachEngine('the table stage keeps what the memory stage keeps, in the same order, across batches', (f) => {
  const db = f.open();
  const n = 700; // past two insert batches and a short last one
  const table = new TableStage(db);
  const got = exercise(table, n);
  table.dispose();
  const want = exercise(new MemoryStage(), n);
  assert.deepEqual(got, want);
  assert.equal(got.size, n);
  assert.equal(got.repeats, n / 10);
  assert.deepEqual(got.titles, ['derived 0', 'derived 1', 'derived 2']);
  assert.equal(got.rows[0]!.title, 'derived 0 (the first)');
  assert.equal(got.rows[9]!.summary, row(9).summary, 'the first listing kept');
});

forEachEngine('a disposed stage leaves nothing in the database, and two stages on one connection stay apart', (f) => {
  const db = f.open();
  const a = new TableStage(db);
  const b = new TableStage(db);
  a.add(row(1));
  b.add(row(2));
  assert.deepEqual(
    [...a.pages(10)].flat().map((r) => r.id),
    ['a1'],
  );
  assert.deepEqual(
    [...b.pages(10)].flat().map((r) => r.id),
    ['a2'],
  );
  a.dispose();
  b.dispose();
  const tables =
    f.engine === 'sqlite'
      ? `SELECT count(*) AS n FROM temp.sqlite_master WHERE name LIKE 'ingest_stage%'`
      : `SELECT count(*) AS n FROM pg_class WHERE relname LIKE 'ingest_stage%' AND relpersistence = 't'`;
  assert.equal(db.prepare<[], { n: number }>(tables).get()!.n, 0);
});
