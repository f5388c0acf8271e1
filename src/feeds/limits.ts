// Structural limits on a feed, checked before the expensive parse. The byte cap alone does not
// bound memory: 10 MB of `<item/>` or `{},` parses into over a gigabyte of objects, so the
// readers count what they are about to build and refuse a feed that is mostly scaffolding.

/** Real feeds carry tens to a few thousand entries; more is a generator gone wrong, or hostile. */
export const DEFAULT_MAX_FEED_ENTRIES = 10_000;

// The structural limits below scale with the entries a feed may have, which an operator may
// change (FEED_MAX_ENTRIES, IMPORT_MAX_ENTRIES). The readers read them as live bindings;
// withFeedLimits sets them around one synchronous parse and puts them back after.

/** Entries a feed may have (FEED_MAX_ENTRIES). */
export let MAX_FEED_ENTRIES = DEFAULT_MAX_FEED_ENTRIES;

/** XML elements plus attributes: room for MAX_FEED_ENTRIES ordinary items, not for a million empty tags. */
export let MAX_XML_NODES = 25 * DEFAULT_MAX_FEED_ENTRIES;

/** No feed element needs more; a single tag with 200,000 attributes costs hundreds of MB to parse. */
export const MAX_XML_ATTRIBUTES = 256;

/** JSON objects and arrays: a JSON Feed item is an object holding a few more. */
export let MAX_JSON_CONTAINERS = 25 * DEFAULT_MAX_FEED_ENTRIES;

/** A snapshot entry takes at most a category, a date and a text line, plus blank lines. */
export let MAX_SNAPSHOT_LINES = 5 * DEFAULT_MAX_FEED_ENTRIES;

function setEntryLimit(maxEntries: number): void {
  MAX_FEED_ENTRIES = maxEntries;
  MAX_XML_NODES = 25 * maxEntries;
  MAX_JSON_CONTAINERS = 25 * maxEntries;
  MAX_SNAPSHOT_LINES = 5 * maxEntries;
}

/**
 * Runs a synchronous parse with `maxEntries` as the entry limit (and the structural limits that
 * scale with it). Synchronous on purpose: nothing else can run, and see these limits, meanwhile.
 */
export function withFeedLimits<T>(maxEntries: number, parse: () => T): T {
  const saved = MAX_FEED_ENTRIES;
  setEntryLimit(maxEntries);
  try {
    const result = parse();
    if (result instanceof Promise) throw new Error('withFeedLimits needs a synchronous parse');
    return result;
  } finally {
    setEntryLimit(saved);
  }
}

/** Categories kept per entry, and the longest kept: each one becomes a topic users can browse. */
export const MAX_ENTRY_CATEGORIES = 20;
export const MAX_CATEGORY_LENGTH = 100;

/** `refused: 1500000 entries, more than the 10000 a feed may have` */
export function overLimit(count: number, what: string, limit: number, holder = 'a feed'): string {
  return `refused: ${count} ${what}, more than the ${limit} ${holder} may have`;
}

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58 || c > 127;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46;
}

/**
 * Start tags (`nodes`, and among them `entries`: item / entry by local name) plus attributes,
 * outside CDATA sections and comments, whose markup is text to the parser. One linear pass,
 * no regular expressions to backtrack; it only has to be right about well-formed documents.
 */
export function countXmlNodes(xml: string): { nodes: number; entries: number; maxAttributes: number } {
  let nodes = 0;
  let entries = 0;
  let maxAttributes = 0;
  const n = xml.length;
  let i = 0;
  for (;;) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) break;
    if (xml.startsWith('<![CDATA[', lt) || xml.startsWith('<!--', lt)) {
      const cdata = xml[lt + 2] === '[';
      const end = xml.indexOf(cdata ? ']]>' : '-->', lt + 4);
      if (end < 0) break;
      i = end + 3;
      continue;
    }
    let j = lt + 1;
    if (!isNameStart(xml.charCodeAt(j))) {
      i = j; // an end tag, a declaration, a processing instruction
      continue;
    }
    while (j < n && isNameChar(xml.charCodeAt(j))) j++;
    nodes++;
    const name = xml.slice(lt + 1, j);
    const local = name.slice(name.indexOf(':') + 1);
    if (local === 'item' || local === 'entry') entries++;
    let quote = 0;
    let attributes = 0;
    for (; j < n; j++) {
      const c = xml.charCodeAt(j);
      if (quote) {
        if (c === quote) quote = 0;
      } else if (c === 34 || c === 39) quote = c;
      else if (c === 61)
        attributes++; // each `name="value"`
      else if (c === 62) break;
    }
    nodes += attributes;
    if (attributes > maxAttributes) maxAttributes = attributes;
    i = j + 1;
  }
  return { nodes, entries, maxAttributes };
}

/**
 * Objects and arrays outside strings, in one linear pass. Strings (nearly all of a feed's bytes)
 * are skipped with indexOf to their closing quote, which is several times faster than reading
 * them a character at a time; a quote is escaped when an odd run of backslashes precedes it,
 * and each run is read once, by the quote that ends it.
 */
export function countJsonContainers(json: string): number {
  let count = 0;
  const n = json.length;
  for (let i = 0; i < n; i++) {
    const c = json.charCodeAt(i);
    if (c === 123 || c === 91) count++;
    else if (c === 34) {
      let end = json.indexOf('"', i + 1);
      while (end > 0 && escapedQuote(json, end, i)) end = json.indexOf('"', end + 1);
      if (end < 0) break; // an unterminated string: nothing after it is structure
      i = end;
    }
  }
  return count;
}

/** True when the quote at `at` is preceded (after `from`) by an odd number of backslashes. */
function escapedQuote(json: string, at: number, from: number): boolean {
  let k = at - 1;
  while (k > from && json.charCodeAt(k) === 92) k--;
  return (at - 1 - k) % 2 === 1;
}
