// Makes feed text safe to show on Discord: no live mentions, no accidental markdown.
// allowed_mentions already stops pings; breaking the syntax as well keeps clients from
// rendering `@everyone` or role pills out of an article's text.

const ZWSP = '\u200b';

/** Breaks `@everyone`, `@here`, `<@id>`, `<@!id>`, `<@&role>` and `<#channel>` with a zero-width space. */
export function neutraliseMentions(text: string): string {
  return text.replace(/@(?=everyone|here)/gi, `@${ZWSP}`).replace(/<([@#])/g, `<$1${ZWSP}`);
}

// Inline markup characters; a backslash before any punctuation hides it on Discord.
const INLINE = /[\\*_~`|[\]<>]/g;
// Headings, quotes and list markers only mean something at the start of a line.
const LINE_START = /^(\s*)(#{1,3}|-#|[-+])(?=\s)/gm;
// Digits cannot be escaped on Discord, so a numbered line escapes its dot instead.
const NUMBERED = /^(\s*\d+)\.(?=\s)/gm;
const URL_RUN = /(https?:\/\/[^\s<>]+)/;

/**
 * Plain text → Discord markdown that shows the same characters. URLs are left alone so they
 * still link (a backslash inside one would become part of the link).
 */
export function escapeMarkdown(text: string): string {
  return neutraliseMentions(text)
    .split(URL_RUN)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(INLINE, '\\$&')))
    .join('')
    .replace(LINE_START, '$1\\$2')
    .replace(NUMBERED, '$1\\.');
}

/** An http(s) URL Discord will accept as an embed or button link; anything else is dropped. */
export function safeUrl(raw: string | undefined): string | undefined {
  if (!raw || /\s/.test(raw)) return undefined;
  try {
    const u = new URL(raw);
    const ok = (u.protocol === 'http:' || u.protocol === 'https:') && u.href.length <= 2048;
    return ok ? u.href : undefined;
  } catch {
    return undefined;
  }
}
