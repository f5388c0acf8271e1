// Oversized feeds through the real path with the default 10 MB cap. A 50 MB body and a
// 100,000-item feed are refused cleanly: the server is never asked for much more than the cap
// (bodies are generated lazily), and bodies inside the cap that would parse into gigabytes of
// objects (a million empty tags, `{},` repeated) are refused before they are parsed. Process
// memory stays bounded, nothing is stored, and the good source after them in the same loop is
// still ingested. A feed of exactly MAX_FEED_ENTRIES items is stored whole.
// Its own file, so its own process for the memory numbers.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GOOD_AFTER, GOOD_AFTER_PATH, GOOD_AFTER_TITLES } from './corpus';
import {
  articlesOf,
  ingestAll,
  integrityCheck,
  openTempApp,
  repeated,
  startCorpus,
  streamChunks,
  type Corpus,
  type CorpusContext,
} from './harness';
import { MAX_FEED_ENTRIES } from '../../../src/feeds/limits';

const MB = 1024 * 1024;
/** Well under 1 GB, yet far below what parsing any of these bodies whole would take (1–2 GB each). */
const RSS_GROWTH_LIMIT = 400 * MB;

/** `head`, then `unit(i)` for i < n in 1,000-unit blocks, then `tail`: generated as it is read. */
function* units(n: number, unit: (i: number) => string, head: string, tail: string): Generator<Buffer> {
  yield Buffer.from(head);
  for (let start = 0; start < n; start += 1000) {
    const block: string[] = [];
    for (let i = start; i < Math.min(n, start + 1000); i++) block.push(unit(i));
    yield Buffer.from(block.join(''));
  }
  yield Buffer.from(tail);
}

const RSS_HEAD = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>many</title>\n';
const RSS_TAIL = '</channel></rss>\n';
const rssItems = (n: number, item: (i: number) => string) => () => units(n, item, RSS_HEAD, RSS_TAIL);

/** ~500 bytes an item: 100,000 of them are ~50 MB, far over the cap. */
const fullItem = (i: number) =>
  `<item><guid isPermaLink="false">big-${i}</guid><title>Item ${i}: 卷积与注意力</title><link>https://example.com/big/${i}</link>` +
  `<description>Body of item ${i}, about transformers: ${'attention weighs every token against every other. '.repeat(5)}</description>` +
  `<pubDate>Mon, 01 Jan 2024 00:00:00 GMT</pubDate></item>\n`;
/** ~30 bytes an item: 100,000 of them fit well inside the cap. */
const tinyItem = (i: number) => `<item><title>t${i}</title></item>\n`;

/** How many `unit`s fill most of the 10 MB cap. */
const fill = (unit: string) => Math.floor((9.5 * MB) / unit.length);

interface BigCase {
  id: string;
  name: string;
  contentType?: string;
  body: () => Iterable<Buffer>;
  error: RegExp;
  /** The body is over the cap: reading must stop near it. Otherwise it is served whole. */
  overCap: boolean;
}

const CASES: BigCase[] = [
  {
    id: 'body-50mb',
    name: 'a 50 MB body',
    body: () => repeated(50 * MB, ' ', '<?xml version="1.0"?><rss version="2.0"><channel><description>'),
    error: /response larger than 10 MB/,
    overCap: true,
  },
  {
    id: 'items-100k',
    name: '100,000 full items (~50 MB)',
    body: rssItems(100_000, fullItem),
    error: /response larger than 10 MB/,
    overCap: true,
  },
  {
    id: 'items-100k-tiny',
    name: '100,000 tiny items inside the size cap',
    body: rssItems(100_000, tinyItem),
    error: new RegExp(`refused: 100000 entries, more than the ${MAX_FEED_ENTRIES} a feed may have`),
    overCap: false,
  },
  {
    id: 'empty-items',
    name: '1.4 million empty <item/> tags inside the size cap',
    body: rssItems(fill('<item/>'), () => '<item/>'),
    error: /refused: \d{7} entries, more than the 10000 a feed may have/,
    overCap: false,
  },
  {
    id: 'xhtml-elements',
    name: 'one Atom entry whose XHTML content is 1.2 million elements',
    contentType: 'application/atom+xml',
    body: () =>
      units(
        fill('<b>x</b>'),
        () => '<b>x</b>',
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>urn:x</id><title>t</title><content type="xhtml"><div>',
        '</div></content></entry></feed>',
      ),
    error: /refused: \d{7} XML elements and attributes, more than the 250000 a feed may have/,
    overCap: false,
  },
  {
    id: 'attributes',
    // Under the element-and-attribute budget, yet parsing this one tag alone takes ~300 MB.
    name: 'one <item> tag with 200,000 attributes',
    body: () => units(200_000, (i) => ` a${i}=""`, `${RSS_HEAD}<item`, `><title>t</title></item>${RSS_TAIL}`),
    error: /refused: 200000 attributes, more than the 256 an element may have/,
    overCap: false,
  },
  {
    id: 'json-objects',
    name: 'a JSON Feed of 3.3 million empty items',
    contentType: 'application/feed+json',
    body: () => units(fill('{},'), () => '{},', '{"version":"https://jsonfeed.org/version/1.1","items":[', '{}]}'),
    error: /refused: \d{7} JSON objects and arrays, more than the 250000 a feed may have/,
    overCap: false,
  },
  {
    id: 'snapshot-lines',
    name: 'a page snapshot of 5 million one-character lines',
    contentType: 'text/plain; charset=utf-8',
    body: () => units(fill('a\n'), () => 'a\n', 'INCOMING TRANSMISSION\n\nLATEST UPDATES\n', ''),
    error: /refused: \d{7} lines, more than the 50000 a snapshot may have/,
    overCap: false,
  },
];

