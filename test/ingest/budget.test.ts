// A source past its time budget is abandoned with a clear error and nothing stored, in the
// worker (terminated even when it is stuck waiting) and in-process (at the next checkpoint);
// and preparing a source never holds the database's write lock.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig } from '../../src/config';
import { openApp } from '../../src/app';
import { budgetControl, type Control } from '../../src/ingest/control';
import { IngestBudgetError } from '../../src/ingest/errors';
import { ingestSource } from '../../src/ingest/run';
import { createIngestWorker } from '../../src/ingest/worker-client';
import { startServer } from '../feeds/http-server';
import { freshPostgresUrl } from '../helpers/postgres';
import { TOPICS_PATH } from '../helpers/sample-archive';

function tempApp(env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-budget-'));
  const config = loadConfig({ DATABASE_PATH: join(dir, 'feedbot.db'), TOPICS_PATH, ...env });
  const app = openApp(config);
  return { dir, config, app, close: () => (app.close(), rmSync(dir, { recursive: true, force: true })) };
}

const rss = (items: number, prefix: string) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>${Array.from(
    { length: items },
    (_, i) =>
      `<item><guid>${prefix}-${i}</guid><title>${prefix} ${i} 卷积</title><description>第 ${i} 篇 attention transformer diffusion</description></item>`,
  ).join('')}</channel></rss>`;

async function workerBudget(t: TestContext, env: Record<string, string>): Promise<void> {
  // The body never ends: only the budget can stop it (the fetch deadline is far later).
  const server = await startServer((req, res) => {
    if (req.url === '/good') return void res.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end(rss(3, 'good'));
    res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
    res.write('<?xml version="1.0"?><rss version="2.0"><channel>');
    const trickle = setInterval(() => res.write('<!-- still coming -->'), 50);
    res.on('close', () => clearInterval(trickle));
  });
  const { config, app, close } = tempApp({ FEED_INGEST_BUDGET_SECONDS: '1', FEED_TIMEOUT_SECONDS: '120', ...env });
  const worker = createIngestWorker({
    databasePath: config.databasePath,
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    topicsPath: config.topicsPath,
    sourceOptions: app.sourceOptions,
    graceMs: 300,
  });
  t.after(async () => {
    await worker.close();
    await server.close();
    close();
  });
  const slow = `${server.origin}/endless`;
  await assert.rejects(worker.ingestSource(slow), (err: unknown) => {
    assert.ok(err instanceof IngestBudgetError, String(err));
    assert.equal(
      err.message,
      `${slow}: abandoned after 1 s, the time budget for one source (FEED_INGEST_BUDGET_SECONDS); nothing of it was stored`,
    );
    return true;
  });
  assert.equal(app.store.count(), 0);
  const good = await worker.ingestSource(`${server.origin}/good`);
  assert.equal(good.added.length, 3, 'a fresh worker took the next source');
  assert.equal(app.store.count(), 3);
}

test('the worker abandons a source that outlives its budget, stores nothing, and the next source works', (t) => workerBudget(t, {}));

test('on PostgreSQL too: the worker thread stores through its own connection, and an abandoned source leaves nothing', async (t) => {
  const url = await freshPostgresUrl(t);
  if (typeof url !== 'string') return t.skip(url.unavailable);
  await workerBudget(t, { DATABASE_URL: url });
});

/** A clock that moves 100 ms each time it is read: the budget runs out after a fixed amount of work. */
function steppingClock() {
  let t = 0;
  return () => (t += 100);
}

test('in-process, a source past its budget stops at the next checkpoint with nothing stored', async (t) => {
  const { dir, app, close } = tempApp();
  t.after(close);
  const file = join(dir, 'many.xml');
  writeFileSync(file, rss(3000, 'many'));
  const control = budgetControl(file, { ms: 500, setting: 'IMPORT_BUDGET_SECONDS' }, { now: steppingClock() });
  await assert.rejects(
    ingestSource({ store: app.store, classifier: app.classifier, now: Date.now }, file, app.sourceOptions, control),
    (err: unknown) =>
      err instanceof IngestBudgetError &&
      /abandoned after 0\.5 s, the time budget for one source \(IMPORT_BUDGET_SECONDS\)/.test(err.message),
  );
  assert.equal(app.store.count(), 0);
});

test('preparing a source never holds the write lock: another connection can write at every checkpoint', async (t) => {
  const { dir, config, app, close } = tempApp();
  const other = new Database(config.databasePath);
  other.pragma('busy_timeout = 0'); // fail at once rather than wait: any held lock shows
  t.after(() => (other.close(), close()));
  const file = join(dir, 'many.xml');
  writeFileSync(file, rss(3000, 'lock'));
  let checkpoints = 0;
  let writing = false;
  const lockFree: boolean[] = [];
  const control: Control = {
    async checkpoint() {
      checkpoints++;
      try {
        other.exec('BEGIN IMMEDIATE');
        other.exec('ROLLBACK');
        lockFree.push(true);
      } catch {
        lockFree.push(false);
      }
    },
    writing() {
      writing = true;
    },
  };
  const report = await ingestSource({ store: app.store, classifier: app.classifier, now: Date.now }, file, app.sourceOptions, control);
  assert.equal(report.added.length, 3000);
  assert.ok(writing);
  assert.ok(checkpoints >= 3000 / 256, `${checkpoints} checkpoints`);
  assert.deepEqual(
    lockFree.filter((free) => !free),
    [],
    'the write lock was free at every checkpoint before the write',
  );
});
