// The hostile and broken feed corpus: each case says how it is served (file, HTTP status /
// headers / body, or a custom handler for redirects, stalls, resets and endless streams) and
// what a user must end up with — these stored articles, or an error naming the source and the
// problem. Bodies are generated here so encodings, sizes and server URLs are exact.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createGzip, gzipSync } from 'node:zlib';
import { Readable, pipeline } from 'node:stream';
import iconv from 'iconv-lite';
import { repeated, streamChunks, type CorpusContext, type ExpectedArticle, type FeedCase } from './harness';

const MB = 1024 * 1024;
const RSS_TYPE = { 'Content-Type': 'application/rss+xml; charset=utf-8' };

interface Item {
  guid?: string;
  title?: string;
  link?: string;
  description?: string;
  pubDate?: string;
  extra?: string;
}

function rssItem(i: Item): string {
  return (
    '<item>' +
    (i.guid !== undefined ? `<guid isPermaLink="false">${i.guid}</guid>` : '') +
    (i.title !== undefined ? `<title>${i.title}</title>` : '') +
    (i.link !== undefined ? `<link>${i.link}</link>` : '') +
    (i.description !== undefined ? `<description>${i.description}</description>` : '') +
    (i.pubDate !== undefined ? `<pubDate>${i.pubDate}</pubDate>` : '') +
    (i.extra ?? '') +
    '</item>\n'
  );
}

export function rss(items: Item[], head = '<?xml version="1.0" encoding="UTF-8"?>\n'): string {
  return `${head}<rss version="2.0"><channel><title>Hostile corpus</title><link>https://example.com/</link>\n${items.map(rssItem).join('')}</channel></rss>\n`;
}

/** Items `${id}-1…n` with distinct titles, links and text: identities no other case shares. */
function plainItems(id: string, n: number): Item[] {
  return Array.from({ length: n }, (_, k) => ({
    guid: `${id}-${k + 1}`,
    title: `${id} item ${k + 1}`,
    link: `https://example.com/${id}/${k + 1}`,
    description: `Body ${k + 1} of ${id}.`,
  }));
}
const plainExpected = (id: string, n: number): ExpectedArticle[] =>
  Array.from({ length: n }, (_, k) => ({ title: `${id} item ${k + 1}`, summary: `Body ${k + 1} of ${id}.` }));

const noHits =
  (...names: string[]) =>
  (ctx: CorpusContext) => {
    for (const n of names) assert.equal(ctx.hits.get(n) ?? 0, 0, `the server was asked for /hit/${n}`);
  };

const producedUnder = (id: string, limit: number) => (ctx: CorpusContext) => {
  const produced = ctx.produced.get(id) ?? 0;
  assert.ok(produced < limit, `${id}: the server generated ${produced} bytes; reading should stop near the cap`);
};

/** The same RSS, cut off mid-document. */
const GOOD_RSS_FOR_CUTS = rss(plainItems('cut', 6));

const THOUSAND = (id: string, item500: Item): Item[] =>
  Array.from({ length: 1000 }, (_, k) =>
    k === 499
      ? item500
      : {
          guid: `${id}-${k + 1}`,
          title: `${id} entry ${k + 1}`,
          link: `https://example.com/${id}/${k + 1}`,
          description: `Entry ${k + 1} text.`,
        },
  );

const LONG_TITLE = 'Scaling laws for neural language models, revisited at length. '.repeat(80).trim(); // ~5,000 chars

