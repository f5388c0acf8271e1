// Every case of the hostile/broken feed corpus through the real path: app.ingestSource on a real
// SQLite file, HTTP cases from a 127.0.0.1 server. Per case: a good source is stored first, then
// the case and another good source run in one ingest loop (as `cli ingest` does). A bad case must
// fail with a message naming the source and the problem, leave every stored row untouched, and
// not stop the good source after it; a good case must store exactly the expected articles, and
// ingesting it again must add and change nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CASES, GOOD_AFTER, rss, GOOD_AFTER_PATH, GOOD_AFTER_TITLES, GOOD_BEFORE, GOOD_BEFORE_TITLES } from './corpus';
import {
  articlesOf,
  assertArticles,
  dumpRows,
  ingestAll,
  integrityCheck,
  openTempApp,
  sourceOf,
  startCorpus,
  storedText,
  type Corpus,
  type FeedCase,
  type Outcome,
} from './harness';
import type { App } from '../../../src/app';

let corpus: Corpus;
let goodBefore: string;
let goodAfter: string;

before(async () => {
  corpus = await startCorpus(CASES, { [GOOD_AFTER_PATH]: GOOD_AFTER });
  goodBefore = join(corpus.ctx.dir, 'good-before.xml');
  writeFileSync(goodBefore, GOOD_BEFORE);
  goodAfter = `${corpus.server.origin}${GOOD_AFTER_PATH}`;
});
after(() => corpus.close());

/** The case's outcome against its expectation; returns nothing, throws on mismatch. */
function assertOutcome(app: App, c: FeedCase, source: string, outcome: Outcome): void {
  if ('error' in c.expect) {
    assert.ok(
      'error' in outcome,
      `${c.id}: expected an error, got ${'report' in outcome ? JSON.stringify({ added: outcome.report.added.map((a) => a.title) }) : ''}`,
    );
    assert.match(outcome.error.message, c.expect.error, `${c.id}: error message`);
    assert.ok(outcome.error.message.includes(source), `${c.id}: the message names the source: ${outcome.error.message}`);
    assert.equal(articlesOf(app, source).length, 0, `${c.id}: nothing stored for the failed source`);
    return;
  }
  if ('error' in outcome) throw new assert.AssertionError({ message: `${c.id}: unexpected error: ${outcome.error.message}` });
  assertArticles(articlesOf(app, source), c.expect.articles, c.id);
  assert.equal(outcome.report.added.length, c.expect.articles.length, `${c.id}: report.added`);
  assert.equal(outcome.report.skipped, c.expect.skipped ?? 0, `${c.id}: report.skipped`);
  c.check?.(articlesOf(app, source), corpus.ctx);
}

