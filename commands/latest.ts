// /latest [n] — the newest articles the bot has seen.
import type { BotCommand } from '../src/services';
import { t } from '../src/i18n/catalog';
import { articleView } from '../src/core/reply';

const latest: BotCommand = {
  name: 'latest',
  description: 'latest.description',
  permission: 'everyone',
  deferred: true,
  options: [{ name: 'n', type: 'integer', min: 1, max: 20, maxLength: 10, description: 'latest.option.n' }],
  run(ctx) {
    const n = Number(ctx.args.n ?? 5);
    const items = ctx.services.store.latest(n);
    if (!items.length) {
      return { kind: 'info', blocks: [{ kind: 'text', text: t(ctx.locale, 'latest.empty') }] };
    }
    const name = (id: string) => ctx.services.topics.name(id, ctx.locale);
    return {
      title: t(ctx.locale, 'latest.title', { count: items.length }),
      kind: 'list',
      blocks: [{ kind: 'articles', items: items.map((a) => articleView(a, name)) }],
    };
  },
};

export default latest;
