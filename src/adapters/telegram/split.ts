// Cuts a reply too long for one Telegram message (4096 UTF-16 units after HTML rendering)
// into replies that each fit, breaking between articles and fields rather than inside them.
// Measuring the real rendering keeps this honest: escaping "&" to "&amp;" counts too.
import type { Block, Reply } from '../../core/types';
import { splitPlain } from '../../text/split';
import type { Measure } from '../../text/measure';
import { truncateToMeasure } from '../../text/measure';
import { escapeHtml, renderReply, TELEGRAM_TEXT_LIMIT } from './render';

/** Length a plain string takes once escaped; additive, as splitPlain needs. */
const escapedLength: Measure = (s) => escapeHtml(s).length;

/** Room kept on every part's title for the " (2/3)" label added once the count is known. */
const LABEL_RESERVE = ' (999/999)';

/**
 * One-line pieces repeated or kept whole in a part: the reply's title, an article list's
 * heading (a topic name, which feed categories supply), an article's topic line. Capped, in
 * escaped units, so that no feed data can make a part that fits nowhere.
 */
const TITLE_MAX = 512;
const HEADING_MAX = 256;
const META_MAX = 256;

/** The reply with its title and headings cut to their caps (unchanged when they fit). */
function capHeadings(reply: Reply): Reply {
  const title = reply.title === undefined ? undefined : truncateToMeasure(reply.title, TITLE_MAX, escapedLength);
  const blocks = reply.blocks.map((b): Block =>
    b.kind === 'articles' && b.heading !== undefined ? { ...b, heading: truncateToMeasure(b.heading, HEADING_MAX, escapedLength) } : b,
  );
  return { ...reply, ...(title === undefined ? {} : { title }), blocks };
}

interface Unit {
  /** Index of the block it came from: neighbours from one block merge back into one. */
  source: number;
  block: Block;
}

export function splitReply(whole: Reply, limit = TELEGRAM_TEXT_LIMIT): Reply[] {
  if (renderReply(whole).length <= limit) return [whole];
  const reply = capHeadings(whole);
  const reservedTitle = reply.title === undefined ? undefined : reply.title + LABEL_RESERVE;
  const measure = (blocks: Block[]): number =>
    renderReply({ ...reply, ...(reservedTitle === undefined ? {} : { title: reservedTitle }), blocks }).length;

  const units = reply.blocks.flatMap((b, i) => unitsOf(b, i, limit, measure));
  const parts: Unit[][] = [];
  let current: Unit[] = [];
  for (const unit of units) {
    const next = appendUnit(current, unit);
    if (current.length > 0 && measure(next.map((u) => u.block)) > limit) {
      parts.push(current);
      current = [unit];
    } else {
      current = next;
    }
  }
  if (current.length > 0) parts.push(current);

  return parts.map((blocks, i) => {
    const part: Reply = { ...reply, blocks: blocks.map((u) => u.block) };
    delete part.pagination;
    if (reply.title !== undefined && parts.length > 1) part.title = `${reply.title} (${i + 1}/${parts.length})`;
    // The page buttons belong under the last message, where the list ends.
    if (reply.pagination && i === parts.length - 1) part.pagination = reply.pagination;
    return part;
  });
}

/** `units` plus `unit`, merged into the last block when both are items of the same block. */
function appendUnit(units: Unit[], unit: Unit): Unit[] {
  const last = units[units.length - 1];
  if (!last || last.source !== unit.source) return [...units, unit];
  const a = last.block;
  const b = unit.block;
  if (a.kind === 'articles' && b.kind === 'articles') {
    return [...units.slice(0, -1), { source: last.source, block: { ...a, items: [...a.items, ...b.items] } }];
  }
  if (a.kind === 'fields' && b.kind === 'fields') {
    return [...units.slice(0, -1), { source: last.source, block: { ...a, items: [...a.items, ...b.items] } }];
  }
  return [...units, unit];
}

/** The smallest pieces a block may be cut into, each shrunk until it fits a part on its own. */
function unitsOf(b: Block, source: number, limit: number, measure: (blocks: Block[]) => number): Unit[] {
  switch (b.kind) {
    case 'text': {
      if (measure([b]) <= limit) return [{ source, block: b }];
      const overhead = measure([{ ...b, text: 'x' }]) - 1;
      const room = Math.max(1, limit - overhead);
      // Text blocks are never merged, so each piece may land in a part of its own.
      return splitPlain(b.text, room, escapedLength).map((text) => ({ source, block: { ...b, text } }));
    }
    case 'fields':
      return b.items.map((f) => {
        const one = (value: string): Block => ({
          kind: 'fields',
          items: [{ label: truncateToMeasure(f.label, 256, escapedLength), value }],
        });
        if (measure([one(f.value)]) <= limit) return { source, block: one(f.value) };
        const room = limit - measure([one('')]);
        return { source, block: one(truncateToMeasure(f.value, Math.max(0, room), escapedLength)) };
      });
    case 'articles': {
      const start = b.startIndex ?? 1;
      return b.items.map((a, j) => {
        const one = (item: typeof a): Block => ({
          kind: 'articles',
          items: [item],
          startIndex: start + j,
          ...(j === 0 && b.heading !== undefined ? { heading: b.heading } : {}),
        });
        if (measure([one(a)]) <= limit) return { source, block: one(a) };
        // Only absurd feed data gets here: cut the snippet, the title and the topic line, then drop the link.
        const topics = a.topics.join(', ');
        let item = {
          ...a,
          title: truncateToMeasure(a.title, 512, escapedLength),
          snippet: '',
          topics: escapedLength(topics) > META_MAX ? [truncateToMeasure(topics, META_MAX, escapedLength)] : a.topics,
        };
        if (measure([one(item)]) > limit) {
          const { url: _dropped, ...rest } = item;
          item = rest;
        }
        const room = limit - measure([one(item)]) - 1;
        if (room > 0) item.snippet = truncateToMeasure(a.snippet, room, escapedLength);
        return { source, block: one(item) };
      });
    }
  }
}
