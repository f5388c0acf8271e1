// /digest's answer: the digest a channel would get if it went out now. Reads only.
import type { Locale, Reply } from '../core/types';
import type { ArticleStore } from '../store/articles';
import type { SubscriptionStore } from '../store/subscriptions';
import type { TopicRegistry } from '../topics/registry';
import { localDayKey } from '../core/schedule-time';
import { renderDigest, selectDigest } from './build';

export interface DigestPreviewer {
  /** The digest this channel would get now; marks nothing as delivered. */
  preview(channel: string, locale: Locale): Reply;
}

export interface PreviewDeps {
  store: ArticleStore;
  subscriptions: SubscriptionStore;
  topics: TopicRegistry;
  clock: () => number;
  maxEntries: number;
}

export function createDigestPreviewer(deps: PreviewDeps): DigestPreviewer {
  return {
    preview(channel: string, locale: Locale): Reply {
      const sub = deps.subscriptions.get(channel);
      if (!sub) {
        const text =
          locale === 'zh'
            ? '本频道还没有订阅每日摘要。管理员可以发送 /subscribe 09:00 Asia/Shanghai 订阅;订阅后,摘要会包含之后新出现的文章。'
            : 'This channel has no digest subscription. An admin can send /subscribe 09:00 Asia/Shanghai; digests then hold the articles that arrive after that.';
        return { kind: 'info', blocks: [{ kind: 'text', text }] };
      }
      const selection = selectDigest(deps.store.seenAfter(sub.watermarkSeq), sub.topics, deps.maxEntries);
      return renderDigest({
        selection,
        topicFilter: sub.topics,
        locale,
        topicName: (id) => deps.topics.name(id, locale),
        day: localDayKey(new Date(deps.clock()), sub.timezone),
        preview: true,
      });
    },
  };
}
