// /subscribe [HH:MM] [timezone] [topics…] — daily digests for this channel (admins only).
import type { BotCommand, Services } from '../src/services';
import { t } from '../src/i18n/catalog';
import { UserError } from '../src/core/errors';
import { clipQuote } from '../src/core/quote';
import { canonicalTimeZone, formatHHMM, parseHHMM } from '../src/core/schedule-time';
import { describeSubscription } from './settings';
import { DateTime } from 'luxon';
import { articleView } from '../src/core/reply';
import type { Block, Locale } from '../src/core/types';

/** How many recent articles a subscription's confirmation shows as a starter. */
export const STARTER_SIZE = 5;

interface Wanted {
  time?: string;
  timezone?: string;
  topics: string[];
  always: boolean;
}

/**
 * Words may come in any order on text platforms ("/subscribe cv 08:30"), so each word is
 * recognised by its shape: a time, a time zone, "always", or a topic.
 */
export function interpretWords(words: string[], services: Services): Wanted {
  const wanted: Wanted = { topics: [], always: false };
  const unknown: string[] = [];
  for (const w of words) {
    const time = parseHHMM(w);
    if (time) {
      wanted.time = formatHHMM(time);
      continue;
    }
    if (/^\d{1,2}[:：]\d{1,2}$/.test(w)) {
      // At most five characters by its shape: safe to quote whole.
      throw new UserError('subscribe.bad-time', { word: w });
    }
    const zone = w.includes('/') || /^(utc|gmt)$/i.test(w) ? canonicalTimeZone(w) : null;
    if (zone) {
      wanted.timezone = zone;
      continue;
    }
    if (/^(always|每天|总是)$/i.test(w)) {
      wanted.always = true;
      continue;
    }
    const topic = services.topics.resolve(w);
    if (topic) {
      if (!wanted.topics.includes(topic.id)) wanted.topics.push(topic.id);
      continue;
    }
    unknown.push(w);
  }
  if (unknown.length) {
    const w = clipQuote(unknown[0]!);
    if (unknown[0]!.includes('/')) {
      throw new UserError('subscribe.bad-zone', { word: w });
    }
    const valid = services.topics
      .list()
      .map((t) => t.id)
      .join(', ');
    throw new UserError('subscribe.unknown-word', { word: w, topics: valid });
  }
  return wanted;
}

const subscribe: BotCommand = {
  name: 'subscribe',
  description: 'subscribe.description',
  permission: 'channel-admin',
  options: [
    { name: 'time', type: 'string', maxLength: 10, description: 'subscribe.option.time' },
    { name: 'timezone', type: 'string', maxLength: 64, autocomplete: 'timezone', description: 'subscribe.option.timezone' },
    { name: 'topics', type: 'string', variadic: true, maxLength: 300, autocomplete: 'topic', description: 'subscribe.option.topics' },
  ],
  run(ctx) {
    const { subscriptions, store, config, clock } = ctx.services;
    const words = [ctx.args.time, ctx.args.timezone, ctx.args.topics]
      .filter((v) => v !== undefined)
      .flatMap((v) => String(v).split(/[\s,，]+/))
      .filter(Boolean);
    const wanted = interpretWords(words, ctx.services);
    const existing = subscriptions.get(ctx.channel);
    const mark = store.watermarkNow();
    // Through the lifecycle service: a paused subscription resumes without a flood of what it missed.
    const { sub, created, skipped, keptSince } = ctx.services.lifecycle.subscribe(
      {
        channel: ctx.channel,
        time: wanted.time ?? existing?.time ?? config.digest.defaultTime,
        timezone: wanted.timezone ?? existing?.timezone ?? config.digest.defaultTimeZone,
        topics: wanted.topics.length || !existing ? wanted.topics : existing.topics,
        locale: ctx.locale,
        always: wanted.always || (existing?.always ?? false),
        createdBy: ctx.caller.id,
      },
      // A new subscription starts after the newest article and the newest edit: its first digest
      // holds what arrives (or is edited) after subscribing.
      { seq: mark.seq, at: mark.firstSeenAt, editSeq: store.editWatermarkNow() },
      clock(),
    );
    const head = t(ctx.locale, created ? 'subscribe.created' : existing?.status === 'paused' ? 'subscribe.resumed' : 'subscribe.updated');
    const since = keptSince === null ? '' : DateTime.fromMillis(keptSince).setZone(sub.timezone).toFormat('yyyy-MM-dd HH:mm');
    return {
      kind: 'info',
      ephemeral: false,
      blocks: [
        { kind: 'text', text: head },
        ...(skipped > 0 && since
          ? [
              {
                kind: 'text' as const,
                style: 'muted' as const,
                text: t(ctx.locale, 'subscribe.resumed-skipped', { count: skipped, since }),
              },
            ]
          : []),
        describeSubscription(sub, ctx.locale, ctx.services),
        ...starter(sub.topics, ctx.services, ctx.locale),
      ],
    };
  },
};

/**
 * Something to read at once: the latest articles on the chosen topics, labelled as recent. They
 * are behind the watermark (already in the archive), so no digest repeats them.
 */
function starter(topics: string[], services: Services, locale: Locale): Block[] {
  const items = services.store.latestInTopics(topics, STARTER_SIZE);
  if (!items.length) return [];
  const name = (id: string) => services.topics.name(id, locale);
  return [
    { kind: 'articles', heading: t(locale, 'subscribe.starter-heading'), items: items.map((a) => articleView(a, name)) },
    { kind: 'text', style: 'muted', text: t(locale, 'subscribe.starter-note') },
  ];
}

export default subscribe;
