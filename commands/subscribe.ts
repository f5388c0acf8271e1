// /subscribe [HH:MM] [timezone] [topics…] — daily digests for this channel (admins only).
import type { BotCommand, Services } from '../src/core/services';
import { L } from '../src/core/i18n';
import { UserError } from '../src/core/errors';
import { clipQuote } from '../src/core/quote';
import { canonicalTimeZone, formatHHMM, parseHHMM } from '../src/digest/schedule-time';
import { describeSubscription } from './settings';

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
      throw new UserError(L(`"${w}" 不是有效的时间,请用 24 小时制 HH:MM,例如 09:00`, `"${w}" is not a valid time; use 24-hour HH:MM, e.g. 09:00`));
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
      throw new UserError(L(`"${w}" 不是有效的时区,请使用 IANA 时区名,例如 Asia/Shanghai、Europe/Berlin`, `"${w}" is not a valid time zone; use an IANA name such as Asia/Shanghai or Europe/Berlin`));
    }
    const valid = services.topics.list().map((t) => t.id).join(', ');
    throw new UserError(L(`无法识别 "${w}":它不是时间(HH:MM)、时区或主题。可用的主题: ${valid}`, `Can't tell what "${w}" is: not a time (HH:MM), a time zone or a topic. Topics: ${valid}`));
  }
  return wanted;
}

const subscribe: BotCommand = {
  name: 'subscribe',
  description: L('为本频道订阅每日摘要(管理员)', 'Subscribe this channel to a daily digest (admins)'),
  permission: 'channel-admin',
  options: [
    { name: 'time', type: 'string', maxLength: 10, description: L('每天发送的时间,HH:MM(默认 09:00)', 'Time of day, HH:MM (default 09:00)') },
    { name: 'timezone', type: 'string', maxLength: 64, autocomplete: 'timezone', description: L('时区,例如 Asia/Shanghai', 'Time zone, e.g. Asia/Shanghai') },
    { name: 'topics', type: 'string', variadic: true, maxLength: 300, autocomplete: 'topic', description: L('只要这些主题(可选,空格分隔)', 'Only these topics (optional, space-separated)') },
  ],
  run(ctx) {
    const { subscriptions, store, config, clock } = ctx.services;
    const words = [ctx.args.time, ctx.args.timezone, ctx.args.topics].filter((v) => v !== undefined).flatMap((v) => String(v).split(/[\s,，]+/)).filter(Boolean);
    const wanted = interpretWords(words, ctx.services);
    const existing = subscriptions.get(ctx.channel);
    const mark = store.watermarkNow();
    const { sub, created } = subscriptions.subscribe(
      {
        channel: ctx.channel,
        time: wanted.time ?? existing?.time ?? config.digest.defaultTime,
        timezone: wanted.timezone ?? existing?.timezone ?? config.digest.defaultTimeZone,
        topics: wanted.topics.length || !existing ? wanted.topics : existing.topics,
        locale: ctx.locale,
        always: wanted.always || (existing?.always ?? false),
        createdBy: ctx.caller.id,
      },
      { seq: mark.seq, at: mark.firstSeenAt },
      clock(),
    );
    const head = created
      ? ctx.locale === 'zh' ? '✅ 已订阅每日摘要。' : '✅ Subscribed to the daily digest.'
      : existing?.status === 'paused'
        ? ctx.locale === 'zh' ? '✅ 订阅已恢复。' : '✅ Subscription resumed.'
        : ctx.locale === 'zh' ? '✅ 订阅已更新。' : '✅ Subscription updated.';
    return {
      kind: 'info',
      ephemeral: false,
      blocks: [{ kind: 'text', text: head }, describeSubscription(sub, ctx.locale, ctx.services)],
    };
  },
};

export default subscribe;
