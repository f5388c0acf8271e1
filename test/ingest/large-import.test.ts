// Large local imports (issue 12 item 4): a JSON Feed or RSS file past FEED_MAX_MB is streamed
// item by item and staged on disk, then written in one transaction. What the reader and stager
// hold at once is the same for a file four times larger; every entry is stored whole and reads
// the same as through the whole-document readers; the limits are the operator's to set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { openApp, type App } from '../../src/app';
import { budgetControl } from '../../src/ingest/control';
import { budgetFor, ingestSource } from '../../src/ingest/run';
import type { ImportStats } from '../../src/ingest/stream-import';
import { TOPICS_PATH } from '../helpers/sample-archive';
import { forEachEngine } from '../helpers/engines';
import { ArticleStore } from '../../src/store/articles';
import { createClassifier } from '../../src/topics/classify';
import { loadTaxonomy } from '../../src/topics/taxonomy';

const ROOT = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'feedbot-import-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

/** ~1.3 KB of text an item, with a term only at its end: proof the whole text is stored. */
const body = (i: number) => `${'扩散模型逐步去噪生成图像，Transformer 注意力机制。'.repeat(20)} deepterm${i}`;

/** Writes n items to a file as it goes, never holding the document. */
async function writeFeed(path: string, n: number, format: 'json' | 'rss'): Promise<void> {
  const out = createWriteStream(path);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  if (format === 'json') {
    await write('{"version":"https://jsonfeed.org/version/1.1","title":"big","home_page_url":"https://big.example/","items":[');
    for (let i = 0; i < n; i++) {
      await write(
        `${i ? ',' : ''}${JSON.stringify({ id: `j${i}`, url: `/posts/${i}`, title: `文章 ${i}`, content_text: body(i), tags: ['NLP'] })}`,
      );
    }
    await write(']}');
  } else {
    await write('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>big</title><link>https://big.example/</link>');
    for (let i = 0; i < n; i++) {
      await write(
        `<item><guid isPermaLink="false">r${i}</guid><link>/posts/${i}</link><title>文章 ${i}</title><description><![CDATA[<p>${body(i)}</p>]]></description><category>NLP</category></item>`,
      );
    }
    await write('</channel></rss>');
  }
  out.end();
  await once(out, 'finish');
}

function tempApp(env: Record<string, string>): { app: App; close: () => void } {
  const d = mkdtempSync(join(dir, 'db-'));
  const app = openApp(loadConfig({ DATABASE_PATH: join(d, 'feedbot.db'), TOPICS_PATH, ...env }));
  return { app, close: () => app.close() };
}

async function importWithStats(file: string, env: Record<string, string>) {
  const { app, close } = tempApp(env);
  try {
    const stats: ImportStats = { peakQueuedEntries: 0, peakItemChars: 0, peakBufferedRows: 0 };
    const control = budgetControl(file, budgetFor(file, app.sourceOptions.limits));
    const report = await ingestSource(
      { store: app.store, classifier: app.classifier, now: app.clock },
      file,
      app.sourceOptions,
      control,
      stats,
    );
    const rows = app.store.all();
    return { report, stats, rows };
  } finally {
    close();
  }
}

const N = 1500;

