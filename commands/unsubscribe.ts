// /unsubscribe — stop this channel's daily digest (admins only).
import type { BotCommand } from '../src/services';
import { L } from '../src/core/i18n';

const unsubscribe: BotCommand = {
  name: 'unsubscribe',
  description: L('取消本频道的每日摘要(管理员)', "Stop this channel's daily digest (admins)"),
  permission: 'channel-admin',
  options: [],
  run(ctx) {
    const removed = ctx.services.subscriptions.unsubscribe(ctx.channel);
    const text = removed
      ? L('已取消订阅,本频道不会再收到每日摘要。', 'Unsubscribed: this channel will get no more digests.')
      : L('本频道没有订阅,无需取消。', 'This channel has no subscription to cancel.');
    return { kind: 'info', blocks: [{ kind: 'text', text: text[ctx.locale] }] };
  },
};

export default unsubscribe;
