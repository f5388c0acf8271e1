// Packing article lists into Discord embeds and cutting text to a measured length,
// without breaking a grapheme cluster.
import { leadingGraphemes } from '../text/graphemes';
import { utf16Length, type Measure } from './split';

export interface EmbedLimits {
  titleMax: number;
  descriptionMax: number;
  /** Sum of all embeds' titles and descriptions in one message. */
  perMessageTotal: number;
  embedsPerMessage: number;
}

export const DISCORD_EMBED_LIMITS: Readonly<EmbedLimits> = {
  titleMax: 256,
  descriptionMax: 4096,
  perMessageTotal: 6000,
  embedsPerMessage: 10,
};

/**
 * Groups embeds into messages (≤ `embedsPerMessage` each, titles plus descriptions
 * ≤ `perMessageTotal`), in order, after cutting over-long titles and descriptions
 * with `…`. Other fields of the items are carried through but not counted, so leave
 * room in `perMessageTotal` if you add footers or authors.
 */
export function packEmbeds<T extends { title: string; description: string }>(
  items: readonly T[],
  limits: Partial<EmbedLimits> = {},
  measure: Measure = utf16Length,
): T[][] {
  const lim = { ...DISCORD_EMBED_LIMITS, ...limits };
  const messages: T[][] = [];
  let current: T[] = [];
  let total = 0;
  for (const item of items) {
    const title = truncateToMeasure(item.title, Math.min(lim.titleMax, lim.perMessageTotal), measure);
    const titleSize = measure(title);
    const description = truncateToMeasure(item.description, Math.min(lim.descriptionMax, lim.perMessageTotal - titleSize), measure);
    const size = titleSize + measure(description);
    if (current.length > 0 && (current.length >= lim.embedsPerMessage || total + size > lim.perMessageTotal)) {
      messages.push(current);
      current = [];
      total = 0;
    }
    current.push({ ...item, title, description });
    total += size;
  }
  if (current.length > 0) messages.push(current);
  return messages;
}

/** `text` cut on a grapheme boundary and ended with `…` so that its measure is ≤ `max`. */
export function truncateToMeasure(text: string, max: number, measure: Measure = utf16Length, ellipsis = '…'): string {
  if (measure(text) <= max) return text;
  const room = max - measure(ellipsis);
  if (room < 0) return '';
  // Every cluster measures at least 1, so `room` clusters is as many as could fit.
  const { clusters } = leadingGraphemes(text, room);
  let out = '';
  let used = 0;
  for (const g of clusters) {
    const m = measure(g);
    if (used + m > room) break;
    out += g;
    used += m;
  }
  return out + ellipsis;
}
