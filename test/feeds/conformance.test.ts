// Conformance with four widely used feed parsers' test suites (../shared/feed-corpora/, read in
// place): every feed goes through the real path into SQLite, and the stored titles, links and
// dates are compared with each suite's expectations, the project's intended differences counted
// as correct (see the README's feed section and ./conformance/deliberate.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DELIBERATE } from './conformance/deliberate';
import { FIELDS, formatTable, isCleanMessage, runConformance } from './conformance/run';
import { CORPORA, corporaPresent, loadCases } from './conformance/suites';

/** Targets of issue #18, per suite row; the last suite has no expectations (ingest only). */
const TARGETS: Record<string, number> = { 'rss-parser': 0.99, gofeed: 0.99, feedparser: 0.97 };

test('feed-parser suites: titles, links and dates as their authors expect; no crash, no hang', { timeout: 300_000 }, async (t) => {
  if (!corporaPresent()) {
    t.skip(`feed corpora not found at ${CORPORA}`);
    console.log(`# conformance skipped: feed corpora not found at ${CORPORA}`);
    return;
  }
  const cases = loadCases();
  const report = await runConformance(cases, 10_000);
  console.log(`\n${formatTable(report)}\n`);
  console.log(`deliberate differences used: ${report.deliberateUsed.size} of ${DELIBERATE.length} (README, "Feeds")`);
  for (const f of report.failures.slice(0, 30)) console.log(`not yet right: ${f.suite} ${f.name}: ${f.what}`);

  // Every suite is there and was read, not silently skipped.
  for (const suite of ['rss-parser', 'gofeed', 'feedparser', 'node-feedparser']) {
    assert.ok((report.tallies.get(suite)?.feeds ?? 0) > 20, `${suite}: feeds found`);
  }
  for (const [key, tally] of report.tallies) {
    assert.equal(tally.crashes, 0, `${key}: crashes`);
    assert.equal(tally.hangs, 0, `${key}: hangs`);
    assert.equal(tally.ingestOk, tally.feeds, `${key}: every feed read, or refused where the suite says it is no feed or broken`);
  }
  for (const [suite, target] of Object.entries(TARGETS)) {
    const tally = report.tallies.get(suite)!;
    for (const field of FIELDS) {
      const { ok, total } = tally.checks[field];
      assert.ok(total > 0, `${suite}: some ${field} expectations were read`);
      assert.ok(ok / total >= target, `${suite}: ${field}s ${ok}/${total} below ${target * 100}%`);
    }
  }
  // Refusals are one clean line a user can read; nothing binary or escape-laden reaches them.
  for (const message of report.refusals) assert.ok(isCleanMessage(message), `unclean refusal: ${JSON.stringify(message)}`);
  // Each listed deliberate difference is still needed; a stale entry would hide a future regression.
  for (const d of DELIBERATE) assert.ok(report.deliberateUsed.has(d), `deliberate difference no longer needed: ${d.suite} ${d.name}`);
});
