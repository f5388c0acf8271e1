// Deriving a readable title for entries that have none (page snapshots are just excerpts).
// The excerpts start with the article's heading, often after a generic section heading
// such as 背景 or Overview; we peel those off and keep the heading that names the subject.
import { normalizeWhitespace, stripPlaceholders } from './normalize';

const MAX_TITLE = 48;
const MIN_CLAUSE = 10;
/**
 * How much of an excerpt a title is derived from. A title is its first clause or heading, cut
 * to MAX_TITLE characters; 8 KB leaves room for a long run of generic headings and decoration
 * before it, and keeps deriving a title from a 1 MB article as cheap as from a short one.
 */
export const TITLE_WINDOW = 8192;

/** Section headings that say nothing about the subject when they open an excerpt. */
const GENERIC_HEADINGS = [
  '引言与背景',
  '背景介绍',
  '研究背景',
  '背景',
  '引言',
  '前言',
  '概述',
  '简介',
  '摘要',
  '导读',
  '介绍',
  '推导',
  '基础概念',
  '基本概念',
  '相同点',
  '不同点',
  '总结',
  '动机',
  '问题',
  '原理',
  '网络整体介绍',
  '整体介绍',
  'Quick Start',
  'Overview',
  'Introduction',
  'Background',
  'Abstract',
  'Summary',
  'Motivation',
  'TL;DR',
  'TLDR',
];

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const CLAUSE_END = new Set(['。', '！', '？', '!', '?', '：', ':', '；', ';', '，', ',', '、']);
const OPENERS: Record<string, string> = { '(': ')', '（': '）', '[': ']', '【': '】', '《': '》', '“': '”' };

