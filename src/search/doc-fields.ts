// What of an article the in-memory head index holds, and in what form: the
// title, the lead (the summary's first `maxLeadChars` characters) and the
// feed's categories/tags, normalised for indexing, plus their match forms for
// the phrase check. The whole text is searched too, but on disk (body-index.ts):
// the head holds what says what an article is about, and bounding it bounds
// memory and start-up time whatever the articles' length. Topic ids are
// kept for the /search topic filter, not indexed.
import { matchForm, normalize } from './normalize';

export interface IndexDoc {
  id: string;
  /** The article's row number in the database (body matches are reported by it); tests may leave it out. */
  seq?: number;
  title: string;
  summary: string;
  /** Topic ids, for the topic filter. */
  topics: string[];
  /** The feed's own categories/tags: indexed, ranked below title and lead. */
  categories?: readonly string[];
  publishedAt: string | null;
  firstSeenAt: number;
}

/** An article ready to add: normalised once, for both indexing and the phrase check. */
export interface PreparedDoc {
  id: string;
  seq: number;
  /** Normalised text per indexed field: title, lead, tags. */
  fields: [string, string, string];
  titleText: string;
  leadText: string;
  tagText: string;
  topics: readonly string[];
  time: number;
  firstSeenAt: number;
  /** A hash of the indexed fields: an update that leaves them alone only refreshes topics and dates. */
  sig: number;
}

/**
 * Default lead length: covers a feed excerpt's opening (sample excerpts are
 * ~350 characters); at 200 a public query (微调 → PrefixTuning) already fails.
 */
export const DEFAULT_LEAD_CHARS = 240;

/** FNV-1a over UTF-16 units: cheap, and only ever compared with itself. */
export function textHash(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function prepareDoc(doc: IndexDoc, maxLeadChars = DEFAULT_LEAD_CHARS): PreparedDoc {
  const title = normalize(doc.title);
  const lead = normalize(doc.summary.slice(0, maxLeadChars));
  const tags = normalize((doc.categories ?? []).join('\n'));
  const published = doc.publishedAt ? Date.parse(doc.publishedAt) : NaN;
  return {
    id: doc.id,
    seq: doc.seq ?? -1,
    fields: [title, lead, tags],
    titleText: matchForm(title),
    leadText: matchForm(lead),
    tagText: matchForm(tags),
    topics: [...doc.topics],
    time: Number.isNaN(published) ? doc.firstSeenAt : published,
    firstSeenAt: doc.firstSeenAt,
    sig: textHash(`${title}\u0000${lead}\u0000${tags}`),
  };
}
