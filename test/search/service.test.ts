import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createTestBot } from '../helpers/bot';
import { openApp } from '../../src/app';
import { loadConfig } from '../../src/config';

test('the running bot finds articles another process added, without a restart', async () => {
  const t = await createTestBot();
  try {
    assert.equal(t.app.search.search('量子退火').total, 0);
    // A second connection to the same file stands in for `cli ingest` in another terminal.
    const other = openApp(loadConfig({ DATABASE_PATH: join(t.dir, 'feedbot.db') }));
    other.ingest({ source: 'other', entries: [{ guid: 'q1', title: '量子退火与优化', text: '量子退火 quantum annealing 入门', categories: [] }] });
    other.close();
    const res = t.app.search.search('量子退火');
    assert.equal(res.total, 1);
    assert.equal(res.items[0]!.title, '量子退火与优化');
  } finally {
    t.close();
  }
});

test('an article updated in place is found by its new text, not its old', async () => {
  const t = await createTestBot();
  try {
    t.app.ingest({ source: 's', entries: [{ guid: 'u1', title: 'Old title', text: 'zebrafish imaging', categories: [] }] });
    assert.equal(t.app.search.search('zebrafish').total, 1);
    t.app.ingest({ source: 's', entries: [{ guid: 'u1', title: 'New title', text: 'axolotl imaging', categories: [] }] });
    assert.equal(t.app.search.search('zebrafish').total, 0);
    assert.equal(t.app.search.search('axolotl').items[0]!.title, 'New title');
  } finally {
    t.close();
  }
});
