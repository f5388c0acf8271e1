// Whether an article is about a watch's query: pure, over the article's own text, with the
// search layer's query planning (words, Chinese phrases, glossary translations both ways,
// Traditional folded into Simplified). The rule, as /help and the README state it:
//
//   every part of the query (a word, a Chinese phrase, or one of its glossary translations)
//   appears in the title or the lead (the first 240 characters of the text), or
//   every part appears at least `minMentions` times (default 3) in the whole article.
//
// Words match whole (an English plural `s`/`es` allowed), never inside a longer word and
// never with typos; Chinese must appear as written. A word the article mentions once in
// passing deep in its text does not match.
import type { Glossary } from '../search/glossary';
import { normalizeForMatch } from '../search/normalize';
import { planForms, type UnitForms } from '../search/plan-forms';

export interface MatchRule {
  /** How often every part of the query must appear in the whole article when not in its title or lead. */
  minMentions: number;
  /** How much of the text, from its start, counts as the lead. */
  leadChars: number;
}

export const DEFAULT_MATCH_RULE: MatchRule = { minMentions: 3, leadChars: 240 };

export interface CompiledWatch {
  units: UnitForms[];
  /** A topic id the article must have; null: any topic. */
  topic: string | null;
}

/** Plans a watch's query once; no units means nothing in it can be searched for. */
export function compileWatch(query: string, topic: string | null, glossary: Glossary): CompiledWatch {
  return { units: planForms(query, glossary), topic };
}

const isAsciiAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 97 && c <= 122);
const ASCII_WORD_RE = /^[a-z0-9]+$/;

/**
 * One field of an article in match form, with phrase counts memoised: many watches share
 * phrases (`lora`), and each distinct phrase costs at most one pass over the field.
 */
export class FieldText {
  private words: Map<string, number> | null = null;
  private readonly memo = new Map<string, number>();

  constructor(readonly text: string) {}

  /** Occurrences of `phrase` at word boundaries; a final English plural `s`/`es` also counts. */
  count(phrase: string): number {
    let n = this.memo.get(phrase);
    if (n === undefined) {
      n = ASCII_WORD_RE.test(phrase) ? this.wordCount(phrase) : this.scan(phrase);
      this.memo.set(phrase, n);
    }
    return n;
  }

  /** A one-word phrase: a lookup in the field's ASCII word counts (one pass, built once). */
  private wordCount(word: string): number {
    if (!this.words) {
      this.words = new Map();
      for (const w of this.text.match(/[a-z0-9]+/g) ?? []) this.words.set(w, (this.words.get(w) ?? 0) + 1);
    }
    return (this.words.get(word) ?? 0) + (this.words.get(word + 's') ?? 0) + (this.words.get(word + 'es') ?? 0);
  }

  private scan(phrase: string): number {
    const text = this.text;
    const checkStart = isAsciiAlnum(phrase.charCodeAt(0));
    const checkEnd = isAsciiAlnum(phrase.charCodeAt(phrase.length - 1));
    let n = 0;
    for (let at = text.indexOf(phrase); at >= 0;) {
      let end = at + phrase.length;
      let ok = !(checkStart && at > 0 && isAsciiAlnum(text.charCodeAt(at - 1)));
      if (ok && checkEnd) {
        if (text.startsWith('es', end) && !isAsciiAlnum(text.charCodeAt(end + 2))) end += 2;
        else if (text.charCodeAt(end) === 115 /* s */ && !isAsciiAlnum(text.charCodeAt(end + 1))) end += 1;
        ok = !isAsciiAlnum(text.charCodeAt(end));
      }
      if (ok) n++;
      at = text.indexOf(phrase, ok ? end : at + 1);
    }
    return n;
  }
}

/** An article prepared once for every watch it is checked against. */
export interface ArticleText {
  title: FieldText;
  lead: FieldText;
  /** The whole text (the title is counted separately). */
  body: FieldText;
  topics: readonly string[];
}

export function articleText(
  a: { title: string; summary: string; topics: readonly string[] },
  rule: MatchRule = DEFAULT_MATCH_RULE,
): ArticleText {
  return {
    title: new FieldText(normalizeForMatch(a.title)),
    lead: new FieldText(normalizeForMatch(a.summary.slice(0, rule.leadChars))),
    body: new FieldText(normalizeForMatch(a.summary)),
    topics: a.topics,
  };
}

/** Why an article matched: its title or lead names the query, or its text keeps coming back to it. */
export type MatchKind = 'headline' | 'text';

export function matchWatch(w: CompiledWatch, a: ArticleText, rule: MatchRule = DEFAULT_MATCH_RULE): MatchKind | null {
  if (!w.units.length) return null;
  if (w.topic && !a.topics.includes(w.topic)) return null;
  const inHead = (p: string) => a.title.count(p) > 0 || a.lead.count(p) > 0;
  if (w.units.every((u) => u.alternatives.some((alt) => alt.every(inHead)))) return 'headline';
  const mentions = (p: string) => a.title.count(p) + a.body.count(p);
  const often = (alt: string[]) => alt.every((p) => mentions(p) >= rule.minMentions);
  return w.units.every((u) => u.alternatives.some(often)) ? 'text' : null;
}
