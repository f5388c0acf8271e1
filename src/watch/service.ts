// What /watch, /watches and /unwatch (and Discord's autocomplete, and the digest's markers)
// ask of keyword alerts: validated adds and removals, a chat's list, and the watches a
// delivered article matched.
import { UserError } from '../core/errors';
import { MAX_WATCH_QUERY_LENGTH } from '../core/limits';
import { clipQuote } from '../core/quote';
import type { Choice, ChoiceLimits } from '../core/completions';
import type { Locale } from '../core/types';
import { normalizeForMatch } from '../search/normalize';
import type { ArticleStore } from '../store/articles';
import type { Watch, WatchChat, WatchStore } from '../store/watches';
import type { Article } from '../store/types';
import type { TopicRegistry } from '../topics/registry';
import { truncateToMeasure } from '../text/measure';
import type { WatchMatcher } from './matcher';
import { watchNote } from './render';

export interface WatchInput {
  channel: string;
  query: string;
  /** A topic id, name or alias; undefined for every topic. */
  topic?: string;
  locale: Locale;
  createdBy?: string;
}

export interface WatchService {
  /** Most watches a chat may have. */
  readonly max: number;
  /** How often a query must come up in an article's text when not in its title or lead. */
  readonly minMentions: number;
  add(input: WatchInput): { watch: Watch; created: boolean };
  list(channel: string): { watches: Watch[]; chat: WatchChat | undefined };
  /** Removes by number (as /watches lists them) or by query text; throws when nothing matches. */
  remove(channel: string, what: string): Watch[];
  /** /unwatch suggestions: the chat's watches whose number or query starts with / contains what was typed. */
  complete(channel: string, typed: string, limits: ChoiceLimits): Choice[];
  /** The note a channel's digest shows on an article its watches match; undefined without watches. */
  digestNotes: (channel: string, locale: Locale) => ((a: Article) => string | undefined) | undefined;
}

export interface WatchServiceDeps {
  watches: WatchStore;
  store: ArticleStore;
  topics: TopicRegistry;
  matcher: WatchMatcher;
  clock: () => number;
}

/** Whitespace collapsed; bounded and searchable, or a UserError saying why not. */
export function validateWatchQuery(raw: string, matcher: WatchMatcher): string {
  const query = raw.replace(/\s+/g, ' ').trim();
  if (!query) throw new UserError('watch.empty-query');
  if ([...query].length > MAX_WATCH_QUERY_LENGTH) throw new UserError('watch.query-too-long', { max: MAX_WATCH_QUERY_LENGTH });
  if (!matcher.searchable(query)) throw new UserError('watch.nothing-searchable', { query: clipQuote(query) });
  return query;
}

export function createWatchService(deps: WatchServiceDeps): WatchService {
  const { watches, topics, matcher } = deps;
  return {
    max: watches.maxPerChat,
    minMentions: matcher.rule.minMentions,
    add(input) {
      const query = validateWatchQuery(input.query, matcher);
      let topic: string | null = null;
      if (input.topic !== undefined && input.topic.trim()) {
        const found = topics.resolve(input.topic);
        if (!found) {
          const valid = topics
            .list()
            .map((x) => `${x.id} (${x.name[input.locale]})`)
            .join(', ');
          throw new UserError('topics.unknown', { name: clipQuote(input.topic), topics: valid });
        }
        topic = found.id;
      }
      const newest = deps.store.watermarkNow().seq;
      return watches.add(
        {
          channel: input.channel,
          query,
          queryKey: normalizeForMatch(query),
          topic,
          locale: input.locale,
          ...(input.createdBy ? { createdBy: input.createdBy } : {}),
        },
        newest,
        deps.clock(),
      );
    },
    list: (channel) => ({ watches: watches.list(channel), chat: watches.chat(channel) }),
    remove(channel, what) {
      const list = watches.list(channel);
      const text = what.replace(/\s+/g, ' ').trim();
      const n = /^#?(\d{1,4})$/.exec(text);
      const key = normalizeForMatch(text);
      const chosen = n ? list.filter((_, i) => i + 1 === Number(n[1])) : list.filter((w) => w.queryKey === key);
      if (!chosen.length || !key) throw new UserError('unwatch.not-found', { what: clipQuote(text) });
      watches.remove(
        channel,
        chosen.map((w) => w.id),
      );
      return chosen;
    },
    complete(channel, typed, limits) {
      const want = normalizeForMatch(typed);
      const items = watches.list(channel).map((w, i) => ({ n: String(i + 1), w }));
      const starts = items.filter(({ n, w }) => !want || n.startsWith(want) || w.queryKey.startsWith(want));
      const contains = want ? items.filter(({ w }) => !starts.some((s) => s.w.id === w.id) && w.queryKey.includes(want)) : [];
      return [...starts, ...contains].slice(0, limits.maxChoices).map(({ n, w }) => ({
        name: truncateToMeasure(`${n}. ${w.query}${w.topic ? ` (${w.topic})` : ''}`, limits.maxLength),
        value: n,
      }));
    },
    digestNotes(channel, locale) {
      const list = watches.list(channel);
      if (!list.length) return undefined;
      return (a) => watchNote(matcher.matching(list, a), locale, (id) => topics.name(id, locale));
    },
  };
}
