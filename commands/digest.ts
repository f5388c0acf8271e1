// /digest — preview what this channel's next digest would hold (marks nothing as sent).
import type { BotCommand } from '../src/services';

const digest: BotCommand = {
  name: 'digest',
  description: 'digest.description',
  permission: 'everyone',
  deferred: true,
  options: [],
  run(ctx) {
    return ctx.services.digest.preview(ctx.channel, ctx.locale);
  },
};

export default digest;
