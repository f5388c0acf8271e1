// English messages, and the catalog's source of truth: every message id and its parameters
// are declared here. Another locale implements the same ids (zh.ts) and is registered in
// catalog.ts. A message is a string, or a function of its parameters.
export const en = {
  // Argument validation (core/args.ts)
  'args.extra-words': (p: { words: string }) => `Unexpected extra words: ${p.words}`,
  'args.not-integer': (p: { name: string; value: string }) => `${p.name} must be a whole number (got "${p.value}")`,
  'args.too-small': (p: { name: string; min: number }) => `${p.name} must be at least ${p.min}`,
  'args.too-large': (p: { name: string; max: number }) => `${p.name} must be at most ${p.max}`,
  'args.not-boolean': (p: { name: string }) => `${p.name} must be true or false`,
  'args.too-long': (p: { name: string; max: number }) => `${p.name} is too long (at most ${p.max} characters)`,
  'args.unknown-option': (p: { name: string }) => `Unknown option: ${p.name}`,
  'args.missing': (p: { name: string; description: string }) => `Missing ${p.name}: ${p.description}`,
  'args.not-a-choice': (p: { name: string; choices: string }) => `${p.name} must be one of: ${p.choices}`,

  // The router and the throttle
  'router.unknown-command': (p: { command: string }) => `Unknown command /${p.command}. Send /help to see every command.`,
  'router.admin-only': (p: { command: string }) => `Sorry, only an admin of this channel or group can use /${p.command}.`,
  'router.failed': 'Sorry, something went wrong handling that command. Please try again later.',
  'router.storage-refused':
    "Sorry, the bot cannot save anything right now (its storage is full or read-only), so this did not take effect. Please tell the bot's operator.",
  'throttle.slow-down': 'Please slow down 🙏 — too many commands too fast. Try again in a moment.',

  // Shared by several commands
  'option.page': 'Page number',
  'topics.unknown': (p: { name: string; topics: string }) => `There is no topic "${p.name}". Topics: ${p.topics}`,

  // /search and the search service
  'search.description': 'Search every article (Chinese, English, typos welcome)',
  'search.option.query': 'What to search for',
  'search.option.topic': 'Only search this topic',
  'search.empty-query': 'Please give something to search for, e.g. /search convolution',
  'search.query-too-long': (p: { max: number }) => `That query is too long (at most ${p.max} characters); please shorten it.`,
  'search.no-results': (p: { query: string; suggestions: string[]; topics: string }) =>
    `No articles found for "${p.query}". ${p.suggestions.length ? `Try: ${p.suggestions.join(', ')}. ` : ''}Or browse by topic: /topic (${p.topics})`,
  'search.only-pages': (p: { pages: number }) => `There are only ${p.pages} page(s) of results.`,
  'search.title': (p: { query: string; total: number; more?: boolean; page: number; pages: number }) =>
    `Results for "${p.query}" · ${p.total}${p.more ? '+' : ''} found · page ${p.page}/${p.pages}`,

  // /topic
  'topic.description': 'Browse articles by topic',
  'topic.option.name': 'Topic (id, Chinese or English name, or alias)',
  'topic.list-title': 'Topics and article counts',
  'topic.list-hint': 'Send /topic <name> to see its articles, e.g. /topic llm',
  'topic.empty': (p: { name: string }) => `No articles in "${p.name}" yet.`,
  'topic.only-pages': (p: { pages: number }) => `This topic has only ${p.pages} page(s).`,
  'topic.title': (p: { name: string; total: number; page: number; pages: number }) =>
    `${p.name} · ${p.total} articles · page ${p.page}/${p.pages}`,

  // /latest
  'latest.description': 'The newest articles',
  'latest.option.n': 'How many (1–20, default 5)',
  'latest.empty': 'No articles yet.',
  'latest.title': (p: { count: number }) => `The ${p.count} newest articles`,

  // /subscribe, /unsubscribe, /settings
  'subscribe.description': 'Subscribe this channel to a daily digest (admins)',
  'subscribe.option.time': 'Time of day, HH:MM (default 09:00)',
  'subscribe.option.timezone': 'Time zone, e.g. Asia/Shanghai',
  'subscribe.option.topics': 'Only these topics (optional, space-separated)',
  'subscribe.bad-time': (p: { word: string }) => `"${p.word}" is not a valid time; use 24-hour HH:MM, e.g. 09:00`,
  'subscribe.bad-zone': (p: { word: string }) =>
    `"${p.word}" is not a valid time zone; use an IANA name such as Asia/Shanghai or Europe/Berlin`,
  'subscribe.unknown-word': (p: { word: string; topics: string }) =>
    `Can't tell what "${p.word}" is: not a time (HH:MM), a time zone or a topic. Topics: ${p.topics}`,
  'subscribe.created': '✅ Subscribed to the daily digest.',
  'subscribe.resumed': '✅ Subscription resumed.',
  'subscribe.resumed-skipped': (p: { count: number; since: string }) =>
    `${p.count} older article${p.count === 1 ? '' : 's'} from while it was paused ${p.count === 1 ? 'was' : 'were'} skipped; the next digest holds what arrived since ${p.since}.`,
  'subscribe.updated': '✅ Subscription updated.',
  'subscribe.starter-heading': 'Recent articles',
  'subscribe.starter-note':
    'These recent articles are already in the archive, so they are not repeated in your digests: the next digest holds what arrives from now on. /digest shows it so far.',
  'unsubscribe.description': "Stop this channel's daily digest (admins)",
  'unsubscribe.done': 'Unsubscribed: this channel will get no more digests.',
  'unsubscribe.none': 'This channel has no subscription to cancel.',
  'settings.description': "Show this channel's digest settings",
  'settings.title': 'Digest subscription',
  'settings.none': 'This channel has no subscription. An admin can send /subscribe 09:00 Asia/Shanghai to get a daily digest.',
  'settings.resume-hint':
    'To resume with the same time, time zone and topics, an admin sends /subscribe. Nothing is sent until then, and articles older than the catch-up window are skipped rather than sent all at once.',
  'settings.fix.no-permission': 'First let the bot see this channel and post in it again.',
  'settings.fix.closed': 'First reopen the thread or topic.',
  'settings.paused-since': (p: { since: string; why: string }) => `paused since ${p.since} — ${p.why}`,
  'settings.pause.removed': 'the bot was removed from this chat',
  'settings.pause.no-permission': 'the bot may no longer see or post in this channel',
  'settings.pause.deleted': 'this channel no longer exists',
  'settings.pause.closed': 'this thread was locked or this topic closed',
  'settings.pause.refused': (p: { detail: string }) => `the platform refused a digest: ${p.detail}`,
  'settings.time': 'Time',
  'settings.topics': 'Topics',
  'settings.all-topics': 'all',
  'settings.quiet-days': 'Quiet days',
  'settings.send-anyway': 'send anyway',
  'settings.skip': 'skip',
  'settings.status': 'Status',
  'settings.active': 'active',
  'settings.paused': 'paused',
  'settings.next': 'Next digest',

  // /digest and digests
  'digest.description': "Preview this channel's next digest, or show a past one (/digest yesterday)",
  'digest.option.date': 'A past day to show as delivered: yesterday, today, 2026-12-05 or 12-05',
  'digest.title': (p: { preview: boolean; day: string; count: number; updated: number }) =>
    `${p.preview ? 'Digest preview' : 'Daily digest'} · ${p.day} · ${p.count} new article${p.count === 1 ? '' : 's'}${p.updated ? ` · ${p.updated} updated` : ''}`,
  'digest.updated-heading': 'Updated',
  'digest.updated-more': (p: { count: number }) => `…and ${p.count} more updated article${p.count === 1 ? '' : 's'}`,
  'digest.next-due': (p: { when: string; zone: string }) => `Next digest: ${p.when} (${p.zone}). So far it would hold what follows.`,
  'digest.paused': (p: { reason: string }) =>
    `This subscription is paused${p.reason ? ` (${p.reason})` : ''}: no digest is due until an admin sends /subscribe again. So far it would hold what follows.`,
  'digest.bad-date': (p: { word: string }) =>
    `"${p.word}" is not a day I understand; use today, yesterday, a date like 2026-12-05, or 12-05 for this year.`,
  'digest.future-date': (p: { day: string }) => `${p.day} has not come yet. /digest without a date previews the next digest.`,
  'digest.history-header': (p: { day: string; at: string; zone: string }) => `The digest of ${p.day} as delivered at ${p.at} (${p.zone}):`,
  'digest.history-pending': (p: { day: string }) => `The digest of ${p.day} is still being delivered; this is what it holds:`,
  'digest.history-empty': (p: { day: string }) =>
    `No digest on ${p.day}: nothing new for this channel that day, so the quiet day was skipped.`,
  'digest.history-abandoned': (p: { day: string; reason: string }) =>
    `The digest of ${p.day} was not delivered (${p.reason}); its articles went into the next digest.`,
  'digest.history-before': (p: { day: string; since: string; late: boolean }) =>
    `No digest on ${p.day}: this channel subscribed on ${p.since}${p.late ? ", after that day's digest time" : ''}.`,
  'digest.history-paused': (p: { day: string; reason: string }) =>
    `No digest on ${p.day}: the subscription was paused${p.reason ? ` (${p.reason})` : ''}.`,
  'digest.history-not-yet': (p: { day: string; at: string }) => `The digest of ${p.day} is due at ${p.at}; /digest previews it.`,
  'digest.history-pruned': (p: { day: string; keep: number }) => `No record of ${p.day}: digest history is kept for ${p.keep} days.`,
  'digest.history-none': (p: { day: string }) =>
    `No digest was sent on ${p.day} (the bot was probably offline at digest time); its articles went into the next digest.`,
  'digest.history-window': (p: { keep: number; from: string }) => `Digest history covers the last ${p.keep} days (since ${p.from}).`,
  'digest.nothing-new': 'Nothing new since the last digest.',
  'digest.other-topics': 'Other',
  'digest.more': (p: { count: number; hint: string }) => `…and ${p.count} more — ${p.hint}`,
  'digest.no-subscription':
    'This channel has no digest subscription. An admin can send /subscribe 09:00 Asia/Shanghai; digests then hold the articles that arrive after that.',

  // /watch, /watches, /unwatch and keyword alerts
  'watch.description': 'Alert this chat when a new article is about a query (admins in groups)',
  'watch.option.query': 'What to watch for: words or Chinese terms, e.g. LoRA or 扩散模型',
  'watch.option.topic': 'Only articles in this topic (optional)',
  'watch.empty-query': 'Please say what to watch for, e.g. /watch LoRA or /watch 扩散模型 topic:generative',
  'watch.query-too-long': (p: { max: number }) => `That query is too long (at most ${p.max} characters); please shorten it.`,
  'watch.nothing-searchable': (p: { query: string }) => `There is nothing to look for in "${p.query}": use words or Chinese terms.`,
  'watch.too-many': (p: { max: number }) => `This chat already has ${p.max} watches, the most it may have. Remove one with /unwatch first.`,
  'watch.created': (p: { query: string; topic: string }) =>
    `🔔 Watching "${p.query}"${p.topic ? ` in ${p.topic}` : ''}. New articles about it will be posted here as they arrive.`,
  'watch.exists': (p: { query: string }) => `This chat already watches "${p.query}".`,
  'watch.rule': (p: { mentions: number }) =>
    `/watch: an article matches when every part of the query (a word, a Chinese term, or its glossary translation) is in its title or first lines, or comes up at least ${p.mentions} times in its text; a word mentioned once in passing does not.`,
  'watches.description': "List this chat's keyword alerts",
  'watches.title': (p: { count: number; max: number }) => `Keyword alerts · ${p.count}/${p.max}`,
  'watches.none': 'This chat watches nothing yet. Send /watch <query>, e.g. /watch LoRA',
  'watches.hint': 'Remove one with /unwatch <number> or /unwatch <query>.',
  'watches.paused': 'Alerts are paused because the bot could not post here. Adding a watch resumes them.',
  'unwatch.description': 'Stop a keyword alert (admins in groups)',
  'unwatch.option.watch': 'Its number in /watches, or its query',
  'unwatch.not-found': (p: { what: string }) => `This chat has no watch "${p.what}". Send /watches to see them.`,
  'unwatch.done': (p: { queries: string }) => `Stopped watching ${p.queries}.`,
  'alert.title': (p: { count: number }) => `🔔 ${p.count} new article${p.count === 1 ? '' : 's'} matching your watches`,
  'alert.note': (p: { watches: string }) => `🔔 ${p.watches}`,
  'alert.more': (p: { count: number }) => `…and ${p.count} more.`,

  // /help
  'help.description': 'What the bot does and every command',
  'help.intro':
    'I follow a Chinese machine-learning blog (CV, NLP, LLMs, RL, diffusion, PyTorch/TensorFlow). Search the whole archive, browse by topic, subscribe a channel to a daily digest, or /watch a keyword to hear of new articles about it at once.',
  'help.examples':
    'e.g. /search convolution · /topic llm · /subscribe 09:00 Asia/Shanghai llm · /digest yesterday · /watch LoRA. Digests list new articles, then under "Updated" articles whose text was edited since (once each; whitespace or link-tracking changes do not count).',

  // Adapters
  'console.greeting': (p: { articles: number }) =>
    `feedbot console · ${p.articles} articles · type /help for commands, next for the next page, /quit to leave`,
  'console.no-more-pages': 'No more pages.',
  'console.next-hint': '(type next for the next page)',
  'pages.list-expired': 'This list has expired. Please search again.',
  'pages.results-expired': 'These results have expired; please run the command again.',
  'inline.slow-down': 'Please slow down 🙏 too many searches',
  'adapter.failed': 'Sorry, something went wrong. Please try again later.',
  'adapter.option.forum': 'A forum channel of this server to manage instead of this channel (one post per digest)',
  'adapter.not-a-forum': 'That is not a forum channel of this server. Pick a forum channel, or leave the option out to use this channel.',
  'adapter.forum-post-title': (p: { day: string }) => `Daily digest ${p.day}`,
};

/** What every locale implements: the same ids, strings as strings, functions of the same parameters. */
export type Catalog = typeof en;
