// Reader for the blog's "LATEST UPDATES" page snapshots: plain text, one excerpt a line.
// A short category line followed by a date line (`Python` / `2026-01-11`) belong to
// the entry on the next line; header lines before `LATEST UPDATES` are page chrome.
import type { FeedEntry, ParsedFeed } from './types';
import { FeedParseError } from './errors';
import { cleanText } from './html-text';
import { MAX_SNAPSHOT_LINES, overLimit } from './limits';

const DATE_LINE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HEADER_MARK = /^latest updates$/i;
/** Category labels are short; an excerpt line never is. */
const MAX_CATEGORY_LENGTH = 40;

function validDate(line: string): string | undefined {
  const m = DATE_LINE.exec(line);
  if (!m) return undefined;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`);
  // Reject 2026-02-31 and friends rather than letting Date roll them over.
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(line) ? line : undefined;
}

/** True when a text body looks like a page snapshot rather than XML/JSON. */
export function looksLikeSnapshot(body: string): boolean {
  return /^\s*(?:[^\n]*\n){0,5}\s*LATEST UPDATES\s*$/im.test(body.slice(0, 500));
}

function countLines(body: string): number {
  let n = 1;
  for (let i = body.indexOf('\n'); i >= 0; i = body.indexOf('\n', i + 1)) n++;
  return n;
}

export function parseSnapshot(body: string, source: string): ParsedFeed {
  const lineCount = countLines(body);
  if (lineCount > MAX_SNAPSHOT_LINES) throw new FeedParseError(source, overLimit(lineCount, 'lines', MAX_SNAPSHOT_LINES, 'a snapshot'));
  // cleanText, like the other readers: zero-width and bidi-override characters are invisible,
  // yet they split words in search and can reorder the text shown to users.
  const lines = body
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((l) => cleanText(l));
  const headerEnd = lines.findIndex((l) => HEADER_MARK.test(l));
  const start = headerEnd >= 0 ? headerEnd + 1 : 0;
  const entries: FeedEntry[] = [];
  let category: string | undefined;
  let date: string | undefined;
  for (let i = start; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line) continue;
    const asDate = validDate(line);
    if (asDate) {
      date = asDate;
      continue;
    }
    const next = lines[i + 1] ?? '';
    if (line.length <= MAX_CATEGORY_LENGTH && validDate(next)) {
      category = line;
      continue;
    }
    entries.push({
      text: line,
      categories: category ? [category] : [],
      ...(date ? { publishedAt: date } : {}),
    });
    category = undefined;
    date = undefined;
  }
  return { source, format: 'snapshot', entries };
}
