// Reply → Discord message bodies. Pure: the adapter decides how each body is delivered
// (reply, editReply, update, channel.send). Title and leading text become the message
// content; articles become one embed each; everything stays within Discord's limits,
// spilling into further messages when one is not enough. No body can ping anyone.
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponentWithCustomId, type APIEmbed } from 'discord.js';
import type { ArticleView, Block, Locale, Reply } from '../../core/types';
import { splitEntries, splitPlain } from '../../text/split';
import { truncateToMeasure } from '../../text/measure';
import { DISCORD_EMBED_LIMITS, packEmbeds } from './embeds';
import { escapeMarkdown, neutraliseMentions, safeUrl } from './markdown';
import { encodePageId, inertPageId } from './page-id';

export const CONTENT_MAX = 2000;
const TITLE_MAX = DISCORD_EMBED_LIMITS.titleMax;
const DESCRIPTION_MAX = DISCORD_EMBED_LIMITS.descriptionMax;
/** Group headings go in the embed author line; kept short so a message can reserve room for ten. */
const HEADING_MAX = 64;
/** Raw text per description chunk: escaping at most doubles it, so it stays under 4096. */
const RAW_CHUNK = 2000;
/** Leaves room for the meta line under an escaped snippet. */
const SNIPPET_MAX = 1800;

export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponentWithCustomId>[];
  /** Always empty: feed text must never ping. */
  allowedMentions: { parse: [] };
  /** Only the caller sees it; the adapter turns this into MessageFlags.Ephemeral. */
  ephemeral: boolean;
}

export interface RenderOptions {
  /** Pagination buttons are drawn only with a token to put in them. */
  page?: { token: string; locale: Locale };
}

const COLORS: Record<NonNullable<Reply['kind']>, number> = {
  info: 0x5865f2,
  list: 0x5865f2,
  digest: 0x2b88d8,
  error: 0xed4245,
};

/** An embed before packing; `group` is the heading of the article block it came from. */
interface EmbedItem {
  title: string;
  description: string;
  url?: string;
  group?: string;
  firstOfGroup?: boolean;
}

function styled(text: string, style: 'plain' | 'heading' | 'muted' | undefined): string {
  const escaped = escapeMarkdown(text);
  if (!escaped.trim()) return '';
  return style === 'heading' ? `**${escaped}**` : style === 'muted' ? `*${escaped}*` : escaped;
}

/**
 * Text embeds already made: splitting a digest renders its text blocks (the "and N more"
 * line) once per article it tries, and a planner renders the same lines in many digests.
 * Bounded: short texts only, cleared when full. The items are never mutated (packEmbeds copies them).
 */
const textMemo = new Map<string, readonly EmbedItem[]>();
const TEXT_MEMO_MAX = 2000;

function textEmbeds(text: string, style?: 'plain' | 'heading' | 'muted'): readonly EmbedItem[] {
  // Only short texts are kept: long ones are rare and would make the memo large.
  const key = text.length <= RAW_CHUNK ? `${style ?? ''}\u0000${text}` : undefined;
  let items = key === undefined ? undefined : textMemo.get(key);
  if (!items) {
    items = splitPlain(text, RAW_CHUNK)
      .map((chunk) => styled(chunk, style))
      .filter(Boolean)
      .map((description) => ({ title: '', description }));
    if (key !== undefined) {
      if (textMemo.size >= TEXT_MEMO_MAX) textMemo.clear();
      textMemo.set(key, items);
    }
  }
  return items;
}

function fieldEmbeds(items: { label: string; value: string }[]): EmbedItem[] {
  const lines = items.map((f) => {
    const label = `**${escapeMarkdown(truncateToMeasure(f.label, 200))}**`;
    const value = escapeMarkdown(truncateToMeasure(f.value, 1000));
    return value ? `${label} — ${value}` : label;
  });
  return splitEntries(lines, { limit: DESCRIPTION_MAX, separator: '\n', format: 'plain' }).map((description) => ({
    title: '',
    description,
  }));
}

/**
 * Embeds already made, per view and number. Splitting a digest renders it once per article
 * it tries to add, and a planner shows one view in many digests: views are immutable, so
 * the escaping is done once per view.
 */
const embedMemo = new WeakMap<ArticleView, Map<number, EmbedItem>>();

function articleEmbed(a: ArticleView, n: number): EmbedItem {
  let byNumber = embedMemo.get(a);
  if (!byNumber) embedMemo.set(a, (byNumber = new Map<number, EmbedItem>()));
  let e = byNumber.get(n);
  if (!e) byNumber.set(n, (e = makeArticleEmbed(a, n)));
  return e;
}

