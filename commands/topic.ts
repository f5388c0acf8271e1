// /topic [name] [page] — every topic with its count, or one topic's articles, newest first.
import type { BotCommand } from '../src/services';
import { t as text } from '../src/i18n/catalog';
import { UserError } from '../src/core/errors';
import { articleView } from '../src/core/reply';
import { clipQuote } from '../src/core/quote';

const PAGE_SIZE = 5;

const topic: BotCommand = {
  name: 'topic',
  aliases: ['topics'],
  description: 'topic.description',
  permission: 'everyone',
  deferred: true,
  options: [
    { name: 'name', type: 'string', variadic: true, autocomplete: 'topic', maxLength: 100, description: 'topic.option.name' },
    { name: 'page', type: 'integer', min: 1, max: 10000, maxLength: 10, description: 'option.page' },
  ],
  run(ctx) {
    const { topics, store } = ctx.services;
    const list = topics.list();
    const listing = list.map((t) => ({ label: `${t.name[ctx.locale]} (${t.id})`, value: String(t.count) }));
    if (ctx.args.name === undefined) {
      return {
        title: text(ctx.locale, 'topic.list-title'),
        kind: 'list',
        blocks: [
          { kind: 'fields', items: listing },
          { kind: 'text', style: 'muted', text: text(ctx.locale, 'topic.list-hint') },
        ],
      };
    }
    const t = topics.resolve(String(ctx.args.name));
    if (!t) {
      const valid = list.map((x) => `${x.id} (${x.name[ctx.locale]})`).join(', ');
      throw new UserError('topics.unknown', { name: clipQuote(String(ctx.args.name)), topics: valid });
    }
    const page = Number(ctx.args.page ?? 1);
    const { total, items } = store.byTopic(t.id, PAGE_SIZE, (page - 1) * PAGE_SIZE);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    if (total === 0) {
      return { kind: 'info', blocks: [{ kind: 'text', text: text(ctx.locale, 'topic.empty', { name: t.name }) }] };
    }
    if (page > pages) throw new UserError('topic.only-pages', { pages });
    const name = (id: string) => topics.name(id, ctx.locale);
    return {
      title: text(ctx.locale, 'topic.title', { name: t.name, total, page, pages }),
      kind: 'list',
      blocks: [{ kind: 'articles', items: items.map((a) => articleView(a, name)), startIndex: (page - 1) * PAGE_SIZE + 1 }],
      pagination: { command: 'topic', args: { name: t.id }, page, pages },
    };
  },
};

export default topic;