let corpus: Corpus;
before(async () => {
  corpus = await startCorpus(
    CASES.map((c) => ({
      id: c.id,
      name: c.name,
      serve: {
        handle: (_req: unknown, res: ServerResponse, ctx: CorpusContext) => {
          res.writeHead(200, { 'Content-Type': c.contentType ?? 'application/rss+xml; charset=utf-8' });
          streamChunks(res, ctx, c.id, c.body());
        },
      },
      expect: { error: c.error },
    })),
    { [GOOD_AFTER_PATH]: GOOD_AFTER },
  );
});
after(() => corpus.close());

/** Peak resident memory of the process so far (resourceUsage sees synchronous peaks too). */
const peakRss = () => process.resourceUsage().maxRSS * 1024;

for (const c of CASES) {
  test(`${c.name}: refused cleanly, bounded memory, nothing stored, the next source still ingested`, async (t) => {
    const { app, close } = openTempApp({ FEED_MAX_MB: '10', FEED_TIMEOUT_SECONDS: '30' });
    try {
      const baseline = process.memoryUsage().rss;
      const source = `${corpus.ctx.origin}/case/${c.id}`;
      const goodAfter = `${corpus.ctx.origin}${GOOD_AFTER_PATH}`;
      const [outcome, next] = await ingestAll(app, [source, goodAfter]);
      const growth = peakRss() - baseline;
      const produced = corpus.ctx.produced.get(c.id) ?? 0;
      t.diagnostic(`peak RSS growth ${Math.round(growth / MB)} MB; body generated ${(produced / MB).toFixed(1)} MB`);

      assert.ok('error' in outcome!, `${c.id} was not refused`);
      assert.match(outcome.error.message, c.error);
      assert.ok(outcome.error.message.startsWith(`${source}: `), outcome.error.message);
      assert.ok(growth < RSS_GROWTH_LIMIT, `resident memory grew by ${Math.round(growth / MB)} MB`);
      // Generated on demand: once the reader hangs up past the cap, the rest is never produced.
      if (c.overCap) assert.ok(produced < 30 * MB, `the server produced ${Math.round(produced / MB)} MB of the body`);
      else
        assert.equal(
          produced,
          [...c.body()].reduce((sum, b) => sum + b.length, 0),
          'served whole: it is inside the cap',
        );

      assert.equal(articlesOf(app, source).length, 0);
      assert.ok('report' in next!, 'the good source after it');
      assert.deepEqual(
        articlesOf(app, goodAfter).map((a) => a.title),
        GOOD_AFTER_TITLES,
      );
      assert.equal(app.store.count(), 2);
      assert.equal(integrityCheck(app), 'ok');
    } finally {
      close();
    }
  });
}

test(`a feed of exactly ${MAX_FEED_ENTRIES} items is stored whole; one more is refused`, async () => {
  // Local files have their own, larger limits (IMPORT_*); set to the feed's to test its limit.
  const { app, close } = openTempApp({ FEED_MAX_MB: '10', IMPORT_MAX_MB: '10', IMPORT_MAX_ENTRIES: String(MAX_FEED_ENTRIES) });
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-limit-'));
  try {
    const atLimit = join(dir, 'at-limit.xml');
    const overLimit = join(dir, 'over-limit.xml');
    writeFileSync(atLimit, Buffer.concat([...rssItems(MAX_FEED_ENTRIES, fullItem)()]));
    writeFileSync(overLimit, Buffer.concat([...rssItems(MAX_FEED_ENTRIES + 1, (i) => fullItem(i + 1_000_000))()]));
    const [ok, refused] = await ingestAll(app, [atLimit, overLimit]);
    assert.ok('report' in ok!, 'error' in ok! ? ok.error.message : '');
    assert.equal(ok.report.added.length, MAX_FEED_ENTRIES);
    assert.ok('error' in refused!);
    assert.equal(
      refused.error.message,
      `${overLimit}: refused: ${MAX_FEED_ENTRIES + 1} entries, more than the ${MAX_FEED_ENTRIES} a feed may have`,
    );
    assert.equal(app.store.count(), MAX_FEED_ENTRIES);
    const titles = articlesOf(app, atLimit).map((a) => a.title);
    assert.equal(titles[0], 'Item 0: 卷积与注意力');
    assert.equal(titles.at(-1), `Item ${MAX_FEED_ENTRIES - 1}: 卷积与注意力`);
    assert.equal(integrityCheck(app), 'ok');
  } finally {
    close();
    rmSync(dir, { recursive: true, force: true });
  }
});
