// /digest [date] — without a date, what this channel's next digest would hold so far and when
// it is due (marks nothing as sent); with one (yesterday, 2026-12-05, 12-05…), that day's
// digest as it was delivered, or why there was none.
import type { BotCommand } from '../src/services';
import { UserError } from '../src/core/errors';
import { clipQuote } from '../src/core/quote';
import { parseDayInput } from '../src/core/day-input';
import { localDayKey } from '../src/core/schedule-time';

const digest: BotCommand = {
  name: 'digest',
  description: 'digest.description',
  permission: 'everyone',
  deferred: true,
  options: [{ name: 'date', type: 'string', maxLength: 20, description: 'digest.option.date' }],
  run(ctx) {
    const { services } = ctx;
    const word = ctx.args.date === undefined ? '' : String(ctx.args.date).trim();
    if (!word) return services.digest.preview(ctx.channel, ctx.locale);
    // Days are the subscription's local days, as its digests are keyed.
    const zone = services.subscriptions.get(ctx.channel)?.timezone ?? services.config.digest.defaultTimeZone;
    const today = localDayKey(new Date(services.clock()), zone);
    const day = parseDayInput(word, today);
    if (!day) throw new UserError('digest.bad-date', { word: clipQuote(word) });
    if (day > today) throw new UserError('digest.future-date', { day });
    return services.digest.history(ctx.channel, day, ctx.locale);
  },
};

export default digest;
