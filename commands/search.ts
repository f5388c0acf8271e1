// /search <query> [topic] [page] — the archive, ranked, five a page.
import type { BotCommand } from '../src/services';
import { t } from '../src/i18n/catalog';
import { UserError } from '../src/core/errors';
import { articleView } from '../src/core/reply';
import { MAX_QUERY_LENGTH } from '../src/core/limits';
import { clipQuote } from '../src/core/quote';

export const PAGE_SIZE = 5;

const search: BotCommand = {
  name: 'search',
  description: 'search.description',
  permission: 'everyone',
  deferred: true,
  options: [
    { name: 'query', type: 'string', required: true, variadic: true, maxLength: MAX_QUERY_LENGTH, description: 'search.option.query' },
    { name: 'topic', type: 'string', autocomplete: 'topic', maxLength: 100, description: 'search.option.topic' },
    { name: 'page', type: 'integer', min: 1, max: 1000, maxLength: 10, description: 'option.page' },
  ],
  run(ctx) {
    const { search: index, topics } = ctx.services;
    const query = String(ctx.args.query ?? '');
    let topicId: string | undefined;
    if (ctx.args.topic !== undefined) {
      const t = topics.resolve(String(ctx.args.topic));
      if (!t) {
        const valid = topics
          .list()
          .map((x) => `${x.id} (${x.name[ctx.locale]})`)
          .join(', ');
        throw new UserError('topics.unknown', { name: clipQuote(String(ctx.args.topic)), topics: valid });
      }
      topicId = t.id;
    }
    const page = Number(ctx.args.page ?? 1);
    const res = index.search(query, { topic: topicId, page, pageSize: PAGE_SIZE });
    const name = (id: string) => topics.name(id, ctx.locale);
    if (res.total === 0) {
      const close = index.suggest(query);
      const topicHint = topics
        .list()
        .slice(0, 7)
        .map((t) => t.name[ctx.locale])
        .join(', ');
      const tips = t(ctx.locale, 'search.no-results', { query: res.query, suggestions: close, topics: topicHint });
      return { blocks: [{ kind: 'text', text: tips }], kind: 'info' };
    }
    if (page > res.pages) {
      throw new UserError('search.only-pages', { pages: res.pages });
    }
    // "1000+": past that many matches only the newest are read from the whole-text index (see README).
    const title = t(ctx.locale, 'search.title', {
      query: res.query,
      total: res.total,
      more: res.more === true,
      page: res.page,
      pages: res.pages,
    });
    return {
      title,
      kind: 'list',
      blocks: [{ kind: 'articles', items: res.items.map((a) => articleView(a, name)), startIndex: (res.page - 1) * PAGE_SIZE + 1 }],
      pagination: {
        command: 'search',
        args: { query: res.query, ...(topicId ? { topic: topicId } : {}) },
        page: res.page,
        pages: res.pages,
      },
    };
  },
};

export default search;
