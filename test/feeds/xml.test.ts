import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FeedParseError, parseXmlFeed } from '../../src/feeds/xml';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url), 'utf8');

test('RSS 2.0: Chinese text, categories, HTML content and entities', () => {
  const feed = parseXmlFeed(fixture('rss2.xml'), 'https://ml.example.cn/feed.xml');
  assert.equal(feed.source, 'https://ml.example.cn/feed.xml');
  assert.equal(feed.title, '机器之心 & 朋友们');
  assert.equal(feed.entries.length, 3);
  const [cnn, rd, transformer] = feed.entries;
  assert.deepEqual(cnn, {
    guid: 'ml-2024-0001',
    url: 'https://ml.example.cn/posts/cnn-intro',
    title: '卷积神经网络入门：从 LeNet 到 ResNet',
    // content:encoded is longer than description, so it wins; script/style contents are gone.
    text: '卷积神经网络（CNN）是计算机视觉的基石。 本文介绍 LeNet、AlexNet 与 ResNet…',
    categories: ['深度学习', 'CV'],
    publishedAt: '2024-01-05T02:30:00.000Z',
  });
  // A permalink guid stands in for the missing <link>; dc:date stands in for pubDate.
  assert.equal(rd!.url, 'https://ml.example.cn/posts/rd-notes');
  assert.equal(rd!.title, 'R&D notes: 1 < 2 & — done');
  assert.equal(rd!.text, 'Research & development costs went up. Line two «quoted» © 2024');
  assert.equal(rd!.publishedAt, '2024-01-06T08:00:00.000Z');
  assert.deepEqual(rd!.categories, []);
  // Markup and <script> in a title are stripped; invisible characters are removed; relative links resolve.
  assert.equal(transformer!.title, 'Transformer 架构解析 详解');
  assert.equal(transformer!.text, '注意力机制（attention）是核心。隔离');
  assert.equal(transformer!.url, 'https://ml.example.cn/posts/transformer');
  assert.equal(transformer!.guid, undefined);
  assert.equal(transformer!.publishedAt, undefined, 'an invalid pubDate is dropped');
  assert.deepEqual(transformer!.categories, ['NLP']);
});

test('Atom 1.0: text/html/xhtml constructs, alternate links, category terms, published date', () => {
  const feed = parseXmlFeed(fixture('atom.xml'), 'https://dl.example.org/atom.xml');
  assert.equal(feed.title, '深度学习周报');
  const [gnn, rlhf, plain] = feed.entries;
  assert.deepEqual(gnn, {
    guid: 'tag:dl.example.org,2024:gnn-survey',
    url: 'https://dl.example.org/2024/gnn-survey',
    title: '图神经网络 GNN 综述',
    text: '背景 图神经网络（GNN）在推荐系统与分子建模中应用广泛。 GCN GAT',
    categories: ['GNN', 'Survey'],
    publishedAt: '2024-02-28T01:00:00.000Z',
  });
  assert.equal(rlhf!.title, '强化学习 RLHF 笔记');
  assert.equal(rlhf!.text, '基于人类反馈的强化学习 & 奖励模型。 1 < 2 第二行');
  assert.equal(rlhf!.url, 'https://dl.example.org/2024/rlhf');
  assert.equal(rlhf!.publishedAt, '2024-02-20T00:00:00.000Z', 'updated is used when published is missing');
  // type="text" content is plain text: escaped markup in it is shown, not interpreted.
  assert.equal(plain!.text, 'Literal markup stays: a <b> tag and x & y.');
  assert.equal(plain!.url, undefined);
});

test('Atom with a namespace prefix reads the same', () => {
  const xml = `<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:title>T</a:title>
    <a:entry><a:id>1</a:id><a:title>标题</a:title><a:link href="https://x.example/1"/><a:summary>摘要</a:summary></a:entry></a:feed>`;
  const feed = parseXmlFeed(xml, 's');
  assert.deepEqual(feed.entries, [{ guid: '1', url: 'https://x.example/1', title: '标题', text: '摘要', categories: [] }]);
});

test('RSS 1.0 (RDF) items beside the channel', () => {
  const feed = parseXmlFeed(fixture('rdf.xml'), 'rdf');
  assert.equal(feed.title, 'RDF 频道');
  assert.deepEqual(feed.entries, [
    {
      guid: 'https://rdf.example.net/a',
      url: 'https://rdf.example.net/a',
      title: '对比学习',
      text: 'SimCLR 与 MoCo。',
      categories: ['自监督'],
      publishedAt: '2024-01-01T04:00:00.000Z',
    },
  ]);
});

test('a bare & in an otherwise valid feed is tolerated', () => {
  const feed = parseXmlFeed('<rss><channel><item><title>R&D 部门</title></item></channel></rss>', 's');
  assert.equal(feed.entries[0]!.title, 'R&D 部门');
});

