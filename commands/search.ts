// /search <query> [topic] [page] — the archive, ranked, five a page.
import type { BotCommand } from '../src/core/services';
import { L } from '../src/core/i18n';
import { UserError } from '../src/core/errors';
import { articleView } from '../src/core/reply';
import { MAX_QUERY_LENGTH } from '../src/search/service';
import { clipQuote } from '../src/core/quote';

export const PAGE_SIZE = 5;

const search: BotCommand = {
  name: 'search',
  description: L('搜索全部文章(中文、英文、拼写错误都可以)', 'Search every article (Chinese, English, typos welcome)'),
  permission: 'everyone',
  options: [
    { name: 'query', type: 'string', required: true, variadic: true, maxLength: MAX_QUERY_LENGTH, description: L('搜索内容', 'What to search for') },
    { name: 'topic', type: 'string', autocomplete: 'topic', maxLength: 100, description: L('只在这个主题中搜索', 'Only search this topic') },
    { name: 'page', type: 'integer', min: 1, max: 1000, maxLength: 10, description: L('页码', 'Page number') },
  ],
  run(ctx) {
    const { search: index, topics } = ctx.services;
    const query = String(ctx.args.query ?? '');
    let topicId: string | undefined;
    if (ctx.args.topic !== undefined) {
      const t = topics.resolve(String(ctx.args.topic));
      if (!t) {
        const valid = topics.list().map((x) => `${x.id} (${x.name[ctx.locale]})`).join(', ');
        const asked = clipQuote(String(ctx.args.topic));
        throw new UserError(L(`没有主题 "${asked}"。可用的主题: ${valid}`, `There is no topic "${asked}". Topics: ${valid}`));
      }
      topicId = t.id;
    }
    const page = Number(ctx.args.page ?? 1);
    const res = index.search(query, { topic: topicId, page, pageSize: PAGE_SIZE });
    const name = (id: string) => topics.name(id, ctx.locale);
    if (res.total === 0) {
      const close = index.suggest(query);
      const topicHint = topics.list().slice(0, 7).map((t) => t.name[ctx.locale]).join(', ');
      const tips =
        ctx.locale === 'zh'
          ? `没有找到与"${res.query}"相关的文章。${close.length ? `试试: ${close.join('、')}。` : ''}也可以按主题浏览: /topic(${topicHint})`
          : `No articles found for "${res.query}". ${close.length ? `Try: ${close.join(', ')}. ` : ''}Or browse by topic: /topic (${topicHint})`;
      return { blocks: [{ kind: 'text', text: tips }], kind: 'info' };
    }
    if (page > res.pages) {
      throw new UserError(L(`只有 ${res.pages} 页结果。`, `There are only ${res.pages} page(s) of results.`));
    }
    // "1000+": past that many matches only the newest are read from the whole-text index (see README).
    const total = `${res.total}${res.more ? '+' : ''}`;
    const title =
      ctx.locale === 'zh'
        ? `"${res.query}" 的搜索结果 · 共 ${total} 篇 · 第 ${res.page}/${res.pages} 页`
        : `Results for "${res.query}" · ${total} found · page ${res.page}/${res.pages}`;
    return {
      title,
      kind: 'list',
      blocks: [{ kind: 'articles', items: res.items.map((a) => articleView(a, name)), startIndex: (res.page - 1) * PAGE_SIZE + 1 }],
      pagination: { command: 'search', args: { query: res.query, ...(topicId ? { topic: topicId } : {}) }, page: res.page, pages: res.pages },
    };
  },
};

export default search;