export const CASES: FeedCase[] = [
  // ---- formats --------------------------------------------------------------------------
  {
    id: 'rss20',
    name: 'RSS 2.0 with guids, links, dates and categories',
    serve: {
      body: rss([
        {
          guid: 'rss20-a',
          title: 'Attention is all you need',
          link: 'https://example.com/rss20/a',
          description: 'Transformers replace recurrence.',
          pubDate: 'Tue, 10 Jun 2003 04:00:00 GMT',
          extra: '<category>NLP</category>',
        },
        {
          guid: 'rss20-b',
          title: '残差网络 ResNet',
          link: 'https://example.com/rss20/b',
          description: '跳跃连接让深层网络可以训练。',
          pubDate: 'Wed, 11 Jun 2003 09:30:00 +0800',
        },
      ]),
    },
    expect: {
      articles: [
        {
          title: 'Attention is all you need',
          summary: 'Transformers replace recurrence.',
          url: 'https://example.com/rss20/a',
          guid: 'rss20-a',
          publishedAt: '2003-06-10T04:00:00.000Z',
          categories: ['NLP'],
        },
        { title: '残差网络 ResNet', summary: '跳跃连接让深层网络可以训练。', publishedAt: '2003-06-11T01:30:00.000Z' },
      ],
    },
  },
  {
    id: 'rss091',
    name: 'RSS 0.91 in ISO-8859-1 with a Netscape-style external DTD (never fetched)',
    serve: {
      headers: { 'Content-Type': 'text/xml' },
      body: (ctx) =>
        iconv.encode(
          `<?xml version="1.0" encoding="ISO-8859-1"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "${ctx.origin}/hit/rss091-dtd">\n` +
            '<rss version="0.91"><channel><title>Old</title><link>http://example.com/old/</link><description>d</description><language>fr</language>' +
            '<item><title>Café Müller über Régression</title><link>http://example.com/old/1</link><description>Naïve Bayes à la française</description></item>' +
            '</channel></rss>',
          'latin1',
        ),
    },
    expect: {
      articles: [
        { title: 'Café Müller über Régression', summary: 'Naïve Bayes à la française', url: 'http://example.com/old/1', guid: null },
      ],
    },
    after: noHits('rss091-dtd'),
  },
  {
    id: 'rss10',
    name: 'RSS 1.0 (RDF) with rdf:about and dc:date',
    serve: {
      body:
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">' +
        '<channel rdf:about="https://example.com/rdf"><title>RDF</title><link>https://example.com/rdf</link></channel>' +
        '<item rdf:about="https://example.com/rdf/1"><title>Variational autoencoders</title><link>https://example.com/rdf/1</link><description>An ELBO walk-through.</description><dc:date>2024-02-29T23:59:59Z</dc:date><dc:subject>Generative</dc:subject></item>' +
        '<item rdf:about="https://example.com/rdf/2"><title>Normalizing flows</title><description>Invertible maps.</description></item>' +
        '</rdf:RDF>',
    },
    expect: {
      articles: [
        {
          title: 'Variational autoencoders',
          summary: 'An ELBO walk-through.',
          url: 'https://example.com/rdf/1',
          publishedAt: '2024-02-29T23:59:59.000Z',
          categories: ['Generative'],
        },
        { title: 'Normalizing flows', url: 'https://example.com/rdf/2', guid: 'https://example.com/rdf/2' },
      ],
    },
  },
  {
    id: 'atom10',
    name: 'Atom 1.0: html summary, xhtml content, relative link against xml:base',
    serve: {
      headers: { 'Content-Type': 'application/atom+xml' },
      body:
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://example.com/atom/"><title>Atom</title><id>urn:atom10</id>' +
        '<entry><id>urn:atom10:1</id><title type="html">Diffusion &lt;em&gt;models&lt;/em&gt;</title><link rel="alternate" href="posts/1"/><published>2024-03-01T12:30:00+08:00</published><summary type="html">&lt;p&gt;Denoising, step by step.&lt;/p&gt;</summary><category term="generative"/></entry>' +
        '<entry><id>urn:atom10:2</id><title>Score matching</title><link href="https://example.com/atom/posts/2"/><updated>2024-03-02T00:00:00Z</updated><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Estimate the <b>gradient</b> of the log density.</p></div></content></entry>' +
        '</feed>',
    },
    expect: {
      articles: [
        {
          title: 'Diffusion models',
          summary: 'Denoising, step by step.',
          url: 'https://example.com/atom/posts/1',
          guid: 'urn:atom10:1',
          publishedAt: '2024-03-01T04:30:00.000Z',
          categories: ['generative'],
        },
        { title: 'Score matching', summary: 'Estimate the gradient of the log density.', publishedAt: '2024-03-02T00:00:00.000Z' },
      ],
    },
  },
  {
    id: 'atom-prefixed',
    name: 'Atom with a namespace prefix (<atom:feed>)',
    serve: {
      headers: { 'Content-Type': 'application/xml' },
      body:
        '<atom:feed xmlns:atom="http://www.w3.org/2005/Atom"><atom:title>P</atom:title>' +
        '<atom:entry><atom:id>urn:atom-prefixed:1</atom:id><atom:title>Prefixed entry</atom:title><atom:summary>Still read.</atom:summary><atom:link href="https://example.com/prefixed/1"/></atom:entry>' +
        '</atom:feed>',
    },
    expect: { articles: [{ title: 'Prefixed entry', summary: 'Still read.', url: 'https://example.com/prefixed/1' }] },
  },
  {
    id: 'jsonfeed11',
    name: 'JSON Feed 1.1 served as text/plain',
    serve: {
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      body: JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'JSON',
        home_page_url: 'https://example.com/json/',
        items: [
          {
            id: 'jsonfeed11-1',
            url: 'posts/1',
            title: 'Mixture of experts',
            content_html: '<p>Sparse <b>routing</b>.</p>',
            date_published: '2024-05-01T10:00:00Z',
            tags: ['LLM'],
          },
          { id: 'jsonfeed11-2', content_text: '无标题条目 关于强化学习的策略梯度方法' },
        ],
      }),
    },
    expect: {
      articles: [
        {
          title: 'Mixture of experts',
          summary: 'Sparse routing.',
          url: 'https://example.com/json/posts/1',
          publishedAt: '2024-05-01T10:00:00.000Z',
          categories: ['LLM'],
        },
        { title: '无标题条目', summary: '无标题条目 关于强化学习的策略梯度方法' },
      ],
    },
  },
  {
    id: 'json-wrong-version',
    name: 'a JSON Feed declaring an unknown version',
    serve: {
      headers: { 'Content-Type': 'application/feed+json' },
      body: JSON.stringify({ version: 'https://jsonfeed.org/version/2', items: [{ id: 'x', title: 'Should not be stored' }] }),
    },
    expect: { error: /JSON but not a JSON Feed \(missing or unknown "version"\)/ },
  },
  {
    id: 'json-truncated',
    name: 'a JSON Feed cut off mid-string',
    serve: {
      headers: { 'Content-Type': 'application/feed+json' },
      body: '{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","title":"Half',
    },
    expect: { error: /invalid JSON/ },
  },
  {
    id: 'json-items-object',
    name: 'a JSON Feed whose "items" is an object',
    serve: {
      headers: { 'Content-Type': 'application/feed+json' },
      body: '{"version":"https://jsonfeed.org/version/1","items":{"id":"1"}}',
    },
    expect: { error: /JSON Feed "items" is not an array/ },
  },

  // ---- wrong Content-Type ---------------------------------------------------------------
  {
    id: 'rss-as-html',
    name: 'valid RSS labelled text/html',
    serve: { headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: rss(plainItems('rss-as-html', 2)) },
    expect: { articles: plainExpected('rss-as-html', 2) },
  },
  {
    id: 'atom-as-json',
    name: 'valid Atom labelled application/json',
    serve: {
      headers: { 'Content-Type': 'application/json' },
      body: '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><id>urn:atom-as-json:1</id><title>Labelled as JSON</title><summary>Parsed as Atom anyway.</summary></entry></feed>',
    },
    expect: { articles: [{ title: 'Labelled as JSON', summary: 'Parsed as Atom anyway.' }] },
  },
  {
    id: 'rss-octet-stream',
    name: 'valid RSS labelled application/octet-stream',
    serve: { headers: { 'Content-Type': 'application/octet-stream' }, body: rss(plainItems('rss-octet-stream', 1)) },
    expect: { articles: plainExpected('rss-octet-stream', 1) },
  },

  // ---- character encodings -------------------------------------------------------------
  {
    id: 'gbk-header',
    name: 'GBK, declared only in Content-Type',
    serve: {
      headers: { 'Content-Type': 'application/rss+xml; charset=GBK' },
      body: iconv.encode(
        rss(
          [{ guid: 'gbk-header-1', title: '深度学习：卷积神经网络入门', description: '卷积核在图像上滑动，提取局部特征。' }],
          '<?xml version="1.0"?>\n',
        ),
        'gbk',
      ),
    },
    expect: { articles: [{ title: '深度学习：卷积神经网络入门', summary: '卷积核在图像上滑动，提取局部特征。' }] },
  },
  {
    id: 'gb2312-header',
    name: 'GB2312, declared in Content-Type (decoded as its GBK superset)',
    serve: {
      headers: { 'Content-Type': 'text/xml; charset="gb2312"' },
      body: iconv.encode(
        rss(
          [{ guid: 'gb2312-header-1', title: '机器学习与自然语言处理', description: '词向量把词语映射到连续空间。' }],
          '<?xml version="1.0" encoding="gb2312"?>\n',
        ),
        'gbk',
      ),
    },
    expect: { articles: [{ title: '机器学习与自然语言处理', summary: '词向量把词语映射到连续空间。' }] },
  },
  {
    id: 'gbk-declaration',
    name: 'GBK, declared only in the XML declaration (Content-Type without charset)',
    serve: {
      headers: { 'Content-Type': 'application/xml' },
      body: iconv.encode(
        rss(
          [{ guid: 'gbk-declaration-1', title: '强化学习：策略梯度', description: '奖励信号指导策略更新。' }],
          '<?xml version="1.0" encoding="GBK"?>\n',
        ),
        'gbk',
      ),
    },
    expect: { articles: [{ title: '强化学习：策略梯度', summary: '奖励信号指导策略更新。' }] },
  },
  {
    id: 'gb2312-file',
    name: 'a GB2312 file, charset only in the XML declaration',
    serve: {
      file: iconv.encode(
        rss(
          [{ guid: 'gb2312-file-1', title: '生成对抗网络', description: '生成器与判别器相互博弈。' }],
          "<?xml version='1.0' encoding='GB2312'?>\n",
        ),
        'gbk',
      ),
    },
    expect: { articles: [{ title: '生成对抗网络', summary: '生成器与判别器相互博弈。' }] },
  },
  {
    id: 'big5-header',
    name: 'Big5 (Traditional Chinese), declared in Content-Type',
    serve: {
      headers: { 'Content-Type': 'application/rss+xml; charset=big5' },
      body: iconv.encode(
        rss([{ guid: 'big5-header-1', title: '機器學習導論', description: '監督式學習與非監督式學習。' }], '<?xml version="1.0"?>\n'),
        'big5',
      ),
    },
    expect: { articles: [{ title: '機器學習導論', summary: '監督式學習與非監督式學習。' }] },
  },
  {
    id: 'utf16-bom',
    name: 'UTF-16LE with a BOM',
    serve: {
      headers: { 'Content-Type': 'application/xml' },
      body: Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from(
          rss(
            [{ guid: 'utf16-bom-1', title: '注意力机制 UTF-16', description: '双字节编码。' }],
            '<?xml version="1.0" encoding="UTF-16"?>\n',
          ),
          'utf16le',
        ),
      ]),
    },
    expect: { articles: [{ title: '注意力机制 UTF-16', summary: '双字节编码。' }] },
  },
  {
    id: 'utf8-bom-file',
    name: 'a UTF-8 file with a BOM before the XML declaration',
    serve: {
      file: Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from(rss([{ guid: 'utf8-bom-file-1', title: '批归一化', description: 'BOM 不影响解析。' }])),
      ]),
    },
    expect: { articles: [{ title: '批归一化', summary: 'BOM 不影响解析。' }] },
  },

  // ---- entity expansion and external entities -------------------------------------------
  {
    id: 'billion-laughs',
    name: 'nested entity expansion ("billion laughs") is not expanded',
    serve: {
      body:
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY lol "lol">\n' +
        Array.from({ length: 9 }, (_, k) => `<!ENTITY lol${k + 1} "${`&lol${k === 0 ? '' : k};`.repeat(10)}">`).join('\n') +
        '\n]>\n<rss version="2.0"><channel><title>Laughs</title><item><guid>billion-laughs-1</guid><title>Laughing &lol9;</title><description>before &lol9; after</description></item></channel></rss>',
    },
    expect: { articles: [{ title: 'Laughing &lol9;', summary: 'before &lol9; after' }] },
  },
  {
    id: 'quadratic-blowup',
    name: 'a 9 KB entity referenced 50,000 times (quadratic blowup, 450 MB expanded) is not expanded',
    serve: {
      body:
        `<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "${'a'.repeat(9_000)}">]>\n` +
        `<rss version="2.0"><channel><item><guid>quadratic-blowup-1</guid><title>Blowup</title><description>${'&a;'.repeat(50_000)}</description></item></channel></rss>`,
    },
    expect: { articles: [{ title: 'Blowup', summary: '&a;'.repeat(50_000) }] },
  },
  {
    id: 'huge-entity',
    name: 'a single 50 KB entity declaration is refused by the parser',
    serve: {
      body:
        `<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "${'a'.repeat(50_000)}">]>\n` +
        '<rss version="2.0"><channel><item><guid>huge-entity-1</guid><title>Huge &a;</title></item></channel></rss>',
    },
    expect: { error: /malformed XML: Entity "a" size \(50000\) exceeds maximum allowed size/ },
  },
  {
    id: 'xxe-file',
    name: 'XXE: a SYSTEM entity naming a local file with a secret',
    serve: {
      body: (ctx) =>
        `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://${ctx.secretFile}">]>` +
        '<rss version="2.0"><channel><item><guid>xxe-file-1</guid><title>Leak &xxe;</title><description>&xxe;</description></item></channel></rss>',
    },
    expect: { error: /refused: the document declares external entities/ },
  },
  {
    id: 'xxe-file-path',
    name: 'XXE: a SYSTEM entity with a bare local path, in a file source',
    serve: {
      file: (ctx) =>
        `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "${ctx.secretFile}">]>` +
        '<rss version="2.0"><channel><item><guid>xxe-file-path-1</guid><title>Leak &xxe;</title></item></channel></rss>',
    },
    expect: { error: /refused: the document declares external entities/ },
  },
  {
    id: 'xxe-http',
    name: 'XXE: a SYSTEM entity pointing at an http URL on a local server',
    serve: {
      body: (ctx) =>
        `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "${ctx.origin}/hit/xxe-http">]>` +
        '<rss version="2.0"><channel><item><guid>xxe-http-1</guid><title>Fetch &xxe;</title></item></channel></rss>',
    },
    expect: { error: /refused: the document declares external entities/ },
    after: noHits('xxe-http'),
  },
  {
    id: 'xxe-public',
    name: 'XXE: a PUBLIC external entity',
    serve: {
      body: (ctx) =>
        `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe PUBLIC "-//Evil//EN" "${ctx.origin}/hit/xxe-public">]>` +
        '<rss version="2.0"><channel><item><guid>xxe-public-1</guid><title>Fetch &xxe;</title></item></channel></rss>',
    },
    // fast-xml-parser does not know the PUBLIC form at all: refused as malformed, never fetched.
    expect: { error: /malformed XML/ },
    after: noHits('xxe-public'),
  },
  {
    id: 'xxe-parameter',
    name: 'XXE: an external parameter entity (%remote;)',
    serve: {
      body: (ctx) =>
        `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY % remote SYSTEM "${ctx.origin}/hit/xxe-parameter"> %remote;]>` +
        '<rss version="2.0"><channel><item><guid>xxe-parameter-1</guid><title>Fetch &leaked;</title></item></channel></rss>',
    },
    expect: { error: /refused: the document declares external entities \(DTDs and entity declarations are not processed\)/ },
    after: noHits('xxe-parameter'),
  },
  {
    id: 'external-dtd',
    name: 'an external DTD on a local server: not loaded, its entity stays literal',
    serve: {
      body: (ctx) =>
        `<?xml version="1.0"?><!DOCTYPE rss SYSTEM "${ctx.origin}/hit/external-dtd">` +
        '<rss version="2.0"><channel><item><guid>external-dtd-1</guid><title>Entity &leaked; stays</title></item></channel></rss>',
    },
    expect: { articles: [{ title: 'Entity &leaked; stays' }] },
    after: noHits('external-dtd'),
  },

  // ---- broken XML and not-a-feed bodies -------------------------------------------------
  {
    id: 'truncated-xml',
    name: 'XML cut off mid-item',
    serve: { body: GOOD_RSS_FOR_CUTS.slice(0, Math.floor(GOOD_RSS_FOR_CUTS.length * 0.6)) },
    expect: { error: /malformed XML/ },
  },
  {
    id: 'truncated-file',
    name: 'an XML file cut off mid-tag',
    serve: { file: GOOD_RSS_FOR_CUTS.slice(0, GOOD_RSS_FOR_CUTS.indexOf('</title>', 400) + 4) },
    expect: { error: /malformed XML/ },
  },
  {
    id: 'deep-nesting',
    name: '100,000 nested elements',
    serve: {
      body: `<rss version="2.0"><channel><item><title>deep</title>${'<x>'.repeat(100_000)}${'</x>'.repeat(100_000)}</item></channel></rss>`,
    },
    expect: { error: /malformed XML/ },
  },
  {
    id: 'not-a-feed-xml',
    name: 'well-formed XML of another vocabulary (a sitemap)',
    serve: {
      headers: { 'Content-Type': 'application/xml' },
      body: '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://example.com/</loc></url></urlset>',
    },
    expect: { error: /not an RSS or Atom feed \(root element <urlset>\)/ },
  },
  {
    id: 'html-error-page',
    name: 'HTTP 200 with an HTML error page instead of XML',
    serve: {
      headers: { 'Content-Type': 'text/html; charset=utf-8' },
      body: '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>The upstream server is down.</p></body></html>',
    },
    expect: { error: /got an HTML page, not a feed/ },
  },
  {
    id: 'html-as-rss',
    name: 'an HTML login page labelled application/rss+xml',
    serve: { headers: RSS_TYPE, body: '\n\n  <html lang="zh"><head><title>登录</title></head><body><form>请登录</form></body></html>' },
    expect: { error: /got an HTML page, not a feed/ },
  },
  {
    id: 'xhtml-page',
    name: 'an XHTML page with an XML declaration',
    serve: {
      headers: { 'Content-Type': 'application/xhtml+xml' },
      body: '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Moved</p></body></html>',
    },
    expect: { error: /got an HTML page, not a feed/ },
  },
  {
    id: 'empty-body',
    name: 'HTTP 200 with an empty body',
    serve: { headers: { 'Content-Type': 'application/rss+xml', 'Content-Length': '0' }, body: '' },
    expect: { error: /empty response, not a feed/ },
  },
  {
    id: 'whitespace-body',
    name: 'HTTP 200 with only whitespace and a BOM',
    serve: { headers: RSS_TYPE, body: '\ufeff \r\n\t \n' },
    expect: { error: /empty response, not a feed/ },
  },
  {
    id: 'plain-text-error',
    name: 'HTTP 200 with a plain-text error message',
    serve: { headers: { 'Content-Type': 'text/plain' }, body: 'Service Temporarily Unavailable. Please try again later.\n' },
    expect: { error: /not a feed \(Content-Type text\/plain, neither XML nor JSON; starts with "Service Temporarily/ },
  },

  // ---- HTTP failures --------------------------------------------------------------------
  {
    id: 'http-404',
    name: 'HTTP 404',
    serve: { status: 404, headers: { 'Content-Type': 'text/html' }, body: '<h1>Not Found</h1>' },
    expect: { error: /HTTP 404 Not Found/ },
  },
  {
    id: 'http-500',
    name: 'HTTP 500 with an RSS-looking body',
    serve: { status: 500, headers: RSS_TYPE, body: rss(plainItems('http-500', 1)) },
    expect: { error: /HTTP 500 Internal Server Error/ },
  },
  {
    id: 'http-503',
    name: 'HTTP 503 with Retry-After',
    serve: { status: 503, headers: { 'Retry-After': '120', 'Content-Type': 'text/plain' }, body: 'busy' },
    expect: { error: /HTTP 503 Service Unavailable/ },
  },
  {
    id: 'http-304-unasked',
    name: 'HTTP 304 to a request that was not conditional',
    serve: { status: 304 },
    expect: { error: /HTTP 304 Not Modified without a conditional request/ },
  },
  {
    id: 'redirect-ok',
    name: 'a 301 to the real feed: stored under the configured URL',
    serve: {
      handle: (req, res) => {
        if (req.url?.endsWith('/moved')) res.writeHead(200, RSS_TYPE).end(rss(plainItems('redirect-ok', 2)));
        else res.writeHead(301, { Location: '/case/redirect-ok/moved' }).end();
      },
    },
    expect: { articles: plainExpected('redirect-ok', 2) },
  },
  {
    id: 'redirect-loop',
    name: 'a redirect loop',
    serve: {
      handle: (req, res) => {
        res.writeHead(302, { Location: req.url?.endsWith('/b') ? '/case/redirect-loop' : '/case/redirect-loop/b' }).end();
      },
    },
    expect: { error: /redirect loop \(.*\/case\/redirect-loop\/b → .*\/case\/redirect-loop\)/ },
  },
  {
    id: 'redirect-chain',
    name: 'an endless chain of redirects (too many)',
    serve: {
      handle: (req, res) => {
        const n = Number(/\/(\d+)$/.exec(req.url ?? '')?.[1] ?? 0);
        res.writeHead(307, { Location: `/case/redirect-chain/${n + 1}` }).end();
      },
    },
    expect: { error: /too many redirects \(more than 5\)/ },
  },
  {
    id: 'redirect-to-file',
    name: 'a redirect to a file: URL (the secret)',
    serve: { handle: (_req, res, ctx) => void res.writeHead(302, { Location: `file://${ctx.secretFile}` }).end() },
    expect: { error: /unsupported URL scheme file:/ },
  },
  {
    id: 'redirect-no-location',
    name: 'a redirect without a Location header',
    serve: { status: 302, headers: {} },
    expect: { error: /HTTP 302 redirect without a Location header/ },
  },
  {
    id: 'slow-body',
    name: 'headers and half the body, then silence past the timeout',
    serve: {
      handle: (_req, res) => {
        res.writeHead(200, RSS_TYPE);
        res.write(GOOD_RSS_FOR_CUTS.slice(0, 300)); // and never another byte
      },
    },
    expect: { error: /timed out after 1000 ms/ },
  },
  {
    id: 'slow-headers',
    name: 'a server that accepts the request and never answers',
    serve: { handle: () => {} },
    expect: { error: /timed out after 1000 ms/ },
  },
  {
    id: 'reset-mid-body',
    name: 'the connection dropped mid-body (Content-Length promised more)',
    serve: {
      handle: (_req, res) => {
        const full = Buffer.from(GOOD_RSS_FOR_CUTS);
        res.writeHead(200, { ...RSS_TYPE, 'Content-Length': String(full.length) });
        res.write(full.subarray(0, full.length >> 1), () => res.socket?.destroy());
      },
    },
    expect: { error: /connection closed before the body was complete/ },
  },
  {
    id: 'rst-mid-body',
    name: 'a TCP reset mid-body of a chunked response',
    serve: {
      handle: (req, res) => {
        res.writeHead(200, RSS_TYPE);
        res.write(GOOD_RSS_FOR_CUTS.slice(0, 500), () => req.socket.resetAndDestroy());
      },
    },
    expect: { error: /connection (reset|closed before the body was complete)/ },
  },
  {
    id: 'stream-50mb',
    name: 'a 50 MB chunked body: cut off at the 1 MB cap, generated lazily',
    serve: {
      handle: (_req, res, ctx) => {
        res.writeHead(200, RSS_TYPE);
        streamChunks(
          res,
          ctx,
          'stream-50mb',
          repeated(50 * MB, ' ', '<?xml version="1.0"?><rss version="2.0"><channel><title>huge</title><description>'),
        );
      },
    },
    expect: { error: /response larger than 1 MB/ },
    after: producedUnder('stream-50mb', 16 * MB),
  },
  {
    id: 'declared-50mb',
    name: 'a 50 MB body announced in Content-Length: refused before reading it',
    serve: {
      handle: (_req, res, ctx) => {
        res.writeHead(200, { ...RSS_TYPE, 'Content-Length': String(50 * MB) });
        streamChunks(res, ctx, 'declared-50mb', repeated(50 * MB, ' '));
      },
    },
    expect: { error: /response larger than 1 MB/ },
    after: producedUnder('declared-50mb', 16 * MB),
  },
  {
    id: 'gzip-bomb',
    name: 'a gzip body that inflates to 50 MB',
    serve: {
      handle: (_req, res, ctx) => {
        res.writeHead(200, { ...RSS_TYPE, 'Content-Encoding': 'gzip' });
        const gzip = createGzip();
        pipeline(gzip, res, () => {});
        pipeline(
          Readable.from(
            (function* () {
              for (const chunk of repeated(50 * MB, ' ', '<rss version="2.0"><channel><title>')) {
                ctx.produced.set('gzip-bomb', (ctx.produced.get('gzip-bomb') ?? 0) + chunk.length);
                yield chunk;
              }
            })(),
          ),
          gzip,
          () => {},
        );
      },
    },
    // 50 MB of spaces is ~50 KB of gzip, so the server may well send all of it: the cap that
    // matters is on the inflated bytes the reader keeps.
    expect: { error: /response larger than 1 MB/ },
  },
  {
    id: 'gzip-ok',
    name: 'a gzip-encoded feed',
    serve: { headers: { ...RSS_TYPE, 'Content-Encoding': 'gzip' }, body: gzipSync(rss(plainItems('gzip-ok', 2))) },
    expect: { articles: plainExpected('gzip-ok', 2) },
  },
  {
    id: 'gzip-corrupt',
    name: 'Content-Encoding gzip over bytes that are not gzip',
    serve: { headers: { ...RSS_TYPE, 'Content-Encoding': 'gzip' }, body: rss(plainItems('gzip-corrupt', 1)) },
    expect: { error: /cannot decompress the body/ },
  },
  {
    id: 'encoding-unknown',
    name: 'an unsupported Content-Encoding',
    serve: { headers: { ...RSS_TYPE, 'Content-Encoding': 'compress' }, body: 'xx' },
    expect: { error: /unsupported Content-Encoding "compress"/ },
  },

  // ---- local files ----------------------------------------------------------------------
  {
    id: 'file-missing',
    name: 'a local file that does not exist',
    serve: { path: (ctx) => `${ctx.dir}/missing.xml` },
    expect: { error: /cannot read file .*missing\.xml: ENOENT/ },
  },
  { id: 'file-directory', name: 'a directory given as a feed file', serve: { path: (ctx) => ctx.dir }, expect: { error: /EISDIR/ } },
  {
    id: 'file-endless',
    name: '/dev/zero as a feed file: refused at the size cap, not read forever',
    serve: { path: () => '/dev/zero' },
    expect: { error: /cannot read file \/dev\/zero: file larger than 1 MB/ },
    skip: () => (existsSync('/dev/zero') ? false : 'no /dev/zero here'),
  },
  {
    id: 'file-too-large',
    name: 'a 3 MB local feed file over the 1 MB cap',
    serve: { file: () => rss([{ guid: 'file-too-large-1', title: 'Big', description: 'x'.repeat(3 * MB) }]) },
    expect: { error: /file larger than 1 MB/ },
  },
  {
    id: 'file-url',
    name: 'a file: URL source',
    serve: { file: rss(plainItems('file-url', 2)), asFileUrl: true },
    expect: { articles: plainExpected('file-url', 2) },
  },

  // ---- entry content --------------------------------------------------------------------
  {
    id: 'bad-dates',
    name: 'invalid and missing dates: stored with publishedAt null',
    serve: {
      body: rss([
        { guid: 'bad-dates-1', title: 'Not a date', description: 'a', pubDate: 'not a date' },
        { guid: 'bad-dates-2', title: 'February 31st', description: 'b', pubDate: 'Sat, 31 Feb 2024 10:00:00 GMT' },
        { guid: 'bad-dates-3', title: 'Month thirteen', description: 'c', pubDate: '2024-13-45T10:00:00Z' },
        { guid: 'bad-dates-4', title: 'Issue number', description: 'd', pubDate: 'Issue 12' },
        { guid: 'bad-dates-5', title: 'Empty date', description: 'e', pubDate: '   ' },
        { guid: 'bad-dates-6', title: 'No date element', description: 'f' },
        { guid: 'bad-dates-7', title: 'Unknown zone', description: 'g', pubDate: 'Mon, 01 Jan 2024 10:00:00 XYZ' },
        { guid: 'bad-dates-8', title: 'Valid in PST', description: 'h', pubDate: 'Mon, 01 Jan 2024 10:00:00 PST' },
      ]),
    },
    expect: {
      articles: [
        { title: 'Not a date', publishedAt: null },
        { title: 'February 31st', publishedAt: null },
        { title: 'Month thirteen', publishedAt: null },
        { title: 'Issue number', publishedAt: null },
        { title: 'Empty date', publishedAt: null },
        { title: 'No date element', publishedAt: null },
        { title: 'Unknown zone', publishedAt: null },
        { title: 'Valid in PST', publishedAt: '2024-01-01T18:00:00.000Z' },
      ],
    },
  },
  {
    id: 'missing-title',
    name: 'items without titles: a title is derived from the text',
    serve: {
      body: rss([
        { guid: 'missing-title-1', description: 'Dropout zeroes activations in training: it reduces overfitting.' },
        { link: 'https://example.com/missing-title/2', description: '知识蒸馏：用大模型的软标签训练小模型。效果接近教师模型。' },
      ]),
    },
    expect: {
      articles: [
        { title: 'Dropout zeroes activations in training', summary: 'Dropout zeroes activations in training: it reduces overfitting.' },
        { title: '知识蒸馏：用大模型的软标签训练小模型', url: 'https://example.com/missing-title/2', guid: null },
      ],
    },
  },
  {
    id: 'no-guid-no-link',
    name: 'items with neither guid nor link: identified by their text',
    serve: {
      body: rss([
        { title: 'Layer norm', description: 'Normalises across features, not the batch.' },
        { title: 'Group norm', description: 'Normalises over groups of channels.' },
        { description: 'Weight standardisation helps group norm.' },
      ]),
    },
    expect: {
      articles: [
        { title: 'Layer norm', url: null, guid: null },
        { title: 'Group norm', url: null, guid: null },
        { title: 'Weight standardisation helps group norm.', summary: 'Weight standardisation helps group norm.', url: null, guid: null },
      ],
    },
  },
  {
    id: 'title-only',
    name: 'title-only items with no guid, link or text stay distinct articles',
    serve: {
      body: rss([{ title: 'Title-only: tokenizers' }, { title: 'Title-only: beam search' }, { title: 'Title-only: top-p sampling' }]),
    },
    expect: {
      articles: [
        { title: 'Title-only: tokenizers', summary: '' },
        { title: 'Title-only: beam search', summary: '' },
        { title: 'Title-only: top-p sampling', summary: '' },
      ],
    },
  },
  {
    id: 'nothing-but-guid',
    name: 'an item with a guid and link but no title or text is skipped',
    serve: { body: rss([{ guid: 'nothing-but-guid-1', link: 'https://example.com/nothing/1' }, ...plainItems('nothing-but-guid', 1)]) },
    expect: { articles: plainExpected('nothing-but-guid', 1), skipped: 1 },
  },
  {
    id: 'duplicate-guids',
    name: 'a guid repeated within one feed: one article, the first listing',
    serve: {
      body: rss([
        { guid: 'duplicate-guids-1', title: 'First listing', description: 'The newest text.' },
        { guid: 'duplicate-guids-2', title: 'Another article', description: 'Unrelated.' },
        { guid: 'duplicate-guids-1', title: 'Second listing', description: 'A stale copy.' },
        { guid: 'duplicate-guids-1', title: 'Third listing', description: 'Another stale copy.' },
      ]),
    },
    expect: {
      articles: [{ title: 'First listing', summary: 'The newest text.', guid: 'duplicate-guids-1' }, { title: 'Another article' }],
      skipped: 2,
    },
  },
  {
    id: 'duplicate-links',
    name: 'a link repeated within one feed (no guids): one article',
    serve: {
      body: rss([
        { title: 'Same page, first', link: 'https://example.com/duplicate-links/1', description: 'one' },
        { title: 'Same page, second', link: 'https://example.com/duplicate-links/1', description: 'two' },
      ]),
    },
    expect: { articles: [{ title: 'Same page, first', summary: 'one' }], skipped: 1 },
  },
  {
    id: 'html-script',
    name: 'HTML and <script> in titles and summaries: stripped to text, script content gone',
    serve: {
      body: rss([
        {
          guid: 'html-script-1',
          title: '&lt;b&gt;Bold&lt;/b&gt; move&lt;script&gt;alert("title-xss")&lt;/script&gt;',
          link: 'javascript:alert(1)',
          description:
            '<![CDATA[<p onclick="steal()">Hello <a href="javascript:alert(2)">world</a></p><script type="text/javascript">document.write("script-body")</script>' +
            '<style>p { color: red }</style><iframe src="https://evil.example/">iframe-body</iframe><noscript>noscript-body</noscript><!-- comment-body -->Goodbye]]>',
        },
        {
          guid: 'html-script-2',
          title: 'Unclosed script',
          description: '<![CDATA[Visible text<script>var stolen = document.cookie; never closed]]>',
        },
        {
          guid: 'html-script-3',
          title: '<![CDATA[<img src=x onerror="alert(3)">Image title]]>',
          description: '&lt;svg onload=alert(4)&gt;&lt;script&gt;x()&lt;/script&gt;&lt;/svg&gt;Escaped markup',
        },
      ]),
    },
    expect: {
      articles: [
        { title: 'Bold move', summary: 'Hello world Goodbye', url: null },
        { title: 'Unclosed script', summary: 'Visible text' },
        { title: 'Image title', summary: 'Escaped markup' },
      ],
    },
    check: (articles) => {
      const all = articles.map((a) => `${a.title} ${a.summary}`).join(' ');
      assert.doesNotMatch(all, /alert|script-body|iframe-body|noscript-body|comment-body|color|cookie|steal|[<>{}]/);
    },
  },
  {
    id: 'json-html-title',
    name: 'HTML in a JSON Feed title',
    serve: {
      headers: { 'Content-Type': 'application/feed+json' },
      body: JSON.stringify({
        version: 'https://jsonfeed.org/version/1',
        items: [
          {
            id: 'json-html-title-1',
            title: '<img src=x onerror=alert(1)>Safe <i>title</i>',
            content_text: 'plain <b>text</b> stays literal',
          },
        ],
      }),
    },
    expect: { articles: [{ title: 'Safe title', summary: 'plain <b>text</b> stays literal' }] },
  },
  {
    id: 'invisible-chars',
    name: 'zero-width, bidi-override and control characters are removed',
    serve: {
      body: rss([
        {
          guid: 'invisible-chars-\u200b1',
          title: 'Trans\u200bformer\u200d \u202egnp.exe\u202c at\u2066ten\u2069tion\ufeff\u0007',
          description: 'soft\u00adhyphen \u200eleft\u200f right \u202aembed\u202c \u2060joined\u2061',
          extra: '<category>\u200bNLP\u202e</category>',
        },
      ]),
    },
    expect: {
      articles: [
        {
          title: 'Transformer gnp.exe attention',
          summary: 'softhyphen left right embed joined',
          guid: 'invisible-chars-1',
          categories: ['NLP'],
        },
      ],
    },
  },
  {
    id: 'invisible-snapshot',
    name: 'zero-width and bidi characters in a page snapshot are removed too',
    serve: {
      file: 'INCOMING TRANSMISSION\n\nLATEST UPDATES\nVision\u200b Trans\u202eformer ViT 把图像切成\u200d小块\u2066送入\u2069编码器。\n',
      ext: 'txt',
    },
    expect: { articles: [{ title: 'Vision Transformer ViT', summary: 'Vision Transformer ViT 把图像切成小块送入编码器。' }] },
  },
  {
    id: 'cdata',
    name: 'CDATA sections, one split around "]]>"',
    serve: {
      body: rss([
        { guid: 'cdata-1', title: '<![CDATA[Tom & Jerry <3 <em>classic</em>]]>', description: '<![CDATA[<p>A &amp; B</p> ]]>' },
        { guid: 'cdata-2', title: 'Split <![CDATA[x]]]]><![CDATA[>y]]>', description: '<![CDATA[]]>' },
      ]),
    },
    expect: {
      articles: [
        { title: 'Tom & Jerry <3 classic', summary: 'A & B' },
        { title: 'Split x]]>y', summary: '' },
      ],
    },
  },
  {
    id: 'entities',
    name: 'entities in titles are shown as the literal characters',
    serve: {
      body: rss([
        {
          guid: 'entities-1',
          title: 'Q&amp;A: is 1 &lt; 2 &amp;&amp; 3 &gt; 2? &#169; &#x4E2D;&#25991;',
          description: 'AT&amp;amp;T &amp;quot;quoted&amp;quot; &amp;lt;tag&amp;gt;',
        },
        { guid: 'entities-2', title: 'R&D without escaping', description: 'Fish & chips & more' },
        { guid: 'entities-3', title: 'Unknown &bogus; and &nbsp;nbsp', description: 'Bad ref &#xD800; and &#0;' },
      ]),
    },
    expect: {
      articles: [
        { title: 'Q&A: is 1 < 2 && 3 > 2? © 中文', summary: 'AT&T "quoted" <tag>' },
        { title: 'R&D without escaping', summary: 'Fish & chips & more' },
        // As HTML5 decodes them: a lone surrogate or NUL reference becomes U+FFFD, never a raw NUL.
        { title: 'Unknown &bogus; and nbsp', summary: 'Bad ref \ufffd and \ufffd' },
      ],
    },
  },
  {
    id: 'long-title',
    // Renderers clip it where a platform needs (test/adapters/*/long-title.test.ts).
    name: 'a 5,000-character title: stored whole',
    serve: { body: rss([{ guid: 'long-title-1', title: LONG_TITLE, description: 'Short body.' }]) },
    expect: { articles: [{ title: LONG_TITLE.trim(), summary: 'Short body.' }] },
  },
  {
    id: 'whitespace-item',
    name: 'items holding only whitespace (or only invisible characters) are skipped',
    serve: {
      body: rss([
        { guid: 'whitespace-item-1', title: '   \n\t ', description: ' &#160; &#x3000; ' },
        ...plainItems('whitespace-item', 1),
        { guid: 'whitespace-item-3', title: '&#8203;&#x202E;', description: '<![CDATA[<p> </p><br/>]]>' },
        { title: '', description: '' },
      ]),
    },
    expect: { articles: plainExpected('whitespace-item', 1), skipped: 3 },
  },
  {
    id: 'categories-flood',
    name: 'an item with 5,000 categories and a 2,000-character one: 20 labels kept, each a topic',
    serve: {
      body: rss([
        {
          guid: 'categories-flood-1',
          title: 'Tagged to death',
          description: 'Every tag in the dictionary.',
          extra:
            `<category>${'x'.repeat(2000)}</category>` +
            Array.from({ length: 5000 }, (_, k) => `<category>flood-tag-${k + 1}</category>`).join(''),
        },
      ]),
    },
    expect: { articles: [{ title: 'Tagged to death', categories: Array.from({ length: 20 }, (_, k) => `flood-tag-${k + 1}`) }] },
    // At most the 20 kept labels plus the 7 taxonomy topics.
    check: ([a]) => assert.ok(a!.topics.length <= 20 + 7, `${a!.topics.length} topics for one article`),
  },
  {
    id: 'zero-items',
    name: 'a valid feed with no items',
    serve: { body: rss([]) },
    expect: { articles: [] },
  },
  {
    id: 'thousand-tolerable',
    name: '1,000 items, item 500 malformed in tolerable ways (bare &, junk date, javascript: link)',
    serve: {
      body: rss(
        THOUSAND('thousand-tolerable', {
          guid: 'thousand-tolerable-500',
          title: 'R&D update #500 &nbsp;',
          link: 'javascript:alert(500)',
          pubDate: 'sometime soon',
          description: 'Item 500 &lt;b&gt;bold',
        }),
      ),
    },
    expect: {
      articles: Array.from({ length: 1000 }, (_, k) =>
        k === 499
          ? { title: 'R&D update #500', summary: 'Item 500 bold', url: null, publishedAt: null }
          : { title: `thousand-tolerable entry ${k + 1}`, summary: `Entry ${k + 1} text.` },
      ),
    },
  },
  {
    id: 'thousand-broken',
    name: '1,000 items, item 500 not well-formed: the whole feed refused, none half-stored',
    serve: {
      body: rss(
        THOUSAND('thousand-broken', { guid: 'thousand-broken-500', title: 'Unclosed', description: 'no end', extra: '<description>' }),
      ),
    },
    expect: { error: /malformed XML at line \d+/ },
  },

  // ---- page snapshots -------------------------------------------------------------------
  {
    id: 'snapshot-crlf-bom',
    name: 'a snapshot file with CRLF line endings and a BOM',
    serve: {
      file: Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from(
          'INCOMING TRANSMISSION\r\n\r\nLATEST UPDATES\r\n梯度裁剪 Gradient Clipping 防止梯度爆炸。\r\nPython\r\n2026-01-11\r\nDDP 分布式数据并行 一个最简单的例子。\r\n',
        ),
      ]),
      ext: 'txt',
    },
    expect: {
      articles: [
        { title: '梯度裁剪 Gradient Clipping', summary: '梯度裁剪 Gradient Clipping 防止梯度爆炸。', categories: [], publishedAt: null },
        {
          title: 'DDP 分布式数据并行 一个最简单的例子',
          summary: 'DDP 分布式数据并行 一个最简单的例子。',
          categories: ['Python'],
          publishedAt: '2026-01-11',
        },
      ],
    },
    check: (articles) =>
      assert.doesNotMatch(articles.map((a) => a.title + a.summary + a.categories.join()).join(), /[\r\ufeff]|INCOMING|LATEST/),
  },
  {
    id: 'snapshot-trailing-meta',
    name: 'a snapshot ending in a category line and a date line',
    serve: { file: 'LATEST UPDATES\n对比学习 SimCLR 通过数据增强构造正样本对。\nNLP\n2026-02-01\n', ext: 'txt' },
    expect: { articles: [{ title: '对比学习 SimCLR', summary: '对比学习 SimCLR 通过数据增强构造正样本对。', categories: [] }] },
  },
  {
    id: 'snapshot-trailing-date',
    name: 'a snapshot ending in a lone date line, no final newline: the date belongs to no entry',
    serve: {
      file: 'LATEST UPDATES\n知识图谱 Knowledge Graph 用三元组表示事实，再用图神经网络在三元组上做推理与补全。\n2026-03-01',
      ext: 'txt',
    },
    expect: { articles: [{ title: '知识图谱 Knowledge Graph', publishedAt: null, categories: [] }] },
  },
];