describe('hostile and broken feeds, one case at a time', () => {
  assert.ok(CASES.length >= 40, `${CASES.length} cases`);
  assert.equal(new Set(CASES.map((c) => c.id)).size, CASES.length, 'case ids are unique');

  for (const c of CASES) {
    test(`${c.id}: ${c.name}`, { skip: c.skip?.() || false }, async () => {
      const { app, close } = openTempApp();
      try {
        const source = sourceOf(c, corpus.ctx);
        const first = await app.ingestSource(goodBefore);
        assert.equal(first.added.length, 3);
        const rowsBefore = dumpRows(app);

        const [outcome, afterOutcome] = await ingestAll(app, [source, goodAfter]);
        assertOutcome(app, c, source, outcome!);

        // The good source stored earlier is intact, row for row, topics included.
        const rowsAfter = dumpRows(app);
        assert.deepEqual(rowsAfter.articles.slice(0, 3), rowsBefore.articles, `${c.id}: earlier articles untouched`);
        assert.deepEqual(
          articlesOf(app, goodBefore).map((a) => a.title),
          GOOD_BEFORE_TITLES,
        );
        const beforeSeqs = new Set((rowsBefore.articles as { seq: number }[]).map((r) => r.seq));
        assert.deepEqual(
          (rowsAfter.topics as { seq: number }[]).filter((t) => beforeSeqs.has(t.seq)),
          rowsBefore.topics,
          `${c.id}: earlier topic links untouched`,
        );
        // The good source after it in the same loop was still ingested.
        assert.ok(
          'report' in afterOutcome!,
          `${c.id}: the good source after it failed: ${'error' in afterOutcome! ? afterOutcome.error.message : ''}`,
        );
        assert.deepEqual(
          articlesOf(app, goodAfter).map((a) => a.title),
          GOOD_AFTER_TITLES,
        );
        const caseCount = 'articles' in c.expect ? c.expect.articles.length : 0;
        assert.equal(app.store.count(), 3 + caseCount + 2, `${c.id}: article count`);

        // Re-ingesting a good case changes nothing: dedup holds for derived titles, missing guids…
        if ('articles' in c.expect) {
          const again = await app.ingestSource(source);
          assert.equal(again.added.length, 0, `${c.id}: re-ingest adds nothing`);
          assert.equal(again.updated, 0, `${c.id}: re-ingest updates nothing`);
          assert.equal(app.store.count(), 3 + caseCount + 2);
        }

        // Nothing an external entity or a redirect could reach ever lands in the store.
        assert.doesNotMatch(storedText(app), new RegExp(`${corpus.ctx.secret}|PWNED`));
        c.after?.(corpus.ctx);
        assert.equal(integrityCheck(app), 'ok');
      } finally {
        close();
      }
    });
  }
});

test('the whole corpus in one ingest loop on one database: good sources stored, bad ones reported', async () => {
  const { app, close } = openTempApp();
  try {
    const sources = CASES.filter((c) => !c.skip?.()).map((c) => ({ c, source: sourceOf(c, corpus.ctx) }));
    const outcomes = await ingestAll(app, [goodBefore, ...sources.map((s) => s.source), goodAfter]);
    assert.ok('report' in outcomes[0]! && 'report' in outcomes.at(-1)!, 'the first and last good sources');
    let expected = 5;
    sources.forEach(({ c, source }, i) => {
      assertOutcome(app, c, source, outcomes[i + 1]!);
      if ('articles' in c.expect) expected += c.expect.articles.length;
    });
    assert.equal(app.store.count(), expected);
    assert.deepEqual(
      articlesOf(app, goodBefore).map((a) => a.title),
      GOOD_BEFORE_TITLES,
    );
    assert.deepEqual(
      articlesOf(app, goodAfter).map((a) => a.title),
      GOOD_AFTER_TITLES,
    );
    assert.doesNotMatch(storedText(app), new RegExp(`${corpus.ctx.secret}|PWNED`));
    assert.equal(integrityCheck(app), 'ok');
  } finally {
    close();
  }
});

// Outside this area (src/text/title.ts distinguishTitle, src/store/articles.ts upsert): two untitled
// items whose texts diverge without a space at the divergence get the same "disambiguated" title,
// and because the stored title then differs from the derived one, every re-ingest reports both as
// updated (and bumps updated_at). Kept as a reproduction until that is fixed.
test('untitled items sharing an opening: distinct titles, and a re-ingest changes nothing', async () => {
  const { app, close } = openTempApp();
  try {
    const body = rss([
      {
        link: 'https://example.com/twins/1',
        description: '背景 随着预训练语言模型进入LLM时代，微调全部参数变得昂贵。LoRA 用低秩矩阵近似权重更新。',
      },
      {
        link: 'https://example.com/twins/2',
        description: '背景 随着预训练语言模型进入LLM时代，微调全部参数变得昂贵。Adapter tuning 在层间插入小模块。',
      },
    ]);
    const file = join(corpus.ctx.dir, 'twins.xml');
    writeFileSync(file, body);
    const first = await app.ingestSource(file);
    assert.equal(first.added.length, 2);
    const [a, b] = articlesOf(app, file);
    const again = await app.ingestSource(file);
    assert.deepEqual({ sameTitle: a!.title === b!.title, updatedOnReingest: again.updated }, { sameTitle: false, updatedOnReingest: 0 });
  } finally {
    close();
  }
});