/** Leading emoji, bullets and list numbers ("💡 ", "1. ", "一、") are decoration, not title. */
function stripDecoration(text: string): string {
  return text
    .replace(/^[\p{Extended_Pictographic}\p{Emoji_Component}\u200d\ufe0f\s*•·\-–—#>]+/u, (m) => (/[0-9]/.test(m) ? m : ''))
    .replace(/^(?:\d{1,2}[.、)]|[一二三四五六七八九十]+、)\s*/u, '')
    .trim();
}

const GENERIC_LOWER = GENERIC_HEADINGS.map((h) => h.toLowerCase());
const GENERIC_SET = new Set(GENERIC_LOWER);

/**
 * Generic headings peeled off the front, as many as there are. Each check looks at just the
 * characters a heading could span, so a text of nothing but "Overview Overview …" costs time
 * proportional to its length, not to its length times the number of headings.
 */
function stripGenericHeading(text: string): string {
  let at = 0;
  for (let changed = true; changed;) {
    changed = false;
    for (const h of GENERIC_LOWER) {
      const end = at + h.length + 1;
      if (text.length > end && text.slice(at, end).toLowerCase() === h + ' ') {
        at = end;
        while (at < text.length && /\s/.test(text[at]!)) at++;
        changed = true;
      }
    }
  }
  return text.slice(at);
}

/** The first `max` code units of `text`, cut back to a space so no word is halved (unless it is one huge word). */
function leadingWindow(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  if (/[\ud800-\udbff]/.test(text[end - 1]!)) end--;
  const space = text.lastIndexOf(' ', end);
  return text.slice(0, space > max / 2 ? space : end);
}

/** Text up to the first clause-ending punctuation that is not inside brackets. */
function firstClause(text: string, from = 0): { clause: string; end: number } {
  const stack: string[] = [];
  for (let i = from; i < text.length; i++) {
    const ch = text[i]!;
    if (OPENERS[ch]) stack.push(OPENERS[ch]!);
    else if (stack.length && ch === stack[stack.length - 1]) stack.pop();
    else if (!stack.length && CLAUSE_END.has(ch)) {
      // "2021.1" or "nn.functional" are not clause ends; only the listed marks are.
      return { clause: text.slice(from, i).trim(), end: i };
    }
  }
  return { clause: text.slice(from).trim(), end: text.length };
}

/** Splits on spaces that are not inside brackets, so "(spatial pyramid pooling layer)" stays whole. */
function tokens(clause: string): string[] {
  const out: string[] = [];
  let cur = '';
  const stack: string[] = [];
  for (const ch of clause) {
    if (OPENERS[ch]) stack.push(OPENERS[ch]!);
    else if (stack.length && ch === stack[stack.length - 1]) stack.pop();
    if (ch === ' ' && !stack.length) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

const BRACKET_OPEN = /[(（\[【《]/g;
const BRACKET_CLOSE = /[)）\]】》]/g;

/**
 * The token without its bracketed parts ("CNN(卷积)" → "CNN"): each opener up to the next closer.
 * Hand-written because the regular expression for it backtracks quadratically over a run of
 * openers that are never closed; this visits each character at most twice.
 */
function outsideBrackets(t: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    BRACKET_OPEN.lastIndex = at;
    const open = BRACKET_OPEN.exec(t);
    if (!open) return out + t.slice(at);
    BRACKET_CLOSE.lastIndex = open.index + 1;
    const close = BRACKET_CLOSE.exec(t);
    // No closer after this opener means none after any later one either: the rest stays.
    if (!close) return out + t.slice(at);
    out += t.slice(at, open.index);
    at = close.index + 1;
  }
}
const bare = (t: string) => t.replace(/[^\p{L}\p{N}]+/gu, '').toLowerCase();

/** The heading inside a clause: the words before the subject is restated or the prose starts. */
function headingOf(clause: string): string {
  const toks = tokens(clause);
  if (toks.length <= 1) return clause;
  // "Segment Anything Segment Anything(SA)…", "SPP (…) SPP applies…", "TFRecord TFRecord 是…":
  // a heading followed by itself is the clearest signal of where the heading ends.
  for (let n = 1; n <= Math.min(4, Math.floor(toks.length / 2)); n++) {
    const head = toks.slice(0, n).map(bare).join(' ');
    for (let start = n; start <= Math.min(toks.length - 1, n + 3); start++) {
      const next = toks
        .slice(start, start + n)
        .map(bare)
        .join(' ');
      if (head && next.startsWith(head)) return toks.slice(0, start).join(' ');
    }
  }
  const first = toks[0]!;
  const picked = [first];
  let sofar = first.toLowerCase();
  for (let i = 1; i < toks.length; i++) {
    // Past twice MAX_TITLE code units the heading is longer than any title it can become, and
    // clip() keeps only its start: more words change nothing but the cost.
    if (sofar.length > 2 * MAX_TITLE) break;
    const t = toks[i]!;
    const lead = /^[A-Za-z][\w./-]*/.exec(t)?.[0];
    // The heading goes on while words are Latin ("空洞卷积 Dilated/Atrous Convolution") and
    // stops where prose starts (a CJK word) or the subject is restated ("SD模型原理 SD是…").
    if (!lead || GENERIC_SET.has(t.toLowerCase())) break;
    if (sofar.includes(lead.toLowerCase())) break;
    picked.push(t);
    sofar += ' ' + t.toLowerCase();
    if (CJK.test(outsideBrackets(t))) break;
  }
  const heading = picked.join(' ');
  // A lone Latin word ("SENet", "DDPM") is too bare; the clause reads better.
  if (picked.length === 1 && !CJK.test(first) && [...clause].length <= MAX_TITLE) return clause;
  return heading;
}

function clip(title: string): string {
  const chars = [...title];
  if (chars.length <= MAX_TITLE) return title;
  return (
    chars
      .slice(0, MAX_TITLE - 1)
      .join('')
      .trimEnd() + '…'
  );
}

/** A meaningful title for an untitled excerpt. */
export function deriveTitle(rawText: string): string {
  const head = leadingWindow(rawText, TITLE_WINDOW);
  const text = stripGenericHeading(stripDecoration(stripPlaceholders(head)));
  if (!text) return clip(normalizeWhitespace(head)) || '(untitled)';
  const first = firstClause(text);
  let clause = first.clause;
  let end = first.end;
  // "词向量," or "PyTorch中," alone say too little: take the next clause with it.
  while ([...clause].length < MIN_CLAUSE && end < text.length) {
    end = firstClause(text, end + 1).end;
    clause = text.slice(0, end).trim();
  }
  const title = clause === first.clause ? headingOf(clause) : clause;
  return clip(title.replace(/[\s:：,，;；]+$/u, '')) || '(untitled)';
}

/**
 * Two excerpts that open the same way (the LoRA and Adapter-tuning articles share a long
 * preamble) derive the same title; add what first tells them apart, so a list shows two
 * different articles rather than one twice.
 */
export function distinguishTitle(title: string, text: string, otherText: string): string {
  let i = 0;
  const shared = Math.min(text.length, otherText.length);
  while (i < shared && text.charCodeAt(i) === otherText.charCodeAt(i)) i++;
  // Back up to the start of the Latin word where they diverge ("…昂贵。LoRA" vs "…昂贵。Adapter");
  // CJK text has no word boundaries, so a character is already a fine place to start.
  let start = i;
  while (start > 0 && /[A-Za-z0-9_.-]/.test(text[start - 1]!)) start--;
  const rest = text.slice(start, start + TITLE_WINDOW).trim();
  if (!rest) return title;
  const suffix = [...deriveTitle(rest)].slice(0, 20).join('');
  // The suffix is what tells the twins apart, so the base gives way: a base already MAX_TITLE
  // long would otherwise push the whole suffix past the clip and leave the twins alike.
  const base = [...title.replace(/…$/, '')];
  const room = MAX_TITLE - 3 - [...suffix].length;
  const head =
    base.length <= room
      ? base.join('')
      : base
          .slice(0, Math.max(1, room - 1))
          .join('')
          .trimEnd() + '…';
  return clip(`${head} · ${suffix}`);
}
