// Adapter.split for Discord: a long reply (a digest) becomes several replies that each
// render to exactly one message. Fit is decided by renderReply itself, so the two can
// never disagree about the limits. Whole articles are never cut; only over-long text is.
import type { Block, Reply } from '../../core/types';
import { splitPlain } from '../../text/split';
import { DISCORD_EMBED_LIMITS } from './embeds';
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

/**
 * Greedy: each part takes atoms while the result still renders to one message. Fit only
 * gets harder as atoms are added (more embeds, more text, heading room once a group
 * appears), so a part first tries a message's worth of atoms at once (Discord's embed cap)
 * and, when that fits, goes on one at a time from there: the same parts as adding one by
 * one, with two renders per part instead of one per atom (planning renders thousands).
 */
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
  const fits = (part: Atom[]) => renderReply(make(part, parts.length === 0)).length === 1;
  const atoms = atomsOf(reply.blocks);
  const parts: Reply[] = [];
  let current: Atom[] = [];
  for (let i = 0; i < atoms.length; i++) {
    if (current.length === 0) {
      // A new part: a message's worth at once, when that fits; else the first atom, fitting or not (it gets cut).
      const end = Math.min(atoms.length, i + DISCORD_EMBED_LIMITS.embedsPerMessage);
      let jump: Atom[] = [];
      for (let j = i; j < end; j++) jump = append(jump, atoms[j]!);
      if (end - i > 1 && fits(jump)) {
        current = jump;
        i = end - 1;
      } else current = append([], atoms[i]!);
      continue;
    }
    const candidate = append(current, atoms[i]!);
    if (fits(candidate)) {
      current = candidate;
      continue;
    }
    parts.push(make(current, parts.length === 0));
    current = [];
    i--;
  }
  if (current.length || parts.length === 0) parts.push(make(current, parts.length === 0));
  return parts;
}
