// /settings — this channel's digest subscription, including why it is paused.
import type { BotCommand, Services } from '../src/services';
import type { Block, Locale } from '../src/core/types';
import { t } from '../src/i18n/catalog';
import { describePause } from '../src/core/lifecycle';
import type { Subscription } from '../src/store/subscriptions';
import { nextOccurrence, parseHHMM } from '../src/core/schedule-time';
import { DateTime } from 'luxon';

/** Why a paused subscription is paused, in the reader's language. */
export function pauseReason(sub: Subscription, locale: Locale): string {
  return describePause(sub.pausedCode, sub.pausedReason, locale);
}

export function describeSubscription(sub: Subscription, locale: Locale, services: Services): Block {
  const time = parseHHMM(sub.time)!;
  const next = nextOccurrence(new Date(services.clock()), time, sub.timezone);
  const nextLocal = DateTime.fromJSDate(next).setZone(sub.timezone).toFormat('yyyy-MM-dd HH:mm');
  const topics = sub.topics.length ? sub.topics.map((id) => services.topics.name(id, locale)).join(', ') : t(locale, 'settings.all-topics');
  const since = sub.pausedAt === null ? '' : DateTime.fromMillis(sub.pausedAt).setZone(sub.timezone).toFormat('yyyy-MM-dd HH:mm');
  const status =
    sub.status === 'active'
      ? t(locale, 'settings.active')
      : since
        ? t(locale, 'settings.paused-since', { since, why: pauseReason(sub, locale) })
        : `${t(locale, 'settings.paused')} — ${pauseReason(sub, locale)}`;
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
      const fix =
        sub.pausedCode === 'no-permission' ? 'settings.fix.no-permission' : sub.pausedCode === 'closed' ? 'settings.fix.closed' : null;
      const hint = t(ctx.locale, 'settings.resume-hint');
      blocks.push({ kind: 'text', style: 'muted', text: fix ? `${t(ctx.locale, fix)} ${hint}` : hint });
    }
    return { title: t(ctx.locale, 'settings.title'), kind: 'info', blocks };
  },
};

export default settings;
