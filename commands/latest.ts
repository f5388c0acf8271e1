// /latest [n] — the newest articles the bot has seen.
import type { BotCommand } from '../src/core/services';
import { L } from '../src/core/i18n';
import { articleView } from '../src/core/reply';

const latest: BotCommand = {
  name: 'latest',
  description: L('最新的文章', 'The newest articles'),
  permission: 'everyone',
  options: [{ name: 'n', type: 'integer', min: 1, max: 20, maxLength: 10, description: L('显示几篇(1–20,默认 5)', 'How many (1–20, default 5)') }],
  run(ctx) {
    const n = Number(ctx.args.n ?? 5);
    const items = ctx.services.store.latest(n);
    if (!items.length) {
      return { kind: 'info', blocks: [{ kind: 'text', text: ctx.locale === 'zh' ? '还没有任何文章。' : 'No articles yet.' }] };
    }
    const name = (id: string) => ctx.services.topics.name(id, ctx.locale);
    return {
      title: ctx.locale === 'zh' ? `最新 ${items.length} 篇文章` : `The ${items.length} newest articles`,
      kind: 'list',
      blocks: [{ kind: 'articles', items: items.map((a) => articleView(a, name)) }],
    };
  },
};

export default latest;
