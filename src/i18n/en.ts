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
  'search.title': (p: { query: string; total: number; page: number; pages: number }) =>
    `Results for "${p.query}" · ${p.total} found · page ${p.page}/${p.pages}`,

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
  'subscribe.bad-zone': (p: { word: string }) => `"${p.word}" is not a valid time zone; use an IANA name such as Asia/Shanghai or Europe/Berlin`,
  'subscribe.unknown-word': (p: { word: string; topics: string }) =>
    `Can't tell what "${p.word}" is: not a time (HH:MM), a time zone or a topic. Topics: ${p.topics}`,
  'subscribe.created': '✅ Subscribed to the daily digest.',
  'subscribe.resumed': '✅ Subscription resumed.',
  'subscribe.resumed-skipped': (p: { count: number; since: string }) =>
    `${p.count} older article${p.count === 1 ? '' : 's'} from while it was paused ${p.count === 1 ? 'was' : 'were'} skipped; the next digest holds what arrived since ${p.since}.`,
  'subscribe.updated': '✅ Subscription updated.',
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
  'settings.pause.closed': 'this thread was archived or this topic closed',
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
  'digest.description': "Preview this channel's next digest",
  'digest.title': (p: { preview: boolean; day: string; count: number }) =>
    `${p.preview ? 'Digest preview' : 'Daily digest'} · ${p.day} · ${p.count} new article${p.count === 1 ? '' : 's'}`,
  'digest.nothing-new': 'Nothing new since the last digest.',
  'digest.other-topics': 'Other',
  'digest.more': (p: { count: number; hint: string }) => `…and ${p.count} more — ${p.hint}`,
  'digest.no-subscription':
    'This channel has no digest subscription. An admin can send /subscribe 09:00 Asia/Shanghai; digests then hold the articles that arrive after that.',

  // /help
  'help.description': 'What the bot does and every command',
  'help.intro':
    'I follow a Chinese machine-learning blog (CV, NLP, LLMs, RL, diffusion, PyTorch/TensorFlow). Search the whole archive, browse by topic, or subscribe a channel to a daily digest.',
  'help.examples': 'e.g. /search convolution · /topic llm · /subscribe 09:00 Asia/Shanghai llm',

  // Adapters
  'console.greeting': (p: { articles: number }) =>
    `feedbot console · ${p.articles} articles · type /help for commands, next for the next page, /quit to leave`,
  'console.no-more-pages': 'No more pages.',
  'console.next-hint': '(type next for the next page)',
  'pages.list-expired': 'This list has expired. Please search again.',
  'pages.results-expired': 'These results have expired; please run the command again.',
  'inline.slow-down': 'Please slow down 🙏 too many searches',
  'adapter.failed': 'Sorry, something went wrong. Please try again later.',
};

/** What every locale implements: the same ids, strings as strings, functions of the same parameters. */
export type Catalog = typeof en;
