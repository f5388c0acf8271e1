// /digest's answer: the digest a channel would get if it went out now. Reads only.
import type { Locale, Reply } from '../core/types';
import type { ArticleStore } from '../store/articles';
import type { SubscriptionStore } from '../store/subscriptions';
import type { TopicRegistry } from '../topics/registry';
import { localDayKey } from '../core/schedule-time';
import { t } from '../i18n/catalog';
import { renderDigest, selectDigest, type NotesFor } from './build';

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
  notesFor?: NotesFor;
}

export function createDigestPreviewer(deps: PreviewDeps): DigestPreviewer {
  return {
    preview(channel: string, locale: Locale): Reply {
      const sub = deps.subscriptions.get(channel);
      if (!sub) {
        return { kind: 'info', blocks: [{ kind: 'text', text: t(locale, 'digest.no-subscription') }] };
      }
      const selection = selectDigest(deps.store.seenAfter(sub.watermarkSeq), sub.topics, deps.maxEntries);
      return renderDigest({
        selection,
        topicFilter: sub.topics,
        locale,
        topicName: (id) => deps.topics.name(id, locale),
        day: localDayKey(new Date(deps.clock()), sub.timezone),
        preview: true,
        notes: deps.notesFor?.(channel, locale),
      });
    },
  };
}