for (const format of ['json', 'rss'] as const) {
  test(`${format}: a file 4× larger holds no more at once, and every entry is stored whole`, { timeout: 120_000 }, async () => {
    const small = join(dir, `small.${format}`);
    const large = join(dir, `large.${format}`);
    await writeFeed(small, N, format);
    await writeFeed(large, 4 * N, format);
    assert.ok(statSync(small).size > 1024 * 1024, 'the small file is past the 1 MB FEED_MAX_MB: streamed');
    const env = { FEED_MAX_MB: '1' };
    const a = await importWithStats(small, env);
    const b = await importWithStats(large, env);
    for (const [run, n] of [
      [a, N],
      [b, 4 * N],
    ] as const) {
      assert.equal(run.report.entries, n);
      assert.equal(run.report.added.length, n);
      assert.equal(run.rows.length, n);
      const last = run.rows.at(-1)!;
      assert.equal(last.title, `文章 ${n - 1}`);
      assert.ok(last.summary.endsWith(`deepterm${n - 1}`), 'the whole text is stored');
      assert.equal(last.url, `https://big.example/posts/${n - 1}`, 'links resolve against the feed’s own base');
      assert.ok(last.topics.includes('nlp'));
    }
    // What was held at once does not grow with the file: a chunk's items, a batch of rows, one item's text.
    assert.deepEqual(
      {
        queued: b.stats.peakQueuedEntries <= Math.max(a.stats.peakQueuedEntries, 64),
        rows: b.stats.peakBufferedRows,
        item: b.stats.peakItemChars,
      },
      { queued: true, rows: a.stats.peakBufferedRows, item: a.stats.peakItemChars },
      `small ${JSON.stringify(a.stats)}, large ${JSON.stringify(b.stats)}`,
    );
    assert.ok(a.stats.peakBufferedRows <= 256 && a.stats.peakBufferedRows > 0);
  });

  test(`${format}: streamed and read whole, a file is stored the same`, async () => {
    const file = join(dir, `same.${format}`);
    await writeFeed(file, 900, format);
    const streamed = await importWithStats(file, { FEED_MAX_MB: '1' });
    const whole = await importWithStats(file, { FEED_MAX_MB: '10' });
    assert.ok(streamed.stats.peakBufferedRows > 0 && whole.stats.peakBufferedRows === 0, 'one was streamed, the other not');
    const view = (rows: typeof whole.rows) =>
      rows.map((r) => [r.id, r.title, r.summary, r.url, r.guid, r.topics, r.categories, r.publishedAt]);
    assert.deepEqual(view(streamed.rows), view(whole.rows));
  });
}

forEachEngine('a streamed import is staged in a temporary table and stored whole on either engine', async (f) => {
  const file = join(dir, `engine-${f.engine}.json`);
  await writeFeed(file, 900, 'json');
  const config = loadConfig({ DATABASE_PATH: join(dir, 'unused.db'), TOPICS_PATH, FEED_MAX_MB: '1' });
  const store = new ArticleStore(f.open());
  const sourceOptions = { timeoutMs: config.feedTimeoutMs, maxBytes: config.feedMaxBytes, limits: config.ingest };
  const stats: ImportStats = { peakQueuedEntries: 0, peakItemChars: 0, peakBufferedRows: 0 };
  const report = await ingestSource(
    { store, classifier: createClassifier(loadTaxonomy(TOPICS_PATH)), now: () => Date.now() },
    file,
    sourceOptions,
    budgetControl(file, budgetFor(file, sourceOptions.limits)),
    stats,
  );
  assert.ok(stats.peakBufferedRows > 0, 'streamed, not read whole');
  assert.equal(report.added.length, 900);
  const rows = store.all();
  assert.equal(rows.length, 900);
  assert.equal(rows.at(-1)!.title, '文章 899');
  assert.ok(rows.at(-1)!.summary.endsWith('deepterm899'), 'the whole text is stored');
});

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        FEED_URLS: '',
        BOT_LOCALE: 'en',
        TOPICS_PATH,
        DATABASE_PATH: join(mkdtempSync(join(dir, 'cli-')), 'feedbot.db'),
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test(
  'cli ingest streams a large local file; IMPORT_MAX_MB and IMPORT_MAX_ENTRIES refuse with clear errors',
  { timeout: 120_000 },
  async () => {
    const file = join(dir, 'cli.json');
    await writeFeed(file, 2000, 'json');
    const ok = await cli(['ingest', file], { FEED_MAX_MB: '1' });
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stdout.trim(), `${file}: 2000 entries, 2000 new, 0 updated, 0 unchanged`);

    const tooBig = await cli(['ingest', file], { FEED_MAX_MB: '1', IMPORT_MAX_MB: '1' });
    assert.equal(tooBig.code, 1);
    assert.equal(tooBig.stderr.trim(), `error: cannot read file ${file}: file larger than 1 MB (IMPORT_MAX_MB)`);

    const tooMany = await cli(['ingest', file], { FEED_MAX_MB: '1', IMPORT_MAX_ENTRIES: '1500' });
    assert.equal(tooMany.code, 1);
    assert.equal(tooMany.stderr.trim(), `error: ${file}: refused: 1501 entries, more than the 1500 a local file may have`);
  },
);
