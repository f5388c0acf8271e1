// /watches — this chat's keyword alerts, numbered for /unwatch.
import type { BotCommand } from '../src/services';
import { t } from '../src/i18n/catalog';
import type { Block } from '../src/core/types';

const watches: BotCommand = {
  name: 'watches',
  description: 'watches.description',
  permission: 'everyone',
  options: [],
  run(ctx) {
    const { watches: service, topics } = ctx.services;
    const { watches: list, chat } = service.list(ctx.channel);
    if (!list.length) return { kind: 'info', blocks: [{ kind: 'text', text: t(ctx.locale, 'watches.none') }] };
    const blocks: Block[] = [
      {
        kind: 'fields',
        items: list.map((w, i) => ({ label: `${i + 1}`, value: w.topic ? `${w.query} · ${topics.name(w.topic, ctx.locale)}` : w.query })),
      },
    ];
    if (chat?.status === 'paused') blocks.push({ kind: 'text', text: t(ctx.locale, 'watches.paused') });
    blocks.push({ kind: 'text', style: 'muted', text: t(ctx.locale, 'watches.hint') });
    return { kind: 'info', title: t(ctx.locale, 'watches.title', { count: list.length, max: service.max }), blocks };
  },
};

export default watches;
