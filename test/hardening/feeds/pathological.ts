// Generators of pathological feeds: inputs that are small in bytes yet made to trip any step
// from bytes to stored article whose work grows faster than its input (repetition, no
// punctuation, nested tags, shared openings, huge single tokens). Each takes a size `n` so a
// test can run it at n and 2n and compare the work done.

const JSON_FEED = 'https://jsonfeed.org/version/1.1';

/** A JSON Feed with the given items (objects are serialised as given). */
export function jsonFeed(items: Record<string, unknown>[]): string {
  return JSON.stringify({ version: JSON_FEED, title: 'pathological', items });
}

/** An RSS 2.0 feed whose items carry the given description HTML (escaped into the XML). */
export function rssFeed(items: { title?: string; description: string; link?: string }[]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const body = items
    .map(
      (it) =>
        `<item>${it.title ? `<title>${esc(it.title)}</title>` : ''}${it.link ? `<link>${esc(it.link)}</link>` : ''}<description>${esc(it.description)}</description></item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>pathological</title>${body}</channel></rss>`;
}

/** Distinct Latin "words" with no punctuation: w0a w1b … */
function distinctWords(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(`word${i.toString(36)}`);
  return out.join(' ');
}

export interface Pathological {
  id: string;
  name: string;
  /** The body for size n (roughly proportional to n bytes), and the file extension it wants. */
  body: (n: number) => string;
  ext: 'json' | 'xml' | 'txt';
}

export const PATHOLOGICAL: Pathological[] = [
  {
    id: 'generic-headings',
    name: 'one untitled item: "Overview " repeated',
    ext: 'json',
    body: (n) => jsonFeed([{ id: 'p1', content_text: 'Overview '.repeat(Math.ceil(n / 9)) }]),
  },
  {
    id: 'generic-headings-zh',
    name: 'one untitled item: 背景 and 概述 headings repeated',
    ext: 'json',
    body: (n) => jsonFeed([{ id: 'p1', content_text: '背景 概述 '.repeat(Math.ceil(n / 6)) + '正文' }]),
  },
  {
    id: 'latin-no-punctuation',
    name: 'one untitled item: distinct Latin words, no punctuation',
    ext: 'json',
    body: (n) => jsonFeed([{ id: 'p1', content_text: distinctWords(Math.ceil(n / 8)) }]),
  },
  {
    id: 'cjk-no-punctuation',
    name: 'one untitled item: Chinese text without punctuation or spaces',
    ext: 'json',
    body: (n) => jsonFeed([{ id: 'p1', content_text: '卷积神经网络注意力机制'.repeat(Math.ceil(n / 11)) }]),
  },
  {
    id: 'empty-script-tags',
    name: 'content_html: <script></script>x repeated',
    ext: 'json',
    body: (n) => jsonFeed([{ id: 'p1', title: 'scripts', content_html: '<script></script>x'.repeat(Math.ceil(n / 18)) }]),
  },
  {
    id: 'unclosed-script-tags',
    name: 'content_html: <SCRIPT>x</scrip repeated (never properly closed)',
    ext: 'json',
    body: (n) => jsonFeed([{ id: 'p1', title: 'scripts', content_html: 'a<SCRIPT>x</scrip '.repeat(Math.ceil(n / 18)) }]),
  },
  {
    id: 'nested-tags',
    name: 'description: <div><b> nested thousands deep',
    ext: 'xml',
    body: (n) => {
      const depth = Math.ceil(n / 14);
      return rssFeed([
        { description: '<div><b>'.repeat(depth) + 'deep text' + '</b></div>'.repeat(depth), link: 'https://example.com/nested' },
      ]);
    },
  },
  {
    id: 'unclosed-brackets',
    name: 'one untitled item: opening brackets never closed, no punctuation',
    ext: 'json',
    body: (n) => jsonFeed([{ id: 'p1', content_text: 'Title (a【b《c（d '.repeat(Math.ceil(n / 16)) }]),
  },
  {
    id: 'huge-token',
    name: 'one untitled item: a single token of n letters',
    ext: 'json',
    body: (n) => jsonFeed([{ id: 'p1', content_text: 'x'.repeat(n) }]),
  },
  {
    id: 'huge-category',
    name: 'an item with a huge category and a huge link',
    ext: 'json',
    body: (n) =>
      jsonFeed([
        { id: 'p1', title: 't', content_text: 'body', tags: ['c'.repeat(n / 2)], url: `https://example.com/${'p'.repeat(n / 2)}` },
      ]),
  },
  {
    id: 'huge-date-and-guid',
    name: 'RSS: a huge pubDate of digits and spaces, a huge guid and title',
    ext: 'xml',
    body: (n) =>
      `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><guid isPermaLink="false">${'g'.repeat(n / 3)}</guid>` +
      `<title>${'Title '.repeat(n / 18)}</title><description>body</description><pubDate>Mon, 01 ${'1 '.repeat(n / 6)}Jan 2024</pubDate></item></channel></rss>`,
  },
  {
    id: 'entities',
    name: 'content_html: entities repeated',
    ext: 'json',
    body: (n) => jsonFeed([{ id: 'p1', title: 'entities', content_html: '&amp;&lt;&#x4e2d;&nbsp;&bogus;'.repeat(Math.ceil(n / 30)) }]),
  },
  {
    id: 'shared-openings-snapshot',
    name: 'page snapshot: untitled lines sharing a 60-character opening',
    ext: 'txt',
    body: (n) => {
      // No punctuation in the first 60 characters: the derived title is clipped at 48, so every
      // line derives the same one and the suffix telling them apart must fit beside it.
      const opening = '背景 随着预训练语言模型进入大模型时代其参数量愈发庞大全量微调的成本变得难以承受而且还在一直增长下去没有尽头';
      const lines: string[] = ['INCOMING TRANSMISSION', '', 'LATEST UPDATES', ''];
      const count = Math.max(2, Math.ceil(n / 80));
      for (let i = 0; i < count; i++) lines.push(`${opening} 方法${i.toString(36)} 用不同的方式解决`);
      return lines.join('\n') + '\n';
    },
  },
  {
    id: 'shared-openings-rss',
    name: 'RSS: untitled items with links sharing a long opening',
    ext: 'xml',
    body: (n) => {
      const opening = 'Overview Parameter efficient fine tuning of large language models keeps most weights frozen and ';
      const count = Math.max(2, Math.ceil(n / 140));
      return rssFeed(
        Array.from({ length: count }, (_, i) => ({
          description: `${opening}variant${i} trains something else`,
          link: `https://example.com/peft/${i}`,
        })),
      );
    },
  },
  {
    id: 'many-small-items',
    name: 'many tiny untitled items with the same derived title',
    ext: 'json',
    body: (n) =>
      jsonFeed(Array.from({ length: Math.max(2, Math.ceil(n / 60)) }, (_, i) => ({ id: `i${i}`, content_text: `Same heading ${i}` }))),
  },
];
