// /settings — this channel's digest subscription, including why it is paused.
import type { BotCommand, Services } from '../src/services';
import type { Block, Locale } from '../src/core/types';
import { L } from '../src/core/i18n';
import type { Subscription } from '../src/store/subscriptions';
import { nextOccurrence, parseHHMM } from '../src/core/schedule-time';
import { DateTime } from 'luxon';

export function describeSubscription(sub: Subscription, locale: Locale, services: Services): Block {
  const zh = locale === 'zh';
  const time = parseHHMM(sub.time)!;
  const next = nextOccurrence(new Date(services.clock()), time, sub.timezone);
  const nextLocal = DateTime.fromJSDate(next).setZone(sub.timezone).toFormat('yyyy-MM-dd HH:mm');
  const topics = sub.topics.length ? sub.topics.map((t) => services.topics.name(t, locale)).join(', ') : zh ? '全部' : 'all';
  const status =
    sub.status === 'active' ? (zh ? '正常' : 'active') : `${zh ? '已暂停' : 'paused'}${sub.pausedReason ? ` — ${sub.pausedReason}` : ''}`;
  return {
    kind: 'fields',
    items: [
      { label: zh ? '时间' : 'Time', value: `${sub.time} ${sub.timezone}` },
      { label: zh ? '主题' : 'Topics', value: topics },
      { label: zh ? '无新文章时' : 'Quiet days', value: sub.always ? (zh ? '也发送' : 'send anyway') : zh ? '不发送' : 'skip' },
      { label: zh ? '状态' : 'Status', value: status },
      ...(sub.status === 'active' ? [{ label: zh ? '下一次' : 'Next digest', value: `${nextLocal} (${sub.timezone})` }] : []),
    ],
  };
}

const settings: BotCommand = {
  name: 'settings',
  description: L('查看本频道的摘要订阅设置', "Show this channel's digest settings"),
  permission: 'everyone',
  options: [],
  run(ctx) {
    const sub = ctx.services.subscriptions.get(ctx.channel);
    if (!sub) {
      return {
        kind: 'info',
        blocks: [{ kind: 'text', text: L('本频道还没有订阅。管理员可以发送 /subscribe 09:00 Asia/Shanghai 订阅每日摘要。', 'This channel has no subscription. An admin can send /subscribe 09:00 Asia/Shanghai to get a daily digest.')[ctx.locale] }],
      };
    }
    const blocks: Block[] = [describeSubscription(sub, ctx.locale, ctx.services)];
    if (sub.status === 'paused') {
      blocks.push({ kind: 'text', style: 'muted', text: L('管理员再次发送 /subscribe 即可恢复。', 'An admin can send /subscribe again to resume.')[ctx.locale] });
    }
    return { title: L('摘要订阅', 'Digest subscription')[ctx.locale], kind: 'info', blocks };
  },
};

export default settings;
