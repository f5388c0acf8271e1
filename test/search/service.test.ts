// The search service keeps both indexes in step with the database, whoever
// writes to it: the running bot finds what another process ingested (title
// or deep in the text), an article edited in place by its new words and not
// its removed ones, and user input is never FTS5 syntax.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createTestBot } from '../helpers/bot';
import { openApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { SearchService } from '../../src/search/service';
import { searchSources } from '../../src/search/search-sources';
import { silentLogger } from '../../src/core/log';

const deepText = (words: string) => `${'前面是很长的正文内容。'.repeat(2500)} ${words} ${'后面还有一些内容。'.repeat(500)}`;

test('the running bot finds articles another process added, without a restart', async () => {
  const t = await createTestBot();
  try {
    assert.equal(t.app.search.search('量子退火').total, 0);
    // A second connection to the same file stands in for `cli ingest` in another terminal.
    const other = openApp(loadConfig({ DATABASE_PATH: join(t.dir, 'feedbot.db') }));
    other.ingest({
      source: 'other',
      entries: [{ guid: 'q1', title: '量子退火与优化', text: deepText('量子退火 quantum annealing 与 Pangolin 穿山甲'), categories: [] }],
    });
    other.close();
    const res = t.app.search.search('量子退火');
    assert.equal(res.total, 1);
    assert.equal(res.items[0]!.title, '量子退火与优化');
    assert.equal(t.app.search.search('pangolin').items[0]?.title, '量子退火与优化', 'deep in the text, at once');
    assert.equal(t.app.search.search('穿山甲').items[0]?.title, '量子退火与优化');
  } finally {
    t.close();
  }
});

test('a bulk import by another process is found by the running bot, which answers meanwhile', async () => {
  const t = await createTestBot();
  try {
    const search = new SearchService(searchSources(t.app.db), {
      syncLimit: 20,
      chunk: 50,
      bodySyncRows: 10,
      bodyRows: 40,
      snapshot: false,
    });
    await search.whenReady();
    const other = openApp(loadConfig({ DATABASE_PATH: join(t.dir, 'feedbot.db') }));
    other.ingest({
      source: 'bulk',
      entries: Array.from({ length: 120 }, (_, i) => ({
        guid: `bulk-${i}`,
        title: `批量导入 ${i}`,
        text: deepText(`深处的词 Quokka${i}`),
        categories: [],
      })),
    });
    other.close();
    const during = search.search('随机擦除');
    assert.ok(during.items[0]?.title.startsWith('Random erasing'), 'older articles are found while the import is indexed');
    await search.whenReady();
    assert.equal(search.search('quokka77').items[0]?.title, '批量导入 77');
    assert.equal(search.size, t.app.store.count());
    search.close();
  } finally {
    t.close();
  }
});

test('an article edited in place is found by its new words, not by removed ones — title or deep in the text', async () => {
  const t = await createTestBot();
  try {
    t.app.ingest({
      source: 's',
      entries: [{ guid: 'u1', title: 'Imaging notes', text: deepText('zebrafish imaging 斑马鱼'), categories: ['Biology'] }],
    });
    assert.equal(t.app.search.search('zebrafish').total, 1);
    assert.equal(t.app.search.search('斑马鱼').total, 1);
    t.app.ingest({
      source: 's',
      entries: [{ guid: 'u1', title: 'Imaging notes, revised', text: deepText('axolotl imaging 蝾螈'), categories: ['Zoology'] }],
    });
    for (const gone of ['zebrafish', '斑马鱼', 'biology']) assert.equal(t.app.search.search(gone).total, 0, gone);
    for (const found of ['axolotl', '蝾螈', 'revised', 'zoology'])
      assert.equal(t.app.search.search(found).items[0]?.title, 'Imaging notes, revised', found);
  } finally {
    t.close();
  }
});

test('FTS5 syntax in a query is searched as text: never an error, never an operator', async () => {
  const t = await createTestBot();
  try {
    const warnings: string[] = [];
    const log = { ...silentLogger, warn: (m: string) => void warnings.push(m), error: (m: string) => void warnings.push(m) };
    const search = new SearchService(searchSources(t.app.db), { log, snapshot: false });
    await search.whenReady();
    // `latents` is only deep in one article's text: only the whole-text index finds it.
    const expected = search.search('latents').items.map((a) => a.id);
    assert.equal(expected.length, 1);
    for (const q of [
      '"latents"',
      'latents*',
      'NEAR(latents',
      'latents AND',
      'latents OR',
      'NOT latents',
      '-latents',
      'body:latents',
      '^latents',
      '(latents)',
      'latents"',
      '{title}: latents',
      'latents + ',
    ]) {
      assert.deepEqual(
        search.search(q).items.map((a) => a.id),
        expected,
        q,
      );
    }
    // Words with connectors, which bare FTS5 words may not contain.
    for (const q of ['tf_export', 'nn.functional', 'UpsamplingBilinear2d', 'x-y.z_w', 'gpt-4']) search.search(q);
    assert.ok(search.search('tf_export').items.some((a) => a.summary.includes('tf_export')));
    for (const q of ['"', '*', 'NEAR(', 'AND', ':', '^', '-', '"" OR ""', 'title:*']) assert.doesNotThrow(() => search.search(q), q);
    assert.deepEqual(warnings, [], 'no query made the whole-text index fail');
    search.close();
  } finally {
    t.close();
  }
});

test('when more articles match than the body window reads, the total says so', async () => {
  const t = await createTestBot();
  try {
    const search = new SearchService(searchSources(t.app.db), { bodyWindow: 5, snapshot: false });
    await search.whenReady();
    const res = search.search('模型', { pageSize: 3 });
    assert.equal(res.more, true);
    assert.ok(res.total >= 5);
    const wide = new SearchService(searchSources(t.app.db), { snapshot: false });
    await wide.whenReady();
    assert.equal(wide.search('模型').more, undefined);
    search.close();
    wide.close();
  } finally {
    t.close();
  }
});

/** Another process that takes the write lock, says "locked", holds it for `ms` and lets go. */
function lockHolder(dbPath: string, ms: number): Promise<{ released: Promise<void> }> {
  const code = `const D = require('better-sqlite3'); const db = new D(process.argv[1]); db.exec('BEGIN IMMEDIATE');
    process.stdout.write('locked\\n'); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${ms}); db.exec('COMMIT'); db.close();`;
  const child = spawn(process.execPath, ['-e', code, dbPath], {
    cwd: join(import.meta.dirname, '../..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const released = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.stdout.once('data', () => resolve({ released }));
    child.once('error', reject);
  });
}

test('a search never waits for another process holding the write lock; the text is indexed once it is free', async () => {
  const t = await createTestBot();
  try {
    await t.app.search.whenReady();
    const other = openApp(loadConfig({ DATABASE_PATH: join(t.dir, 'feedbot.db') }));
    other.ingest({ source: 'o', entries: [{ guid: 'w1', title: '锁等待测试', text: deepText('深处的 Capybara 水豚'), categories: [] }] });
    other.close();
    // A third process is in the middle of a long write. A search that waited for it would index the text before answering.
    const holder = await lockHolder(join(t.dir, 'feedbot.db'), 1500);
    const during = t.app.search.search('锁等待测试');
    assert.equal(during.items[0]?.title, '锁等待测试', 'the title is found at once');
    assert.ok(t.app.search.stats.bodyBusy > 0, 'the whole-text step found the lock taken and left it');
    assert.equal(t.app.search.search('capybara').total, 0, 'not indexed yet');
    await holder.released;
    await t.app.search.whenReady();
    assert.equal(t.app.search.search('capybara').items[0]?.title, '锁等待测试');
  } finally {
    t.close();
  }
});

test('the body rows a query reads stay within the window whatever the archive size', async () => {
  const rowsRead = async (extra: number): Promise<number> => {
    const t = await createTestBot();
    try {
      t.app.ingest({
        source: 'n',
        entries: Array.from({ length: extra }, (_, i) => ({
          guid: `n${i}`,
          title: `第 ${i} 篇`,
          text: deepText('共同的词 Ocelot'),
          categories: [],
        })),
      });
      const search = new SearchService(searchSources(t.app.db), { bodyWindow: 20, snapshot: false });
      await search.whenReady();
      const body = (
        search as unknown as { body: { index: { window: (...a: unknown[]) => unknown[]; seqs: (...a: unknown[]) => unknown[] } } }
      ).body.index;
      let read = 0;
      for (const name of ['window', 'seqs'] as const) {
        const f = body[name].bind(body);
        body[name] = (...a: unknown[]) => {
          const rows = f(...a);
          read += rows.length;
          return rows;
        };
      }
      for (let page = 1; page <= 3; page++) assert.ok(search.search('ocelot', { page }).total >= 20);
      search.close();
      return read;
    } finally {
      t.close();
    }
  };
  const small = await rowsRead(30);
  const large = await rowsRead(300);
  assert.ok(small <= 3 * 20 && large <= 3 * 20, `${small} / ${large}`);
  assert.equal(large, small);
});
