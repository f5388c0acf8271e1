// Reads a JSON Feed as a stream of tokens, one item at a time: for local imports far larger than
// a fetched feed may be. Each item is assembled alone and handed, with the feed's own fields, to
// the same reader a whole document goes through, so an entry reads the same either way.
import type { Readable } from 'node:stream';
import Assembler from 'stream-json/assembler.js';
import { parser } from 'stream-json';
import type { FeedEntry } from './types';
import { FeedParseError } from './errors';
import { isJsonFeed, readJsonFeed } from './jsonfeed';
import { overLimit } from './limits';
import type { StreamStats } from './stream-xml';

/** The feed-level fields an item's reading depends on (its version, its base URLs). */
const FEED_FIELDS = new Set(['version', 'home_page_url', 'feed_url', 'title']);

interface Token {
  name: string;
  value?: unknown;
}

/**
 * Entries of a JSON Feed read from `bytes`. A feed that names its version after its items is
 * read too; one that never names a JSON Feed version is refused at the end (nothing of it stored).
 */
export async function* readJsonFeedEntries(
  bytes: Readable,
  source: string,
  opts: { maxEntries: number; stats?: StreamStats },
): AsyncGenerator<FeedEntry> {
  const stats = opts.stats ?? { peakQueuedEntries: 0, peakItemChars: 0 };
  const tokens = bytes.pipe(parser.asStream({ streamValues: false }));
  const feed: Record<string, unknown> = {};
  let depth = 0;
  let key: string | null = null;
  let inItems = false;
  let asm: Assembler | null = null;
  let asmStart = 0;
  let fieldAsm: Assembler | null = null;
  let entries = 0;
  let chars = 0;
  try {
    for await (const tok of tokens as AsyncIterable<Token>) {
      const opens = tok.name === 'startObject' || tok.name === 'startArray';
      const closes = tok.name === 'endObject' || tok.name === 'endArray';
      if (depth === 0 && opens && tok.name !== 'startObject')
        throw new FeedParseError(source, 'JSON but not a JSON Feed (missing or unknown "version")');
      if (asm) {
        asm.consume(tok as never);
        if (tok.name === 'stringValue') {
          chars += String(tok.value).length;
          if (chars > stats.peakItemChars) stats.peakItemChars = chars;
        }
        if (opens) depth++;
        if (closes) depth--;
        if (depth === asmStart) {
          const item = asm.current as unknown;
          asm = null;
          chars = 0;
          if (++entries > opts.maxEntries) throw new FeedParseError(source, overLimit(entries, 'entries', opts.maxEntries, 'a local file'));
          const view = { version: 'https://jsonfeed.org/version/1.1', ...feed, items: [item] };
          if (!isJsonFeed(view)) throw new FeedParseError(source, 'JSON but not a JSON Feed (missing or unknown "version")');
          const entry = readJsonFeed(view, source).entries[0];
          stats.peakQueuedEntries = Math.max(stats.peakQueuedEntries, 1);
          if (entry) yield entry;
        }
        continue;
      }
      if (fieldAsm) {
        fieldAsm.consume(tok as never);
        if (opens) depth++;
        if (closes) depth--;
        if (depth === 1) {
          feed[key!] = fieldAsm.current;
          fieldAsm = null;
          key = null;
        }
        continue;
      }
      if (inItems && depth === 2 && tok.name === 'startObject') {
        asm = new Assembler();
        asm.consume(tok as never);
        asmStart = depth;
        depth++;
        continue;
      }
      if (depth === 1 && tok.name === 'keyValue') {
        key = String(tok.value);
        continue;
      }
      if (depth === 1 && key === 'items') {
        if (tok.name !== 'startArray') throw new FeedParseError(source, 'JSON Feed "items" is not an array');
        inItems = true;
        depth++;
        continue;
      }
      if (depth === 1 && key !== null && FEED_FIELDS.has(key)) {
        if (opens) {
          fieldAsm = new Assembler();
          fieldAsm.consume(tok as never);
          depth++;
        } else {
          const scalar = new Assembler();
          scalar.consume(tok as never);
          feed[key] = scalar.current;
          key = null;
        }
        continue;
      }
      if (opens) depth++;
      if (closes) {
        depth--;
        if (depth === 1) {
          inItems = false;
          key = null;
        }
      }
    }
  } catch (err) {
    if (err instanceof FeedParseError) throw err;
    throw new FeedParseError(source, `invalid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!isJsonFeed({ ...feed })) throw new FeedParseError(source, 'JSON but not a JSON Feed (missing or unknown "version")');
}
