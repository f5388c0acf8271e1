// /watch <query> [topic] — alert this chat when a new article is about a query (admins in groups).
import type { BotCommand } from '../src/services';
import { t } from '../src/i18n/catalog';
import { MAX_WATCH_QUERY_LENGTH } from '../src/core/limits';

const watch: BotCommand = {
  name: 'watch',
  description: 'watch.description',
  // In groups and channels the admins who may subscribe; in a private chat, the user.
  permission: 'channel-admin',
  options: [
    { name: 'query', type: 'string', required: true, variadic: true, maxLength: MAX_WATCH_QUERY_LENGTH, description: 'watch.option.query' },
    { name: 'topic', type: 'string', autocomplete: 'topic', maxLength: 100, description: 'watch.option.topic' },
  ],
  run(ctx) {
    const { watches, topics } = ctx.services;
    const { watch: w, created } = watches.add({
      channel: ctx.channel,
      query: String(ctx.args.query ?? ''),
      ...(ctx.args.topic !== undefined ? { topic: String(ctx.args.topic) } : {}),
      locale: ctx.locale,
      createdBy: ctx.caller.id,
    });
    const head = created
      ? t(ctx.locale, 'watch.created', { query: w.query, topic: w.topic ? topics.name(w.topic, ctx.locale) : '' })
      : t(ctx.locale, 'watch.exists', { query: w.query });
    return {
      kind: 'info',
      blocks: [
        { kind: 'text', text: head },
        { kind: 'text', style: 'muted', text: t(ctx.locale, 'watch.rule', { mentions: watches.minMentions }) },
      ],
    };
  },
};

export default watch;
