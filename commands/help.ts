// /help (also /start) — what the bot does and every command in one line each.
import type { BotCommand } from '../src/services';
import { t } from '../src/i18n/catalog';

const help: BotCommand = {
  name: 'help',
  aliases: ['start'],
  description: 'help.description',
  permission: 'everyone',
  options: [],
  run(ctx) {
    const lines = ctx.services.commands().map((c) => {
      const usage = c.options.map((o) => (o.required ? `<${o.name}>` : `[${o.name}]`)).join(' ');
      return { label: `/${c.name}${usage ? ' ' + usage : ''}`, value: t(ctx.locale, c.description) };
    });
    return {
      title: 'feedbot',
      kind: 'info',
      blocks: [
        { kind: 'text', text: t(ctx.locale, 'help.intro') },
        { kind: 'fields', items: lines },
        { kind: 'text', style: 'muted', text: t(ctx.locale, 'help.examples') },
        { kind: 'text', style: 'muted', text: t(ctx.locale, 'watch.rule', { mentions: ctx.services.watches.minMentions }) },
      ],
    };
  },
};

export default help;