test('a feed with no items is valid and empty', () => {
  assert.deepEqual(parseXmlFeed('<rss version="2.0"><channel><title>空</title></channel></rss>', 's'), {
    source: 's',
    format: 'rss',
    title: '空',
    entries: [],
  });
});

test('truncated or malformed XML is a FeedParseError naming the source and line', () => {
  assert.throws(
    () => parseXmlFeed(fixture('truncated.xml'), 'https://t.example/feed'),
    (err: unknown) => err instanceof FeedParseError && /^https:\/\/t\.example\/feed: malformed XML at line 10: /.test(err.message),
  );
  assert.throws(() => parseXmlFeed('<rss><channel><title>x</title></channel>', 's'), /malformed XML at line 1: .*rss/);
  assert.throws(() => parseXmlFeed('', 's'), /empty document/);
});

test('an HTML page or a different XML vocabulary is rejected with a clear message', () => {
  assert.throws(
    () => parseXmlFeed(fixture('html-error.html'), 'src'),
    (err: unknown) => err instanceof FeedParseError && err.message === 'src: got an HTML page, not a feed',
  );
  assert.throws(() => parseXmlFeed('<html><body><p>hi</p></body></html>', 's'), /got an HTML page, not a feed/);
  assert.throws(() => parseXmlFeed(fixture('sitemap.xml'), 's'), /not an RSS or Atom feed \(root element <urlset>\)/);
});

test('billion laughs: DOCTYPE entities are not expanded', () => {
  const feed = parseXmlFeed(fixture('billion-laughs.xml'), 's');
  const out = JSON.stringify(feed);
  assert.ok(!out.includes('lollol'), 'no entity was expanded');
  assert.ok(out.length < 1000);
  // Not even a one-level internal entity is expanded: DOCTYPE entity declarations are ignored.
  assert.equal(feed.title, 'Laughs &lol;');
  assert.equal(feed.entries[0]!.text, 'before &lol9; after');
});

test('XXE: an external entity is neither read from disk nor fetched', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-xxe-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const secretFile = join(dir, 'secret.txt');
  writeFileSync(secretFile, 'TOP-SECRET-8431');

  let requests = 0;
  const server = http.createServer((_req, res) => {
    requests++;
    res.end('REMOTE-ENTITY-5521');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => server.close());
  const { port } = server.address() as { port: number };

  const fileEntity = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "${pathToFileURL(secretFile).href}">]>
     <rss><channel><item><title>&xxe;</title><description>x &xxe;</description></item></channel></rss>`;
  const httpEntity = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "http://127.0.0.1:${port}/entity">]>
     <rss><channel><item><title>&xxe;</title></item></channel></rss>`;
  const externalDtd = `<?xml version="1.0"?><!DOCTYPE rss SYSTEM "http://127.0.0.1:${port}/external.dtd">
     <rss><channel><item><title>&ext;</title></item></channel></rss>`;

  for (const xml of [fileEntity, httpEntity]) {
    assert.throws(
      () => parseXmlFeed(xml, 's'),
      (err: unknown) =>
        err instanceof FeedParseError &&
        err.message === 's: refused: the document declares external entities (DTDs and entity declarations are not processed)' &&
        !err.message.includes('TOP-SECRET'),
    );
  }
  // An external DTD is not loaded either: its entity stays an unexpanded reference.
  const feed = parseXmlFeed(externalDtd, 's');
  assert.equal(feed.entries[0]!.title, '&ext;');

  // Parsing is synchronous, but let any stray request reach the server before checking none did.
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(requests, 0);
});

test('a DOCTYPE with a parameter entity is refused saying DTDs are not processed', () => {
  const doc = '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY % local "x"> %local;]><rss><channel><title>a</title></channel></rss>';
  assert.throws(
    () => parseXmlFeed(doc, 's'),
    (err: unknown) =>
      err instanceof FeedParseError &&
      err.message === 's: refused: the document declares parameter entities (DTDs and entity declarations are not processed)',
  );
});

test('typical publishing slips are repaired: a last end tag without ">", a misspelt end tag, &#X', () => {
  assert.equal(parseXmlFeed('<rss><channel><title>cut</title></channel></rss', 's').title, 'cut');
  assert.equal(parseXmlFeed('<rss><channel><title>x</title><language>en</langauge></channel></rss>', 's').title, 'x');
  assert.equal(parseXmlFeed('<rss><channel><title>&#X41;</title></channel></rss>', 's').title, 'A');
  assert.equal(
    parseXmlFeed('<!-- note --><?xml version="1.0"?><rss><channel><title>late decl</title></channel></rss>', 's').title,
    'late decl',
  );
  // Real breakage is still reported.
  assert.throws(() => parseXmlFeed('<rss><channel><title>x</channel></rss>', 's'), /malformed XML at line 1/);
});
