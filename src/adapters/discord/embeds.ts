// Packing article lists into Discord embeds: Discord's per-embed and per-message limits.
import { truncateToMeasure, utf16Length, type Measure } from '../../text/measure';

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