/** Ingested before every case: its rows must come out of the bad case byte-for-byte intact. */
export const GOOD_BEFORE = rss([
  {
    guid: 'good-before-1',
    title: '卷积神经网络的感受野',
    link: 'https://example.com/good/1',
    description: '空洞卷积在不增加参数的情况下扩大感受野。',
    pubDate: 'Mon, 01 Jan 2024 08:00:00 GMT',
    extra: '<category>CV</category>',
  },
  {
    guid: 'good-before-2',
    title: 'LoRA 低秩适配',
    link: 'https://example.com/good/2',
    description: '冻结预训练权重，只训练低秩矩阵。',
    extra: '<category>LLM</category>',
  },
  {
    guid: 'good-before-3',
    title: 'Policy gradients',
    link: 'https://example.com/good/3',
    description: 'REINFORCE estimates the gradient of expected reward.',
  },
]);
export const GOOD_BEFORE_TITLES = ['卷积神经网络的感受野', 'LoRA 低秩适配', 'Policy gradients'];

/** Served at /good/after and ingested right after the case, in the same loop. */
export const GOOD_AFTER_PATH = '/good/after';
export const GOOD_AFTER = {
  contentType: 'application/atom+xml; charset=utf-8',
  body:
    '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Good</title><id>urn:good-after</id>' +
    '<entry><id>urn:good-after:1</id><title>扩散模型采样加速</title><link href="https://example.com/after/1"/><summary>DDIM 用更少的步数生成图像。</summary></entry>' +
    '<entry><id>urn:good-after:2</id><title>Tokenizer pitfalls</title><link href="https://example.com/after/2"/><summary>Byte-level BPE and whitespace.</summary></entry>' +
    '</feed>',
};
export const GOOD_AFTER_TITLES = ['扩散模型采样加速', 'Tokenizer pitfalls'];