function makeArticleEmbed(a: ArticleView, n: number): EmbedItem {
  const meta = [a.topics.join(', '), a.date].filter(Boolean).join(' · ');
  const description = [
    escapeMarkdown(truncateToMeasure(a.snippet, SNIPPET_MAX)),
    meta ? `*${escapeMarkdown(truncateToMeasure(meta, 200))}*` : '',
    a.note ? escapeMarkdown(truncateToMeasure(a.note, 200)) : '',
  ]
    .filter(Boolean)
    .join('\n');
  const url = safeUrl(a.url);
  return { title: truncateToMeasure(`${n}. ${escapeMarkdown(a.title)}`, TITLE_MAX), description, ...(url ? { url } : {}) };
}

function blockEmbeds(b: Block): readonly EmbedItem[] {
  switch (b.kind) {
    case 'text':
      return textEmbeds(b.text, b.style);
    case 'fields':
      return fieldEmbeds(b.items);
    case 'articles': {
      const start = b.startIndex ?? 1;
      const group = b.heading ? truncateToMeasure(neutraliseMentions(b.heading), HEADING_MAX) : undefined;
      return b.items.map((a, i) => {
        const e = articleEmbed(a, start + i);
        return group ? { title: e.title, description: e.description, url: e.url, group, firstOfGroup: i === 0 } : e;
      });
    }
  }
}

function pageButtons(reply: Reply, opts: RenderOptions): APIActionRowComponent<APIButtonComponentWithCustomId>[] {
  const p = reply.pagination;
  if (!p || p.pages <= 1 || !opts.page) return [];
  const { token, locale } = opts.page;
  const button = (label: string, customId: string, disabled: boolean): APIButtonComponentWithCustomId => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label,
    custom_id: customId,
    disabled,
  });
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        button('◀', p.page > 1 ? encodePageId({ token, page: p.page - 1, locale }) : inertPageId(token, 'prev'), p.page <= 1),
        button(`${p.page}/${p.pages}`, inertPageId(token, 'label'), true),
        button('▶', p.page < p.pages ? encodePageId({ token, page: p.page + 1, locale }) : inertPageId(token, 'next'), p.page >= p.pages),
      ],
    },
  ];
}

/** Renders a reply as one or more message bodies, each within Discord's limits. */
export function renderReply(reply: Reply, opts: RenderOptions = {}): DiscordMessage[] {
  const leadEnd = reply.blocks.findIndex((b) => b.kind !== 'text');
  const lead = (leadEnd < 0 ? reply.blocks : reply.blocks.slice(0, leadEnd)) as Extract<Block, { kind: 'text' }>[];
  const rest = leadEnd < 0 ? [] : reply.blocks.slice(leadEnd);

  const title = reply.title ? `**${escapeMarkdown(truncateToMeasure(reply.title, TITLE_MAX))}**` : '';
  let content = [title, ...lead.map((b) => styled(b.text, b.style))].filter(Boolean).join('\n\n');
  const items: EmbedItem[] = [];
  if (content.length > CONTENT_MAX) {
    // Too long for the content line: keep the title there and move the text into embeds.
    content = title;
    for (const b of lead) items.push(...textEmbeds(b.text, b.style));
  }
  for (const b of rest) items.push(...blockEmbeds(b));

  const reserve = items.some((e) => e.group) ? HEADING_MAX * DISCORD_EMBED_LIMITS.embedsPerMessage : 0;
  const packed = items.length ? packEmbeds(items, { perMessageTotal: DISCORD_EMBED_LIMITS.perMessageTotal - reserve }) : [[]];
  const color = COLORS[reply.kind ?? 'info'];
  const messages = packed.map((group, m): DiscordMessage => ({
    ...(m === 0 && content ? { content } : {}),
    embeds: group.map((e, i) => {
      // Assigned one by one rather than spread: splitting renders each digest many times.
      const embed: APIEmbed = {};
      if (e.title) embed.title = e.title;
      if (e.description) embed.description = e.description;
      if (e.url) embed.url = e.url;
      // A group continued from the previous message repeats its heading.
      if (e.group && (e.firstOfGroup || i === 0)) embed.author = { name: e.group };
      embed.color = color;
      return embed;
    }),
    components: m === 0 ? pageButtons(reply, opts) : [],
    allowedMentions: { parse: [] },
    ephemeral: reply.ephemeral === true,
  }));
  // Discord refuses an empty message; a reply with nothing in it still gets an answer.
  if (!messages[0]!.content && messages[0]!.embeds.length === 0) messages[0]!.content = '…';
  return messages;
}
