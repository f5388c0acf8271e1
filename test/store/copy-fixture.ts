// A store as a running bot leaves it, for the migrate-store tests: articles (Chinese, English,
// an edited one, one very long, one deleted at the end of the numbering), their topics, feed
// state, subscriptions (active, paused, advanced), the digest ledger (sent, pending with one
// part confirmed, empty), watches, alerts (sent and pending), seen updates and a role lease —
// all written through the store's own classes.
import type { Reply } from '../../src/core/types';
import { DigestLedger } from '../../src/digest/ledger';
import { FeedStateStore } from '../../src/feeds/state';
import { ArticleStore, type PreparedArticle } from '../../src/store/articles';
import type { DB } from '../../src/store/db';
import { RoleLeases } from '../../src/store/roles';
import { SeenUpdates } from '../../src/store/seen-updates';
import { SubscriptionStore } from '../../src/store/subscriptions';
import { WatchStore } from '../../src/store/watches';
import { AlertLedger } from '../../src/watch/ledger';

export const T0 = Date.parse('2026-05-04T07:00:00Z');
const TOPICS = ['cv', 'nlp', 'llm', 'rl', 'generative'];

export function article(i: number, summary?: string): PreparedArticle {
  const zh = i % 2 === 0;
  return {
    id: `a${i.toString(36).padStart(6, '0')}`,
    dedupKey: `guid:https://blog.example/p/${i}`,
    source: 'https://blog.example/feed.xml',
    guid: `https://blog.example/p/${i}`,
    url: i % 7 === 0 ? null : `https://blog.example/p/${i}?q="x"&y='z'`,
    title: zh ? `第${i}篇：扩散模型与Transformer的注意力机制 🚀` : `Post ${i}: "Attention" isn't all you need`,
    summary:
      summary ??
      (zh
        ? `这是第${i}篇文章的正文，讨论卷积神经网络（CNN）和强化学习。\n第二段：PyTorch 代码示例。`
        : `Body of post ${i}.\nTabs\tand 'quotes'.`),
    contentHash: `h${i}`,
    categories: zh ? ['深度学习', 'CV'] : [],
    topics: [TOPICS[i % TOPICS.length]!, ...(i % 3 === 0 ? [TOPICS[(i + 1) % TOPICS.length]!] : [])],
    publishedAt: i % 5 === 0 ? null : new Date(T0 - i * 60_000).toISOString(),
  };
}

const part = (text: string): Reply => ({ kind: 'digest', blocks: [{ kind: 'text', text }] });

export interface Populated {
  articles: number;
  /** The seq the deleted last article had: the next one must come after it. */
  deletedSeq: number;
  pendingDigestId: number;
}

/** Fills a migrated, empty store; `articles` of them (at least 10). */
export function populate(db: DB, articles: number): Populated {
  const store = new ArticleStore(db);
  const subs = new SubscriptionStore(db);
  let now = T0;
  db.transaction(() => {
    for (let i = 1; i <= articles; i++) store.upsert(article(i, i === 3 ? '长文'.repeat(50_000) : undefined), (now += 1000));
    // An edit a reader notices: the article gets an edit sequence number.
    store.upsert(
      { ...article(2), contentHash: 'h2-edited', summary: '完全改写的正文：生成对抗网络（GAN）的训练技巧与稳定性。' },
      (now += 1000),
    );
  })();
  // The newest article deleted: AUTOINCREMENT never gives its seq out again, nor may the copy.
  const deletedSeq = store.upsert(article(articles + 1), (now += 1000)).article.seq;
  db.prepare('DELETE FROM articles WHERE seq = ?').run(deletedSeq);

  const feeds = new FeedStateStore(db);
  feeds.set('https://blog.example/feed.xml', { etag: 'W/"abc"', lastModified: 'Mon, 04 May 2026 07:00:00 GMT', bodyHash: 'f00d' });
  feeds.recordError('https://other.example/atom', 'HTTP 503 服务不可用');

  const now0 = store.watermarkNow();
  const head = { seq: now0.seq, at: now0.firstSeenAt };
  subs.subscribe({ channel: 'telegram:-100123', time: '09:00', timezone: 'Asia/Shanghai', topics: ['cv', 'llm'], locale: 'zh' }, head, now);
  subs.subscribe(
    { channel: 'discord:42', time: '18:30', timezone: 'Europe/Berlin', topics: [], locale: 'en', always: true, createdBy: 'u1' },
    { seq: 3, at: T0 + 3000 },
    now,
  );
  subs.subscribe({ channel: 'console:x', time: '07:00', timezone: 'UTC', topics: [], locale: 'en' }, { seq: 1, at: T0 + 1000 }, now);
  subs.pause('console:x', { code: 'refused', detail: 'bot was kicked' }, now + 5);

  const digests = new DigestLedger(db, subs);
  const sent = digests.insert({
    channel: 'discord:42',
    day: '2026-05-03',
    articleIds: ['a000001', 'a000002'],
    upTo: { seq: 5, at: T0 + 5000 },
    parts: [part('昨日摘要 1/1')],
    plannedAt: now,
  });
  digests.confirmPart(sent.id, 0, 'msg-1', now + 10);
  const pending = digests.insert({
    channel: 'discord:42',
    day: '2026-05-04',
    articleIds: ['a000003', 'a000004'],
    upTo: { seq: 8, at: T0 + 8000 },
    updatedIds: ['a000002'],
    editsUpTo: 1,
    parts: [part('今日摘要 1/2'), part('今日摘要 2/2')],
    plannedAt: now + 20,
  });
  digests.confirmPart(pending.id, 0, 'msg-2', now + 30);
  digests.recordFailure(pending.id, '429 rate limited');
  digests.insert({ channel: 'telegram:-100123', day: '2026-05-04', articleIds: [], upTo: head, parts: [], plannedAt: now + 40 });

  const watches = new WatchStore(db);
  watches.add({ channel: 'telegram:-100123', query: '扩散模型', queryKey: '扩散模型', topic: null, locale: 'zh' }, head.seq, now);
  watches.add(
    { channel: 'discord:42', query: 'Attention', queryKey: 'attention', topic: 'nlp', locale: 'en', createdBy: 'u2' },
    head.seq,
    now,
  );
  const alerts = new AlertLedger(db);
  const a1 = alerts.insert({
    channel: 'discord:42',
    fromSeq: 1,
    upToSeq: 4,
    articleIds: ['a000001'],
    parts: [part('提醒：扩散模型')],
    plannedAt: now + 50,
  });
  alerts.confirmPart(a1.id, 0, 'msg-3', now + 60);
  alerts.insert({
    channel: 'discord:42',
    fromSeq: 4,
    upToSeq: 9,
    articleIds: ['a000005', 'a000006'],
    parts: [part('alert 1/2'), part('alert 2/2')],
    plannedAt: now + 70,
  });

  new SeenUpdates(db).firstTime('telegram:update:777', now);
  new RoleLeases(db).take('feed-poller', 'host:1234:old', now, 30_000);
  return { articles, deletedSeq, pendingDigestId: pending.id };
}
