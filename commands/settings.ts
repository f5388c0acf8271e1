// /settings — this channel's digest subscription, including why it is paused.
import type { BotCommand, Services } from '../src/services';
import type { Block, Locale } from '../src/core/types';
import { t } from '../src/i18n/catalog';
import type { Subscription } from '../src/store/subscriptions';
import { nextOccurrence, parseHHMM } from '../src/core/schedule-time';
import { DateTime } from 'luxon';

export function describeSubscription(sub: Subscription, locale: Locale, services: Services): Block {
  const time = parseHHMM(sub.time)!;
  const next = nextOccurrence(new Date(services.clock()), time, sub.timezone);
  const nextLocal = DateTime.fromJSDate(next).setZone(sub.timezone).toFormat('yyyy-MM-dd HH:mm');
  const topics = sub.topics.length ? sub.topics.map((id) => services.topics.name(id, locale)).join(', ') : t(locale, 'settings.all-topics');
  const status =
    sub.status === 'active' ? t(locale, 'settings.active') : `${t(locale, 'settings.paused')}${sub.pausedReason ? ` — ${sub.pausedReason}` : ''}`;
  return {
    kind: 'fields',
    items: [
      { label: t(locale, 'settings.time'), value: `${sub.time} ${sub.timezone}` },
      { label: t(locale, 'settings.topics'), value: topics },
      { label: t(locale, 'settings.quiet-days'), value: t(locale, sub.always ? 'settings.send-anyway' : 'settings.skip') },
      { label: t(locale, 'settings.status'), value: status },
      ...(sub.status === 'active' ? [{ label: t(locale, 'settings.next'), value: `${nextLocal} (${sub.timezone})` }] : []),
    ],
  };
}

const settings: BotCommand = {
  name: 'settings',
  description: 'settings.description',
  permission: 'everyone',
  options: [],
  run(ctx) {
    const sub = ctx.services.subscriptions.get(ctx.channel);
    if (!sub) {
      return {
        kind: 'info',
        blocks: [{ kind: 'text', text: t(ctx.locale, 'settings.none') }],
      };
    }
    const blocks: Block[] = [describeSubscription(sub, ctx.locale, ctx.services)];
    if (sub.status === 'paused') {
      blocks.push({ kind: 'text', style: 'muted', text: t(ctx.locale, 'settings.resume-hint') });
    }
    return { title: t(ctx.locale, 'settings.title'), kind: 'info', blocks };
  },
};

export default settings;
