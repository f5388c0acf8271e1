// /digest — preview what this channel's next digest would hold (marks nothing as sent).
import type { BotCommand } from '../src/services';
import { L } from '../src/core/i18n';

const digest: BotCommand = {
  name: 'digest',
  description: L('预览本频道下一份摘要', "Preview this channel's next digest"),
  permission: 'everyone',
  deferred: true,
  options: [],
  run(ctx) {
    return ctx.services.digest.preview(ctx.channel, ctx.locale);
  },
};

export default digest;
