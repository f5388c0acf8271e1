// Adapter.split for Discord: a long reply (a digest) becomes several replies that each
// render to exactly one message. Fit is decided by renderReply itself, so the two can
// never disagree about the limits. Whole articles are never cut; only over-long text is.
import type { Block, Reply } from '../../core/types';
import { splitPlain } from '../../text/split';
import { renderReply } from './render';

/** Text pieces small enough to fit one message on their own, before escaping. */
const TEXT_PIECE = 1500;
const FIELDS_PIECE = 20;

/** The smallest pieces a reply can be cut into; `source` ties articles to their block. */
interface Atom {
  block: Block;
  source: number;
}

function atomsOf(blocks: Block[]): Atom[] {
  const atoms: Atom[] = [];
  blocks.forEach((b, source) => {
    if (b.kind === 'text') {
      for (const text of splitPlain(b.text, TEXT_PIECE)) atoms.push({ block: { ...b, text }, source });
    } else if (b.kind === 'fields') {
      for (let i = 0; i < b.items.length; i += FIELDS_PIECE)
        atoms.push({ block: { ...b, items: b.items.slice(i, i + FIELDS_PIECE) }, source });
    } else {
      const start = b.startIndex ?? 1;
      b.items.forEach((item, i) => atoms.push({ block: { ...b, items: [item], startIndex: start + i }, source }));
    }
  });
  return atoms;
}

/** Appends an atom, merging articles into the previous block when they came from the same one. */
function append(part: Atom[], atom: Atom): Atom[] {
  const last = part[part.length - 1];
  if (last && last.source === atom.source && last.block.kind === 'articles' && atom.block.kind === 'articles') {
    return [...part.slice(0, -1), { ...last, block: { ...last.block, items: [...last.block.items, ...atom.block.items] } }];
  }
  return [...part, atom];
}

export function splitReply(reply: Reply): Reply[] {
  if (renderReply(reply).length <= 1) return [reply];
  const make = (part: Atom[], first: boolean): Reply => {
    const { title, pagination, ...rest } = reply;
    return {
      ...rest,
      ...(first && title ? { title } : {}),
      ...(first && pagination ? { pagination } : {}),
      blocks: part.map((a) => a.block),
    };
  };
  const parts: Reply[] = [];
  let current: Atom[] = [];
  for (const atom of atomsOf(reply.blocks)) {
    const candidate = append(current, atom);
    if (current.length === 0 || renderReply(make(candidate, parts.length === 0)).length === 1) {
      current = candidate;
      continue;
    }
    parts.push(make(current, parts.length === 0));
    current = append([], atom);
  }
  if (current.length || parts.length === 0) parts.push(make(current, parts.length === 0));
  return parts;
}
