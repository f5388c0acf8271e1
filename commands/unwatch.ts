// /unwatch <n|query> — stop a keyword alert, by its number in /watches or by its query (admins in groups).
import type { BotCommand } from '../src/services';
import { t } from '../src/i18n/catalog';
import { MAX_WATCH_QUERY_LENGTH } from '../src/core/limits';

const unwatch: BotCommand = {
  name: 'unwatch',
  description: 'unwatch.description',
  permission: 'channel-admin',
  options: [
    {
      name: 'watch',
      type: 'string',
      required: true,
      variadic: true,
      autocomplete: 'watch',
      maxLength: MAX_WATCH_QUERY_LENGTH,
      description: 'unwatch.option.watch',
    },
  ],
  run(ctx) {
    const removed = ctx.services.watches.remove(ctx.channel, String(ctx.args.watch ?? ''));
    const queries = removed.map((w) => `"${w.query}"`).join(', ');
    return { kind: 'info', blocks: [{ kind: 'text', text: t(ctx.locale, 'unwatch.done', { queries }) }] };
  },
};

export default unwatch;
