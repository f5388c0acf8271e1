// The body of one realistic-profile article, as HTML a feed would ship in
// RSS content:encoded or JSON Feed content_html: a lead paragraph, then
// headings, paragraphs in Chinese, English or both, code blocks and display
// formulas, until the visible text reaches the drawn length. A planted
// body-deep sentence (deep.ts) goes in as its own paragraph at its depth.
import type { DeepPlant } from './deep';
import type { Rng } from './rng';
import { BODY_TEMPLATES, LEAD_TEMPLATES, type Subject } from './vocabulary';
import { CODE_BLOCKS, EN_SENTENCES, FORMULAS, HEADINGS, INLINE_FORMULAS, ZH_SENTENCES } from './vocabulary-long';

export type Fill = (template: string, rng: Rng, a: Subject, b: Subject, n: number) => string;

/** Characters past which a planted sentence always sits: beyond any lead an index might keep. */
export const MIN_DEEP_CHARS = 600;

const HAN = /[\u3400-\u9fff]/;
const ZH_BODY = BODY_TEMPLATES.filter((t) => HAN.test(t));
const EN_BODY = BODY_TEMPLATES.filter((t) => !HAN.test(t));

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
export const escapeHtml = (s: string): string => (/[&<>]/.test(s) ? s.replace(/[&<>]/g, (c) => ESCAPES[c]!) : s);

/** Visible characters of a block once tags are gone and whitespace collapsed, plus the separating space. */
const visible = (text: string): number => text.replace(/\s+/g, ' ').trim().length + 1;

interface Ctx {
  rng: Rng;
  a: Subject;
  b: Subject;
  fill: Fill;
  sentences: readonly string[];
}

function zhSentence(c: Ctx): string {
  const r = c.rng.next();
  if (r < 0.5) return c.rng.pick(c.sentences);
  return c.fill(c.rng.pick(r < 0.75 ? ZH_SENTENCES : ZH_BODY), c.rng, c.a, c.b, c.rng.int(2, 99));
}

function enSentence(c: Ctx): string {
  const s = c.fill(c.rng.pick(c.rng.chance(0.7) ? EN_SENTENCES : EN_BODY), c.rng, c.a, c.b, c.rng.int(2, 99));
  // Now and then an inline formula, as MathJax-rendered posts carry them in running text.
  return c.rng.chance(0.1) ? `${s.slice(0, -1)}, with ${c.rng.pick(INLINE_FORMULAS)}.` : s;
}

/** A paragraph of 2–6 sentences: mostly Chinese, some English, some both. */
function paragraph(c: Ctx): string {
  const r = c.rng.next();
  const lang = r < 0.55 ? 'zh' : r < 0.85 ? 'en' : 'mixed';
  const parts: string[] = [];
  for (let k = c.rng.int(2, 6); k > 0; k--) {
    const zh = lang === 'zh' || (lang === 'mixed' && c.rng.chance(0.5));
    parts.push(zh ? zhSentence(c) : enSentence(c));
  }
  let out = parts[0]!;
  for (let k = 1; k < parts.length; k++) out += (/[\u3400-\u9fff。,!?;:)]$/u.test(out) ? '' : ' ') + parts[k];
  return out;
}

/** Cuts plain text to at most `max` characters (UTF-16 units; the corpus has no astral characters). */
const cut = (text: string, max: number): string => (text.length <= max ? text : text.slice(0, Math.max(1, max)));

/**
 * The article body for `target` visible characters. Returns the HTML and
 * the visible length it will have once a reader strips the markup.
 */
export function longBody(c: Ctx, target: number, plant?: DeepPlant): { html: string; chars: number } {
  const html: string[] = [];
  let chars = 0;
  const push = (h: string, len: number) => {
    html.push(h);
    chars += len;
  };
  const lead = c.fill(c.rng.pick(LEAD_TEMPLATES), c.rng, c.a, c.b, c.rng.int(2, 99));
  push(`<p>${escapeHtml(lead)}</p>`, visible(lead));
  const plantAt = plant ? Math.max(MIN_DEEP_CHARS, Math.min(target - 80, Math.round(plant.at * target))) : Infinity;
  let planted = !plant;
  while (chars < target) {
    if (!planted && chars >= plantAt) {
      push(`<p>${escapeHtml(plant!.sentence)}</p>`, visible(plant!.sentence));
      planted = true;
      continue;
    }
    const room = Math.min(target, planted ? target : plantAt) - chars;
    const r = c.rng.next();
    if (r < 0.07) {
      const h = c.rng.pick(HEADINGS);
      if (visible(h) <= room) push(`<h2>${h}</h2>`, visible(h));
    } else if (r < 0.16) {
      const code = c.fill(c.rng.pick(CODE_BLOCKS), c.rng, c.a, c.b, c.rng.int(2, 300));
      if (visible(code) <= room) push(`<pre><code class="language-python">${escapeHtml(code)}</code></pre>`, visible(code));
    } else if (r < 0.22) {
      const f = c.rng.pick(FORMULAS);
      if (visible(f) <= room) push(`<p>${escapeHtml(f)}</p>`, visible(f));
    } else {
      // The last paragraph before the end (or the plant) is cut to fit: lengths land on target.
      const p = cut(paragraph(c), room - 1);
      push(c.rng.chance(0.05) ? `<blockquote><p>${escapeHtml(p)}</p></blockquote>` : `<p>${escapeHtml(p)}</p>`, visible(p));
    }
  }
  if (!planted) push(`<p>${escapeHtml(plant!.sentence)}</p>`, visible(plant!.sentence));
  return { html: html.join('\n'), chars };
}
