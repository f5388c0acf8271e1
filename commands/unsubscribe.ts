// /unsubscribe — stop this channel's daily digest (admins only).
import type { BotCommand } from '../src/services';
import { t } from '../src/i18n/catalog';

const unsubscribe: BotCommand = {
  name: 'unsubscribe',
  description: 'unsubscribe.description',
  permission: 'channel-admin',
  options: [],
  run(ctx) {
    const removed = ctx.services.subscriptions.unsubscribe(ctx.channel);
    return { kind: 'info', blocks: [{ kind: 'text', text: t(ctx.locale, removed ? 'unsubscribe.done' : 'unsubscribe.none') }] };
  },
};

export default unsubscribe;
