// /topic [name] [page] — every topic with its count, or one topic's articles, newest first.
import type { BotCommand } from '../src/core/services';
import { L } from '../src/core/i18n';
import { UserError } from '../src/core/errors';
import { articleView } from '../src/core/reply';
import { clipQuote } from '../src/core/quote';

const PAGE_SIZE = 5;

const topic: BotCommand = {
  name: 'topic',
  aliases: ['topics'],
  description: L('按主题浏览文章', 'Browse articles by topic'),
  permission: 'everyone',
  options: [
    { name: 'name', type: 'string', variadic: true, autocomplete: 'topic', maxLength: 100, description: L('主题(id、中文名、英文名或别名)', 'Topic (id, Chinese or English name, or alias)') },
    { name: 'page', type: 'integer', min: 1, max: 10000, maxLength: 10, description: L('页码', 'Page number') },
  ],
  run(ctx) {
    const { topics, store } = ctx.services;
    const list = topics.list();
    const listing = list.map((t) => ({ label: `${t.name[ctx.locale]} (${t.id})`, value: String(t.count) }));
    if (ctx.args.name === undefined) {
      return {
        title: ctx.locale === 'zh' ? '主题与文章数' : 'Topics and article counts',
        kind: 'list',
        blocks: [
          { kind: 'fields', items: listing },
          { kind: 'text', style: 'muted', text: ctx.locale === 'zh' ? '发送 /topic <主题> 查看该主题的文章,例如 /topic 大模型' : 'Send /topic <name> to see its articles, e.g. /topic llm' },
        ],
      };
    }
    const t = topics.resolve(String(ctx.args.name));
    if (!t) {
      const valid = list.map((x) => `${x.id} (${x.name[ctx.locale]})`).join(', ');
      const asked = clipQuote(String(ctx.args.name));
      throw new UserError(L(`没有主题 "${asked}"。可用的主题: ${valid}`, `There is no topic "${asked}". Topics: ${valid}`));
    }
    const page = Number(ctx.args.page ?? 1);
    const { total, items } = store.byTopic(t.id, PAGE_SIZE, (page - 1) * PAGE_SIZE);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    if (total === 0) {
      return { kind: 'info', blocks: [{ kind: 'text', text: ctx.locale === 'zh' ? `主题"${t.name.zh}"还没有文章。` : `No articles in "${t.name.en}" yet.` }] };
    }
    if (page > pages) throw new UserError(L(`这个主题只有 ${pages} 页。`, `This topic has only ${pages} page(s).`));
    const name = (id: string) => topics.name(id, ctx.locale);
    return {
      title: ctx.locale === 'zh' ? `${t.name.zh} · 共 ${total} 篇 · 第 ${page}/${pages} 页` : `${t.name.en} · ${total} articles · page ${page}/${pages}`,
      kind: 'list',
      blocks: [{ kind: 'articles', items: items.map((a) => articleView(a, name)), startIndex: (page - 1) * PAGE_SIZE + 1 }],
      pagination: { command: 'topic', args: { name: t.id }, page, pages },
    };
  },
};

export default topic;
