// Test doubles for keyword alerts, on the digest tests' environment (real SQLite file, virtual
// time, a recording sender): watches, articles with chosen text, and the alert runtime wired
// as the bot wires it (the digests' send queue and pacing).
import type { Article } from '../../src/store/types';
import type { Reply } from '../../src/core/types';
import { WatchStore } from '../../src/store/watches';
import { createSendQueue } from '../../src/digest/send-queue';
import { createWatchMatcher } from '../../src/watch/matcher';
import { normalizeForMatch } from '../../src/search/normalize';
import { createAlertRuntime, type AlertRuntime, type AlertRuntimeDeps } from '../../src/watch/runtime';
import { makeEnv, type Env, type Proc } from '../digest/helpers';

export { fault, flush, perBlock, shownIds } from '../digest/helpers';

export interface WatchEnv extends Env {
  watches: WatchStore;
  watch(channel: string, query: string, topic?: string): void;
  /** Stores articles (through `proc`, another process's connection, when given). */
  add(specs: { title: string; text?: string; topics?: string[] }[], proc?: Proc): Article[];
  alerts(over?: Partial<AlertRuntimeDeps> & { proc?: Proc }): AlertRuntime;
}

export const CHECK_MS = 60_000;

export function makeWatchEnv(start = '2026-05-04T07:00:00Z', opts: Parameters<typeof makeEnv>[1] = {}): WatchEnv {
  const env = makeEnv(start, opts);
  const watches = new WatchStore(env.db);
  let n = 0;
  return {
    ...env,
    watches,
    watch(channel, query, topic) {
      watches.add(
        { channel, query, queryKey: normalizeForMatch(query), topic: topic ?? null, locale: 'en' },
        env.store.watermarkNow().seq,
        env.time.now,
      );
    },
    add(specs, proc) {
      const store = (proc ?? env).store;
      return specs.map((s) => {
        const i = ++n;
        return store.upsert(
          {
            id: `w${i}`,
            dedupKey: `wk${i}`,
            source: 'test',
            guid: `wg${i}`,
            url: `https://example.com/w/${i}`,
            title: s.title,
            summary: s.text ?? `Notes number ${i}, with enough words to make a snippet of their own.`,
            contentHash: `wh${i}`,
            categories: [],
            topics: s.topics ?? [],
            publishedAt: null,
          },
          env.time.now,
        ).article;
      });
    },
    alerts(over = {}) {
      const { proc = env, ...rest } = over;
      const { time, sender } = env;
      const every = (ms: number, fn: () => void) => {
        let cancel = () => {};
        const arm = () => {
          cancel = time.timers.at(new Date(time.now + ms), () => {
            fn();
            arm();
          });
        };
        arm();
        return () => cancel();
      };
      return createAlertRuntime({
        db: proc.db,
        store: proc.store,
        watches: proc === env ? watches : new WatchStore(proc.db),
        topics: proc.topics,
        matcher: createWatchMatcher(),
        sender,
        queue: createSendQueue({ clock: time.clock, sleep: time.sleep, pacing: (p) => sender.pacing(p) }),
        holder: 'bot-a',
        clock: time.clock,
        log: env.log,
        maxEntries: 10,
        checkEveryMs: CHECK_MS,
        sleep: time.sleep,
        every,
        ...rest,
      });
    },
  };
}

/** The watch notes of every article listed in a reply, in order: `title → note`. */
export function notesOf(replies: Reply[]): string[] {
  return replies.flatMap((r) => r.blocks.flatMap((b) => (b.kind === 'articles' ? b.items.map((i) => `${i.title} → ${i.note ?? ''}`) : [])));
}
