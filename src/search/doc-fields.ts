// What of an article is indexed, and in what form: the title and the lead
// (the summary's first `maxLeadChars` characters), normalised for indexing,
// plus their match forms for the phrase check. Only the lead is searched: it
// is where an article says what it is about, and bounding it bounds memory
// and start-up time (measured at 100k articles: the full 300–600-character
// text would need about 80% more postings). Topic names are not indexed: /topic
// browses topics, and indexing every article's topic names cost about 30
// postings an article, all on a handful of very common terms.
import { matchForm, normalize } from './normalize';

export interface IndexDoc {
  id: string;
  title: string;
  summary: string;
  /** Topic ids. */
  topics: string[];
  /** Topic names/aliases; no longer indexed (see above), accepted so callers need not change. */
  topicText?: string;
  publishedAt: string | null;
  firstSeenAt: number;
}

/** An article ready to add: normalised once, for both indexing and the phrase check. */
export interface PreparedDoc {
  id: string;
  /** Normalised text per indexed field: title, lead. */
  fields: [string, string];
  titleText: string;
  leadText: string;
  topics: readonly string[];
  time: number;
  firstSeenAt: number;
}

/**
 * Default lead length: covers a feed excerpt's opening (sample excerpts are
 * ~350 characters); at 200 a public query (微调 → PrefixTuning) already fails.
 */
export const DEFAULT_LEAD_CHARS = 240;

export function prepareDoc(doc: IndexDoc, maxLeadChars = DEFAULT_LEAD_CHARS): PreparedDoc {
  const title = normalize(doc.title);
  const lead = normalize(doc.summary.slice(0, maxLeadChars));
  const published = doc.publishedAt ? Date.parse(doc.publishedAt) : NaN;
  return {
    id: doc.id,
    fields: [title, lead],
    titleText: matchForm(title),
    leadText: matchForm(lead),
    topics: [...doc.topics],
    time: Number.isNaN(published) ? doc.firstSeenAt : published,
    firstSeenAt: doc.firstSeenAt,
  };
}
